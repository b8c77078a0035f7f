"""Case template: a short item on a small district WordPress portal.

Two short paragraphs (about 450 characters), no JSON-LD, dated only in
``article:published_time`` and a ``<time datetime>`` whose text is relative; a sidebar of latest
headlines and a long footer carry more text than the story. Extractors that
want 500 characters refuse it as "not an article".
"""

# ruff: noqa: E501  (long lines are Bengali text and HTML markup)

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from newscrawler.samplesite import bank
from newscrawler.samplesite.bangla import digits, iso
from newscrawler.samplesite.model import Story
from newscrawler.samplesite.render import Ctx, esc

NAME = "উপজেলা বার্তা"
MAX_CHARS = 230  # per paragraph: two of them make a short item


def path(story: Story) -> str:
    when = story.published
    return f"/cases/shortwp/{when:%Y/%m/%d}/upazila-news-{story.id}/"


def shape(story: Story) -> Story:
    """Two short paragraphs (whole sentences), a desk credit, no update."""
    short = [_cut(p) for p in story.paragraphs[:2]]
    return replace(
        story, paragraphs=short, byline=story.topic.desk, authors=[story.topic.desk], updated=None
    )


def _cut(paragraph: str) -> str:
    sentences = [s for s in paragraph.split("। ") if s]
    out = sentences[0]
    for sentence in sentences[1:]:
        if len(out) + len(sentence) > MAX_CHARS:
            break
        out = f"{out}। {sentence}"
    return out if out.endswith("।") else out + "।"


def render(ctx: Ctx, story: Story) -> str:
    url = ctx.url(path(story))
    when = story.published
    body = "".join(f"<p>{esc(p)}</p>\n" for p in story.paragraphs)
    latest = "".join(
        f'<li><a href="{ctx.url("/cases/")}">{esc(t)}</a></li>' for t in _latest(story)
    )
    return f"""<!DOCTYPE html>
<html lang="bn-BD"><head><meta charset="UTF-8" />
<title>{esc(story.title)} &#8211; {NAME}</title>
<link rel="canonical" href="{url}" />
<meta property="og:locale" content="bn_BD" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{esc(story.title)} &#8211; {NAME}" />
<meta property="og:url" content="{url}" />
<meta property="og:site_name" content="{NAME}" />
<meta property="article:published_time" content="{iso(when)}" />
</head>
<body class="post-template-default single single-post postid-{story.id} single-format-standard">
<div class="site-header"><a class="site-title" href="{ctx.url("/cases/")}">{NAME}</a></div>
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{story.id}" class="post-{story.id} post type-post status-publish format-standard hentry category-{story.section}">
<header class="entry-header"><h1 class="entry-title">{esc(story.title)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{iso(when)}">{_ago(ctx, when)}</time></span>
<span class="byline">{esc(story.byline)}</span>
<span class="cat-links"><a href="{ctx.url("/cases/")}" rel="category tag">{esc(story.topic.label)}</a></span></div></header>
<div class="entry-content">
{body}</div>
</article></main></div>
<div id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">সর্বশেষ</h2><ul>{latest}</ul></section></div>
<footer class="site-footer"><p>{NAME}: উপজেলা সদর, প্রধান সড়ক। সম্পাদক ও প্রকাশক: {esc(bank.REPORTER_NAMES[1])}। এই পোর্টালে প্রকাশিত সংবাদ, ছবি ও ভিডিও অনুমতি ছাড়া ব্যবহার করা বেআইনি। যোগাযোগ: সংবাদ বিভাগ, বিজ্ঞাপন বিভাগ ও সার্কুলেশন বিভাগ সকাল দশটা থেকে সন্ধ্যা ছয়টা পর্যন্ত খোলা থাকে।</p></footer>
</body></html>
"""


def _ago(ctx: Ctx, when: datetime) -> str:
    """The theme's relative stamp (``৩ দিন আগে``), as served: the date is only in machine form."""
    days = max((ctx.site.clock - when).days, 1)
    return f"{digits(str(days))} দিন আগে"


def _latest(story: Story) -> list[str]:
    words = ("কৃষি", "শিক্ষা", "সড়ক", "বাজার", "স্বাস্থ্য", "নদী", "বিদ্যুৎ", "খেলা")
    return [
        f"{place[1]} {word} নিয়ে আলোচনা সভা অনুষ্ঠিত"
        for place, word in zip(bank.PLACES, words, strict=False)
    ]
