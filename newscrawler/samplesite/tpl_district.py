"""Template (e): a district portal on the WordPress news theme, with its dates in odd places.

Reproduces issue 10's categories 5 and 6:

- The article is printed twice and its only stamp, ``আপডেট সময় ...``, sits
  with the second (print) copy, outside the article column: hidden with
  ``display:none`` (variants 0 and 1) or shown only to printers by a
  stylesheet (variants 2 and 3).
- Variant 1: a ``<time datetime>`` written in Bengali digits with a
  Bengali-digit offset (``+০১:০০``), the true instant.
- Variant 2: a ``<time datetime>`` in Bengali digits labelled ``+০০:০০`` that
  holds Dhaka wall time (six hours off as labelled).
- Variant 3: ``article:published_time`` in Bengali digits with its offset,
  and a ``<time datetime>`` in ASCII digits mislabelled ``+00:00``.

The header clock, glued to a place name (``ঢাকা ০৯:১৫ পূর্বাহ্ন, ...``), is the
day the page is served. The page never shows an update time.
"""

# ruff: noqa: E501  (long lines are Bengali text and HTML markup)

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newscrawler.samplesite.bangla import day_month_year, digits, header_clock, time_wordy, weekday
from newscrawler.samplesite.model import Story
from newscrawler.samplesite.paths import listing_path
from newscrawler.samplesite.render import SITE_NAMES, Ctx, esc, nav, paragraphs_html, tag_links

NAME = SITE_NAMES["district"]
PLUS_ONE = timezone(timedelta(hours=1))


def has_meta(story: Story) -> bool:
    """Only variant 3 carries ``article:published_time``."""
    return story.style.variant == 3


def stamp(story: Story) -> str:
    """``আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১`` (the publication time)."""
    when = story.published
    return f"আপডেট সময় {time_wordy(when)}, {weekday(when)}, {day_month_year(when)}"


def wall_as_utc(when: datetime) -> str:
    """Dhaka wall time labelled ``+00:00`` (the mislabelled value a broken plugin prints)."""
    return when.replace(tzinfo=None).isoformat() + "+00:00"


def machine_time(story: Story) -> str:
    """The ``<time datetime>`` value of variants 1-3 ("" for variant 0)."""
    variant = story.style.variant
    if variant == 1:
        return digits(story.published.astimezone(PLUS_ONE).isoformat())
    if variant == 2:
        return digits(wall_as_utc(story.published))
    if variant == 3:
        return wall_as_utc(story.published)
    return ""


def _head_meta(story: Story, url: str) -> str:
    if not has_meta(story):
        return ""
    return (
        f'<meta property="og:type" content="article" />\n'
        f'<meta property="og:url" content="{url}" />\n'
        f'<meta property="article:published_time" content="{digits(story.published.isoformat())}" />\n'
    )


def _posted_on(story: Story) -> str:
    value = machine_time(story)
    if not value:
        return ""
    shown = esc(day_month_year(story.published))
    return (
        f'<span class="posted-on"><time class="entry-date" datetime="{value}">{shown}</time></span>'
    )


def _print_copy(story: Story, body: str) -> str:
    hidden = ' style="display:none"' if story.style.variant < 2 else ""
    return f"""<div class="print-section print-only"{hidden}>
<h2 class="print-title">{esc(story.title)}</h2>
<div class="print-date">{stamp(story)}</div>
<div class="print-content">
{body}
</div>
</div>"""


def render(ctx: Ctx, story: Story, url: str | None = None) -> str:
    """The page of ``story`` (at ``url``: default its own address)."""
    url = url or ctx.article_url(story)
    body = paragraphs_html(story.paragraphs)
    clock = header_clock(ctx.site.clock)
    return f"""<!DOCTYPE html>
<html lang="bn-BD">
<head>
<meta charset="UTF-8" />
<title>{esc(story.title)} &#8211; {NAME}</title>
<link rel="canonical" href="{url}" />
{_head_meta(story, url)}<style>.print-only{{display:none}} @media print{{.print-only{{display:block}}}}</style>
</head>
<body class="post-template-default single single-post postid-{story.id}">
<div class="topbar"><span class="today">{clock}</span></div>
<div class="logo"><a href="{ctx.url("/zilla/")}">{NAME}</a></div>
{nav(ctx, "district")}
<div class="container single-content">
<div class="col-md-8">
<div class="post-cat"><a href="{ctx.url(listing_path("district", story.section))}" rel="category tag">{esc(story.topic.label)}</a></div>
<h1 class="entry-title">{esc(story.title)}</h1>
<div class="entry-meta"><span class="byline">{esc(story.byline)}</span> {_posted_on(story)}</div>
<div class="entry-content">
{body}
</div>
<div class="post-tags"><span>ট্যাগস :</span> {tag_links(ctx, story.tags)}</div>
</div>
<div class="col-md-4 sidebar"><h3>সর্বশেষ</h3></div>
</div>
<footer class="footer"><p>&copy; {NAME}</p></footer>
{_print_copy(story, body)}
</body>
</html>
"""
