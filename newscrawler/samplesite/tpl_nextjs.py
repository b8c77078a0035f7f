"""Case template: a Next.js page with related records first and interleaved player markup.

The visible story paragraphs are each wrapped apart, between video-player and ad
slots, after a related-story card whose summary (about 140 characters) reads
like a paragraph. ``__NEXT_DATA__`` holds related records first and shallower, each
with its own ``creationTime``, and the story's own record (its ``id`` is the
page's) deeper, with the whole text. The JSON-LD ``author`` is the CMS account that
uploaded the story, printed nowhere; the page credits a desk.
"""

# ruff: noqa: E501  (long lines are Bengali text and HTML markup)

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from newscrawler.samplesite.bangla import day_month_year, time_ampm
from newscrawler.samplesite.model import Story
from newscrawler.samplesite.render import Ctx, esc, json_script

NAME = "দ্রুতখবর"
ACCOUNT = "webdesk_07"


def path(story: Story) -> str:
    return f"/cases/next/news/{_id(story)}"


def _id(story: Story) -> str:
    return f"{story.id}{story.published:%m%d}"


def shape(story: Story) -> Story:
    """A desk credit (the visible byline); the uploader account stays in JSON-LD."""
    return replace(story, byline="অনলাইন ডেস্ক", authors=["অনলাইন ডেস্ক"])


def _stamp(when: object) -> str:
    return f"{when:%Y-%m-%d %H:%M:%S}"


def render(ctx: Ctx, story: Story) -> str:
    url = ctx.url(path(story))
    summary = (story.teaser + "। " + story.paragraphs[-1])[:140]
    related = [
        {"id": f"{story.id + n}77{n}", "url": f"/cases/next/news/{story.id + n}77{n}", "headline": f"{story.teaser} ({n})",
         "creationTime": _stamp(story.published - timedelta(days=n + 2, hours=n)), "summary": summary}
        for n in (1, 2)
    ]  # fmt: skip
    record = {
        "id": _id(story), "url": path(story), "headline": story.title, "creationTime": _stamp(story.published),
        "updateTime": _stamp(story.updated) if story.updated else None, "section": story.topic.label,
        "body": "".join(f"<p>{p}</p>" for p in story.paragraphs),
    }  # fmt: skip
    page_props = {"topNews": related[0], "relatedNews": related[1:], "details": {"news": record}}
    data = {"props": {"pageProps": page_props}, "page": "/news/[id]"}
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
          "author": {"@type": "Person", "name": ACCOUNT}, "articleSection": story.topic.label, "publisher": {"@type": "Organization", "name": NAME}}  # fmt: skip
    blocks = []
    for n, paragraph in enumerate(story.paragraphs):
        blocks.append(f'<div class="jsx-2190 news-text"><p>{esc(paragraph)}</p></div>')
        if n % 2 == 0:
            blocks.append(
                '<div class="jsx-2190 player-wrap"><div class="video-js"><video preload="none"></video><div class="vjs-control-bar"><button>Play</button></div></div></div>'
            )
        else:
            blocks.append('<div class="jsx-2190 ad-slot"><div id="div-gpt-ad-22"></div></div>')
    card = (
        f'<div class="jsx-881 card"><a href="{ctx.url(related[0]["url"])}"><h3>{esc(related[0]["headline"])}</h3></a>'
        f"<p>{esc(summary)}</p></div>"
    )
    return f"""<!DOCTYPE html><html lang="bn"><head><meta charset="utf-8"/>
<title>{esc(story.title)} - {NAME}</title><link rel="canonical" href="{url}"/>
<meta property="og:title" content="{esc(story.title)}"/>
{json_script(ld)}</head>
<body><div id="__next"><div class="jsx-100 top"><a href="{ctx.url("/cases/")}">{NAME}</a></div>
<div class="jsx-881 side">{card}</div>
<div class="jsx-2190 news-page"><h1 class="jsx-2190 title">{esc(story.title)}</h1>
<div class="jsx-2190 info"><span>{esc(story.byline)}</span><span>{day_month_year(story.published)}, {time_ampm(story.published)}</span></div>
{"".join(blocks)}
</div></div>
{json_script(data, "application/json", ' id="__NEXT_DATA__"')}
</body></html>
"""
