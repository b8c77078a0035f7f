"""Template (b): a big daily with JSON-LD, OpenGraph and an AMP copy.

Variants: 0 a flat ``NewsArticle`` with a plain-text ``articleBody``; 1 a flat
one without ``articleBody``; 2 and 3 an ``@graph`` (WebPage, NewsArticle,
BreadcrumbList) whose ``articleBody`` is HTML-escaped markup. ``<title>`` and
``og:title`` carry the site-name suffix; the header shows today's date.
"""

# ruff: noqa: E501  (long lines are Bengali text and HTML markup)

from __future__ import annotations

from typing import Any

from newscrawler.samplesite.bangla import day_month_year, iso, time24, time_ampm, weekday
from newscrawler.samplesite.model import Story
from newscrawler.samplesite.paths import amp_path, listing_path
from newscrawler.samplesite.render import (
    SITE_NAMES,
    Ctx,
    esc,
    json_script,
    nav,
    paragraphs_html,
    tag_links,
)

NAME = SITE_NAMES["daily"]


def shown(story: Story, when: Any) -> str:
    """A visible time: 24-hour clock in variants 0/2, এএম/পিএম otherwise."""
    bengali = story.style.bengali_digits
    clock = time24(when, bengali) if story.style.variant % 2 == 0 else time_ampm(when, bengali)
    return f"{day_month_year(when, bengali)}, {clock}"


def jsonld(ctx: Ctx, story: Story) -> dict[str, Any]:
    url = ctx.article_url(story)
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": story.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": iso(story.published),
        "dateModified": iso(story.updated or story.published),
        "author": [{"@type": "Person", "name": n} for n in story.authors],
        "publisher": {"@type": "Organization", "name": NAME, "url": ctx.url("/daily/")},
        "articleSection": story.topic.label,
        "keywords": ", ".join(story.tags),
        "image": {"@type": "ImageObject", "url": ctx.url(f"/media/{story.id}.jpg")},
    }
    if story.style.variant == 0:
        article["articleBody"] = "\n".join(story.paragraphs)
    if story.style.variant < 2:
        return {"@context": "https://schema.org", **article}
    article["articleBody"] = esc("".join(f"<p>{p}</p>" for p in story.paragraphs))
    crumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "প্রচ্ছদ", "item": ctx.url("/")},
            {
                "@type": "ListItem",
                "position": 2,
                "name": story.topic.label,
                "item": ctx.url(listing_path("daily", story.section)),
            },
        ],
    }
    page = {"@type": "WebPage", "@id": url, "name": f"{story.title} | {NAME}"}
    return {"@context": "https://schema.org", "@graph": [page, article, crumbs]}


def render(ctx: Ctx, story: Story, amp: bool = False) -> str:
    url = ctx.article_url(story)
    head_extra = f'<link rel="amphtml" href="{ctx.url(amp_path(story) or "")}">' if not amp else ""
    modified = (
        f'<meta property="article:modified_time" content="{iso(story.updated)}">'
        if story.updated
        else ""
    )
    updated = (
        f'<span class="updated">আপডেট: {shown(story, story.updated)}</span>'
        if story.updated
        else ""
    )
    kicker = f'<p class="kicker">{esc(story.style.shoulder)}</p>' if story.style.shoulder else ""
    today = ctx.site.clock
    return f"""<!doctype html>
<html lang="bn"{" amp" if amp else ""}>
<head>
<meta charset="utf-8">
<title>{esc(story.title)} | {NAME}</title>
<link rel="canonical" href="{url}">
{head_extra}
<meta property="og:site_name" content="{NAME}">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(story.title)} | {NAME}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{ctx.url(f"/media/{story.id}.jpg")}">
<meta property="article:published_time" content="{iso(story.published)}">
{modified}
<meta property="article:section" content="{esc(story.topic.label)}">
<meta name="keywords" content="{esc(", ".join(story.tags))}">
{json_script(jsonld(ctx, story))}
</head>
<body class="{"amp-story" if amp else "story-page"}">
<header class="masthead"><a class="logo" href="{ctx.url("/daily/")}">{NAME}</a>
<span class="today">{weekday(today)}, {day_month_year(today)}</span></header>
{nav(ctx, "daily")}
<nav class="breadcrumb"><a href="{ctx.url("/")}">প্রচ্ছদ</a> » <a href="{ctx.url(listing_path("daily", story.section))}">{esc(story.topic.label)}</a></nav>
<article class="story">
{kicker}
<h1 class="headline">{esc(story.title)}</h1>
<div class="story-meta"><span class="author">{esc(story.byline)}</span>
<time datetime="{iso(story.published)}">প্রকাশ: {shown(story, story.published)}</time>
{updated}</div>
<figure class="lead-image"><img src="{ctx.url(f"/media/{story.id}.jpg")}" alt=""><figcaption>ফাইল ছবি</figcaption></figure>
<div class="story-body">
{paragraphs_html(story.paragraphs)}
</div>
<div class="story-tags">{tag_links(ctx, story.tags)}</div>
<div class="share-buttons">শেয়ার করুন: <a href="#">ফেসবুক</a> <a href="#">এক্স</a></div>
</article>
{_related(ctx, story)}
<footer><p>{NAME} &copy; সর্বস্বত্ব সংরক্ষিত</p></footer>
</body>
</html>
"""


def _related(ctx: Ctx, story: Story) -> str:
    cards = "".join(
        f'<div class="card"><a href="{esc(ctx.card_url(s))}"><h3>{esc(s.title)}</h3></a>'
        f'<time datetime="{iso(s.published)}">{shown(story, s.published)}</time></div>'
        for s in ctx.site.related(story)
    )
    return f'<aside class="related"><h2>এ বিভাগের আরও খবর</h2>{cards}</aside>'
