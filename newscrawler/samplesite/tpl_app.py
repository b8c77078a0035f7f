"""Template (d): a server-rendered JavaScript app (Next.js style).

Traps: JSON-LD ``datePublished``/``dateModified`` are the literal string
``"undefined"``; the real times are in ``__NEXT_DATA__`` as ``22-02-2026
13:16:34`` and, in variants 0 and 1 only, in the visible text; an inline
``আরও পড়ুন`` teaser and ``বিজ্ঞাপন`` ad labels sit inside the article body;
a desk sign-off such as ``/এনএ`` closes it.
"""

# ruff: noqa: E501  (long lines are Bengali text and HTML markup)

from __future__ import annotations

from datetime import datetime
from typing import Any

from newscrawler.samplesite.bangla import day_month_year, time_ampm
from newscrawler.samplesite.model import Story
from newscrawler.samplesite.paths import listing_path
from newscrawler.samplesite.render import (
    SITE_NAMES,
    Ctx,
    esc,
    json_script,
    nav,
    tag_links,
)

NAME = SITE_NAMES["app"]
AD = '<div class="ad-slot"><span class="ad-label">বিজ্ঞাপন</span><div class="ad-box" data-slot="in-article"></div></div>'


def page_time(when: datetime | None) -> str | None:
    """``22-02-2026 13:16:34`` (the page data's format)."""
    return when.strftime("%d-%m-%Y %H:%M:%S") if when else None


def visible(story: Story) -> bool:
    return story.style.variant < 2


def shown(when: datetime, bengali: bool = True) -> str:
    return f"{day_month_year(when, bengali)}, {time_ampm(when, bengali)}"


def next_data(ctx: Ctx, story: Story) -> dict[str, Any]:
    article = {
        "id": story.id,
        "headline": story.title,
        "slug": ctx.article_url(story).rsplit("/", 1)[-1],
        "publishedAt": page_time(story.published),
        "updatedAt": page_time(story.updated),
        "author": {"name": story.byline},
        "category": {"slug": story.section, "name": story.topic.label},
        "tags": story.tags,
    }
    return {
        "props": {"pageProps": {"article": article, "siteName": NAME}},
        "page": "/news/[date]/[code]",
        "query": {"date": f"{story.published:%Y-%m-%d}"},
        "buildId": "sample-build-7",
    }


def _body(ctx: Ctx, story: Story) -> str:
    teaser = ctx.site.related(story)[:1]
    parts: list[str] = []
    for i, text in enumerate(story.paragraphs):
        parts.append(f"<p>{esc(text)}</p>")
        if i == 1:
            parts.append(AD)
        if i == 2 and teaser:
            other = teaser[0]
            parts.append(
                f'<div class="read-more"><strong>আরও পড়ুন</strong> '
                f'<a href="{esc(ctx.card_url(other))}">{esc(other.title)}</a></div>'
            )
    if len(story.paragraphs) > 5:
        parts.insert(-1, AD)
    parts.append(f'<p class="desk">{esc(story.style.signoff)}</p>')
    return "\n".join(parts)


def render(ctx: Ctx, story: Story) -> str:
    url = ctx.article_url(story)
    bengali = story.style.bengali_digits
    meta = ""
    if visible(story):
        meta = f'<span class="publish-time">প্রকাশিত: {shown(story.published, bengali)}</span>'
        if story.updated:
            meta += f' <span class="update-time">আপডেট: {shown(story.updated, bengali)}</span>'
    jsonld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": "undefined",
        "dateModified": "undefined",
        "mainEntityOfPage": url,
        "author": [{"@type": "Person", "name": n} for n in story.authors],
        "publisher": {"@type": "Organization", "name": NAME},
    }
    return f"""<!DOCTYPE html><html lang="bn"><head><meta charSet="utf-8"/>
<meta name="viewport" content="width=device-width"/>
<title>{esc(story.title)} | {NAME}</title>
<link rel="canonical" href="{url}"/>
<meta property="og:title" content="{esc(story.title)}"/>
<meta property="og:type" content="article"/>
<meta property="og:url" content="{url}"/>
{json_script(jsonld)}
</head><body><div id="__next">
<header class="app-header"><a href="{ctx.url("/app/")}">{NAME}</a></header>
{nav(ctx, "app")}
<main><article class="news-details">
<div class="category"><a href="{ctx.url(listing_path("app", story.section))}">{esc(story.topic.label)}</a></div>
<h1 class="headline">{esc(story.title)}</h1>
<div class="author-info"><span class="author-name">{esc(story.byline)}</span> {meta}</div>
<div class="details-body">
{_body(ctx, story)}
</div>
<div class="tags">{tag_links(ctx, story.tags)}</div>
</article>
{_related(ctx, story)}
</main></div>
{json_script(next_data(ctx, story), "application/json", ' id="__NEXT_DATA__"')}
</body></html>
"""


def _related(ctx: Ctx, story: Story) -> str:
    cards = "".join(
        f'<a class="news-card" href="{esc(ctx.card_url(s))}"><h3>{esc(s.title)}</h3>'
        f'<span class="card-time">{shown(s.published, story.style.bengali_digits)}</span></a>'
        for s in ctx.site.related(story)[1:]
    )
    return f'<section class="related-news"><h2>সম্পর্কিত খবর</h2>{cards}</section>'
