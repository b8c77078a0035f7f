"""Case template: a large daily's older article template.

``og:type=article``, ``itemprop`` publish and modify dates (no JSON-LD), up to
seven body paragraphs in two blocks with an ad block between the third and the
fourth, and reader comments below in the same wrapper: each with the reader's
name linked to a profile, which makes the wrapper look like a list of cards to
a naive "is it a listing?" check.
"""

# ruff: noqa: E501  (long lines are Bengali text and HTML markup)

from __future__ import annotations

from dataclasses import replace

from newscrawler.samplesite import bank
from newscrawler.samplesite.bangla import day_month_year, iso, time_ampm
from newscrawler.samplesite.model import Story
from newscrawler.samplesite.render import Ctx, esc

NAME = "দৈনিক সংবাদপ্রবাহ"
PARAGRAPHS = 7
COMMENTS = (
    "খুবই গুরুত্বপূর্ণ একটি প্রতিবেদন। কর্তৃপক্ষের দ্রুত ব্যবস্থা নেওয়া উচিত।",
    "আমাদের এলাকাতেও একই সমস্যা, কেউ দেখার নেই।",
    "প্রতিবেদককে ধন্যবাদ, বিষয়টি তুলে ধরার জন্য।",
    "এ ধরনের খবর আরও বেশি প্রকাশ করা দরকার।",
)


def path(story: Story) -> str:
    return f"/cases/olddaily/{story.section}/{story.published:%Y/%m/%d}/{story.id}"


def shape(story: Story) -> Story:
    """At most seven paragraphs."""
    return replace(story, paragraphs=story.paragraphs[:PARAGRAPHS])


def render(ctx: Ctx, story: Story) -> str:
    url = ctx.url(path(story))
    first = "".join(f"<p>{esc(p)}</p>" for p in story.paragraphs[:3])
    rest = "".join(f"<p>{esc(p)}</p>" for p in story.paragraphs[3:])
    modified = (
        f'<meta itemprop="dateModified" content="{iso(story.updated)}" />' if story.updated else ""
    )
    comments = "".join(
        f'<div class="pm-item"><a href="{ctx.url("/cases/")}?reader={i}" class="pm-name">{esc(bank.REPORTER_NAMES[-1 - i])}</a>'
        f'<span class="pm-time">{day_month_year(story.published)}</span><p>{esc(text)}</p></div>'
        for i, text in enumerate(COMMENTS)
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(story.title)} | {NAME}</title>
<meta property="og:type" content="article" />
<meta property="og:title" content="{esc(story.title)}" />
<meta property="og:url" content="{url}" />
<meta property="og:site_name" content="{NAME}" />
</head>
<body>
<div id="top-bar">{day_month_year(ctx.site.clock)} | <a href="{ctx.url("/cases/")}">প্রচ্ছদ</a> <a href="{ctx.url("/cases/")}">জাতীয়</a> <a href="{ctx.url("/cases/")}">রাজনীতি</a></div>
<table width="100%"><tr><td class="main-col">
<div class="news-area" itemscope itemtype="http://schema.org/NewsArticle">
<meta itemprop="datePublished" content="{iso(story.published)}" />
{modified}
<div class="cat-name">{esc(story.topic.label)}</div>
<h1 itemprop="headline">{esc(story.title)}</h1>
<div class="rpt-name">{esc(story.byline)}</div>
<div class="news-time">প্রকাশিত: {time_ampm(story.published)}, {day_month_year(story.published)}</div>
<div class="news-details">{first}</div>
<div class="ad-block"><script>googletag.cmd.push(function() {{ googletag.display('div-gpt-ad-1'); }});</script><span>বিজ্ঞাপন</span></div>
<div class="news-details">{rest}</div>
<div class="pathok-mot"><h3>পাঠকের মন্তব্য</h3>{comments}</div>
</div>
</td><td class="right-col"><div class="most-read"><h3>সর্বাধিক পঠিত</h3><a href="{ctx.url("/cases/")}">{esc(story.teaser)}</a></div></td></tr></table>
<div id="footer">সম্পাদক: {esc(bank.REPORTER_NAMES[2])} | {NAME}</div>
</body></html>
"""
