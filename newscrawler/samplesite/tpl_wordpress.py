"""Template (a): the widespread Bangladeshi WordPress news theme.

Traps: the header clock (the day the page is served), a desk line before the
body, ``ট্যাগস``, ``আপলোডকারীর তথ্য``, a ``জনপ্রিয় সংবাদ`` block, and the whole
headline and body printed a second time under the real stamp ``আপডেট সময় ...``.
Only variants 0 and 1 carry Yoast-style ``article:*_time`` metadata.
"""

# ruff: noqa: E501  (long lines are Bengali text and HTML markup)

from __future__ import annotations

from newscrawler.samplesite import bank
from newscrawler.samplesite.bangla import day_month_year, header_clock, iso, time_wordy, weekday
from newscrawler.samplesite.model import Story
from newscrawler.samplesite.paths import listing_path
from newscrawler.samplesite.render import SITE_NAMES, Ctx, esc, nav, paragraphs_html, tag_links

NAME = SITE_NAMES["wordpress"]


def has_meta(story: Story) -> bool:
    return story.style.variant < 2


def stamp(story: Story) -> str:
    """``আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১``."""
    when = story.published
    return f"আপডেট সময় {time_wordy(when)}, {weekday(when)}, {day_month_year(when)}"


def render(ctx: Ctx, story: Story) -> str:
    url = ctx.article_url(story)
    meta = ""
    if has_meta(story):
        meta = (
            f'<meta property="og:type" content="article" />\n'
            f'<meta property="og:title" content="{esc(story.title)} - {NAME}" />\n'
            f'<meta property="og:url" content="{url}" />\n'
            f'<meta property="article:published_time" content="{iso(story.published)}" />\n'
        )
        if story.updated:
            meta += f'<meta property="article:modified_time" content="{iso(story.updated)}" />\n'
    body = paragraphs_html(story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="bn-BD">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{esc(story.title)} &#8211; {NAME}</title>
<link rel="canonical" href="{url}" />
<link rel="shortlink" href="{ctx.url(f"/wp/?p={story.id}")}" />
<link rel="alternate" type="application/rss+xml" title="{NAME} &raquo; ফিড" href="{ctx.url("/feed.xml")}" />
{meta}</head>
<body class="post-template-default single single-post postid-{story.id}">
<div class="header-top"><div class="container"><span class="date-time">{header_clock(ctx.site.clock)}</span></div></div>
<div class="logo"><a href="{ctx.url("/wp/")}">{NAME}</a></div>
{nav(ctx, "wordpress")}
<div class="container single-content">
<div class="col-md-8">
<div class="post-cat"><a href="{ctx.url(listing_path("wordpress", story.section))}" rel="category tag">{esc(story.topic.label)}</a></div>
<div class="single-post-title"><h1 class="entry-title">{esc(story.title)}</h1></div>
<div class="desk-line"><strong>{esc(story.byline)}ঃ</strong></div>
<div class="entry-content">
{body}
</div>
<div class="post-tags"><span>ট্যাগস :</span> {tag_links(ctx, story.tags)}</div>
{_uploader(story)}
{_popular(ctx, story)}
<div class="single-post-area">
<h2 class="entry-title">{esc(story.title)}</h2>
<div class="post-date"><i class="fa fa-clock-o"></i> {stamp(story)}</div>
<div class="entry-content">
{body}
</div>
</div>
{_related(ctx, story)}
</div>
</div>
<footer class="footer"><p>&copy; {NAME} | সম্পাদক ও প্রকাশক: {esc(bank.REPORTER_NAMES[0])}</p></footer>
</body>
</html>
"""


def _uploader(story: Story) -> str:
    name = bank.REPORTER_NAMES[(story.id * 7) % len(bank.REPORTER_NAMES)]
    return (
        '<div class="author-box"><h3>আপলোডকারীর তথ্য</h3>'
        f'<div class="author-name"><a href="#">{esc(name)}</a></div>'
        "<p>জনপ্রিয় লেখক ও সংবাদকর্মী</p></div>"
    )


def _popular(ctx: Ctx, story: Story) -> str:
    stories = ctx.site.newest()[:8]
    items = "".join(
        f'<li><a href="{esc(ctx.card_url(s))}">{esc(s.title)}</a></li>'
        for s in stories
        if s is not story
    )
    return f'<div class="popular-news"><h3>জনপ্রিয় সংবাদ</h3><ul>{items}</ul></div>'


def card_time(story: Story) -> str:
    return f"{time_wordy(story.published, seconds=False)}, {day_month_year(story.published)}"


def _related(ctx: Ctx, story: Story) -> str:
    cards = "".join(
        f'<div class="related-item"><a href="{ctx.url(f"/wp/?p={s.id}") if s.template == "wordpress" else esc(ctx.card_url(s))}">'
        f'{esc(s.title)}</a><span class="related-date">{card_time(s)}</span></div>'
        for s in ctx.site.related(story)
    )
    return f'<div class="related-news"><h3>এই বিভাগের আরও খবর</h3>{cards}</div>'
