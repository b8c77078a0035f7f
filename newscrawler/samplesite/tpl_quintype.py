"""Case template: a Quintype-style page whose body is split over ``.story-element`` blocks.

Each text element holds one or two paragraphs; image elements (with captions)
sit between them. JSON-LD carries headline, author and dates but no
``articleBody``, so only the layout tells that the elements are one body. An
extractor that takes the single best block starts at the second element and
ends early.
"""

# ruff: noqa: E501  (long lines are Bengali text and HTML markup)

from __future__ import annotations

from newscrawler.samplesite.bangla import day_month_year, iso, time_ampm
from newscrawler.samplesite.model import Story
from newscrawler.samplesite.paths import app_code
from newscrawler.samplesite.render import Ctx, esc, json_script

NAME = "আলোকবর্তিকা"


def path(story: Story) -> str:
    return f"/cases/quintype/{story.section}/{app_code(story.id).lower()}x{story.id}"


def shape(story: Story) -> Story:
    return story


def _elements(story: Story) -> str:
    """Text elements of one or two paragraphs, an image element after the first."""
    parts: list[str] = []
    paragraphs = story.paragraphs
    sizes = [1, 2] * len(paragraphs)
    start = 0
    for number, size in enumerate(sizes):
        chunk = paragraphs[start : start + size]
        if not chunk:
            break
        text = "".join(f"<p>{esc(p)}</p>" for p in chunk)
        parts.append(
            f'<div class="story-element story-element-text"><div class="text-m_textElement__e3QEt">{text}</div></div>'
        )
        if number == 0:
            parts.append(
                f'<div class="story-element story-element-image"><figure><img src="/img/{story.id}.jpg" alt=""/><figcaption>ছবি: সংগৃহীত</figcaption></figure></div>'
            )
        start += size
    return "\n".join(parts)


def render(ctx: Ctx, story: Story) -> str:
    url = ctx.url(path(story))
    ld = {
        "@context": "http://schema.org", "@type": "NewsArticle", "headline": story.title,
        "url": url, "datePublished": iso(story.published), "dateModified": iso(story.updated),
        "author": [{"@type": "Person", "name": a} for a in story.authors],
        "publisher": {"@type": "NewsMediaOrganization", "name": NAME}, "articleSection": story.topic.label,
    }  # fmt: skip
    return f"""<!DOCTYPE html><html lang="bn"><head><meta charset="utf-8">
<title>{esc(story.title)} | {NAME}</title><link rel="canonical" href="{url}">
<meta property="og:type" content="article"><meta property="og:title" content="{esc(story.title)}">
{json_script(ld)}</head>
<body><div id="container"><header class="header-m__wrapper"><a href="{ctx.url("/cases/")}">{NAME}</a></header>
<div class="story-head"><div class="story-section"><a href="{ctx.url("/cases/")}">{esc(story.topic.label)}</a></div>
<h1 class="headline-m_headline__3_NhV">{esc(story.title)}</h1>
<div class="author-m_author__1bKNh"><span class="contributor-name">{esc(" ও ".join(story.authors))}</span></div>
<div class="time-m_time__2b3Xw"><time datetime="{iso(story.published)}">প্রকাশ: {day_month_year(story.published)}, {time_ampm(story.published)}</time></div></div>
<div class="story-content-wrapper">
{_elements(story)}
</div>
<div class="more-stories"><h2>আরও পড়ুন</h2><a href="{ctx.url("/cases/")}"><h3>{esc(story.teaser)}</h3></a></div>
</div></body></html>
"""
