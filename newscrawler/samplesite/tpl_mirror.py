"""Template (c): desktop and mobile copies of the whole article in one page.

Traps: headline, byline, time line and body printed twice (``hidden-xs`` and
``visible-xs``), a hidden ``প্রিন্ট: ...`` line (when the page was rendered),
a visible ``প্রকাশ: ... | আপডেট: ...`` line with এএম/পিএম (``১২:০০ এএম`` is
midnight), a shoulder line above the headline. Variants 0 and 1 carry JSON-LD;
variant 0's headline ends in a raw carriage return, which strict JSON rejects.
"""

# ruff: noqa: E501  (long lines are Bengali text and HTML markup)

from __future__ import annotations

from datetime import datetime

from newscrawler.samplesite.bangla import day_month_year, iso, minute, time_ampm
from newscrawler.samplesite.model import Story
from newscrawler.samplesite.paths import listing_path
from newscrawler.samplesite.render import SITE_NAMES, Ctx, esc, nav, paragraphs_html, tag_links

NAME = SITE_NAMES["mirror"]


def when_text(when: datetime, bengali: bool = True) -> str:
    """``০৯ আগস্ট ২০২৬, ১২:০০ এএম``."""
    return f"{day_month_year(when, bengali)}, {time_ampm(when, bengali)}"


def time_line(story: Story) -> str:
    line = f"প্রকাশ: {when_text(story.published)}"
    return line + (f" | আপডেট: {when_text(story.updated)}" if story.updated else "")


def print_time(ctx: Ctx) -> datetime:
    """The hidden print line's time: the moment the page is served."""
    return minute(ctx.site.clock)


def _jsonld(ctx: Ctx, story: Story) -> str:
    if story.style.variant > 1:
        return ""
    cr = "\r" if story.style.variant == 0 else ""
    headline = story.title.replace('"', '\\"') + cr
    modified = f'\n\t\t"dateModified": "{iso(story.updated)}",' if story.updated else ""
    return f"""<script type="application/ld+json">
\t{{
\t\t"@context": "https://schema.org",
\t\t"@type": "NewsArticle",
\t\t"url": "{ctx.article_url(story)}",
\t\t"headline": "{headline}",
\t\t"datePublished": "{iso(story.published)}",{modified}
\t\t"author": {{"@type": "Person", "name": "{story.byline}"}},
\t\t"publisher": {{"@type": "Organization", "name": "{NAME}"}}
\t}}
</script>"""


def _copy(ctx: Ctx, story: Story, kind: str) -> str:
    """One copy (``desktop`` or ``mobile``) of category, headline, byline, time and body."""
    shoulder = story.style.shoulder
    cr = "\r" if story.style.variant == 0 else ""
    return f"""<p class="{kind}DetailCat"><a href="{ctx.url(listing_path("mirror", story.section))}"><strong>{esc(story.topic.label)}</strong></a></p>
{f'<p class="{kind}DetailShoulder">{esc(shoulder)}</p>' if shoulder else ""}
<h1 class="{kind}DetailHeadline"><strong>{esc(story.title)}{cr}</strong></h1>
<p class="{kind}DetailReporter">{esc(story.byline)}</p>
<p class="{kind}DetailPTime">{time_line(story)}</p>
<div class="{kind}DetailBody">
{paragraphs_html(story.paragraphs)}
<p></p>
</div>
<div class="{kind}DetailTags">{tag_links(ctx, story.tags)}</div>"""


def render(ctx: Ctx, story: Story) -> str:
    url = ctx.article_url(story)
    return f"""<!DOCTYPE html>
<html lang="bn">
<head>
<meta charset="utf-8">
<title>{esc(story.title)} | {NAME}</title>
<link rel="canonical" href="{url}">
<meta property="og:url" content="{url}">
<meta property="og:title" content="{esc(story.title)}">
<meta property="og:type" content="article">
{_jsonld(ctx, story)}
</head>
<body>
<div class="topbar"><a href="{ctx.url("/desh/")}">{NAME}</a></div>
{nav(ctx, "mirror")}
<div class="text-center visiblePrintDiv" style="display: none">
<p class="title12">প্রিন্ট: {when_text(print_time(ctx))}</p>
</div>
<div class="bgWhite hidden-xs">
{_copy(ctx, story, "desktop")}
</div>
<div class="visible-xs">
{_copy(ctx, story, "mobile")}
</div>
{_related(ctx, story)}
<footer>{NAME} | ঢাকা থেকে প্রকাশিত</footer>
</body>
</html>
"""


def _related(ctx: Ctx, story: Story) -> str:
    cards = "".join(
        f'<div class="latest-item"><a href="{esc(ctx.card_url(s))}">{esc(s.title)}</a>'
        f'<p class="latest-time">প্রকাশ: {when_text(s.published, story.style.bengali_digits)}</p></div>'
        for s in ctx.site.related(story)
    )
    return f'<div class="latestNews"><h2>সর্বশেষ</h2>{cards}</div>'
