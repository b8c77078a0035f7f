"""Non-article pages of the sample site: home, section listings, tag pages, about, 404."""

# ruff: noqa: E501  (long lines are Bengali text and HTML markup)

from __future__ import annotations

from newscrawler.samplesite.bangla import day_month_year, digits, time_ampm
from newscrawler.samplesite.model import TEMPLATES, Story
from newscrawler.samplesite.paths import PREFIX, TRACKING, amp_path, listing_path
from newscrawler.samplesite.render import PORTAL_NAME, SITE_NAMES, Ctx, esc, nav
from newscrawler.samplesite.topics_more import TOPIC_BY_SLUG, TOPICS
from newscrawler.samplesite.traps import TRAP_LINKS

PAGE_SIZE = 5
# Pages linked on either side of the current one (WordPress's default ``mid_size``).
MID_SIZE = 2
DEAD_LINK = "/daily/politics/99999"


def _shell(ctx: Ctx, title: str, body: str, head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="bn">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<link rel="alternate" type="application/rss+xml" title="{PORTAL_NAME} - সর্বশেষ" href="{ctx.url("/feed.xml")}">
{head}
</head>
<body>
{body}
<footer class="site-footer"><a href="{ctx.url("/about/")}">আমাদের সম্পর্কে</a> |
<a href="{ctx.url("/contact/")}">যোগাযোগ</a></footer>
</body>
</html>
"""


def card(ctx: Ctx, story: Story, href: str | None = None) -> str:
    when = story.published
    return (
        f'<div class="news-card"><a href="{esc(href or ctx.card_url(story))}">{esc(story.title)}</a>'
        f'<span class="time">{day_month_year(when)}, {time_ampm(when)}</span>'
        f'<p class="summary">{esc(story.paragraphs[0][:120])}…</p></div>'
    )


def _home_href(ctx: Ctx, story: Story, i: int) -> str:
    amp = amp_path(story)
    if amp and i % 3 == 0:
        return ctx.url(amp)
    if i % 4 == 1:
        return ctx.article_url(story) + TRACKING
    return ctx.card_url(story)


def home(ctx: Ctx) -> str:
    areas = "".join(
        f'<section class="area"><h2><a href="{ctx.url(PREFIX[t])}">'
        f"{SITE_NAMES[t]}</a></h2>{nav(ctx, t)}</section>"
        for t in TEMPLATES
    )
    latest = "".join(
        card(ctx, s, _home_href(ctx, s, i)) for i, s in enumerate(ctx.site.newest()[:24])
    )
    traps = "".join(
        f'<li><a href="{ctx.url(path)}">{esc(label)}</a></li>' for path, label in TRAP_LINKS
    )
    body = f"""<header><h1 class="site-title">{PORTAL_NAME}</h1></header>
{areas}
<section class="latest"><h2>সর্বশেষ সংবাদ</h2>{latest}</section>
<section class="more"><h2>আর্কাইভ ও বিশেষ আয়োজন</h2><ul>{traps}
<li><a href="{ctx.url(DEAD_LINK)}">পুরোনো একটি সংবাদ</a></li>
<li><a href="{ctx.url("/private/drafts/")}">খসড়া</a></li></ul></section>"""
    return _shell(ctx, PORTAL_NAME, body, f'<link rel="canonical" href="{ctx.url("/")}">')


def listing(ctx: Ctx, template: str, section: str | None, page: int) -> str | None:
    """A section listing (or the area's front page when ``section`` is None); None past the end."""
    stories = ctx.site.newest(template, section)
    pages = max(1, -(-len(stories) // PAGE_SIZE))
    if page < 1 or page > pages or (section is not None and section not in TOPIC_BY_SLUG):
        return None
    chunk = stories[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    label = TOPIC_BY_SLUG[section].label if section else "সর্বশেষ"
    links = _pagination(ctx, template, section, page, pages)
    body = f"""<header><a href="{ctx.url("/")}">{SITE_NAMES[template]}</a></header>
{nav(ctx, template)}
<h1 class="archive-title">{esc(label)}</h1>
<div class="archive">{"".join(card(ctx, s) for s in chunk)}</div>
<div class="pagination">{links}</div>"""
    return _shell(ctx, f"{label} | {SITE_NAMES[template]}", body)


def page_url(ctx: Ctx, template: str, section: str | None, page: int) -> str:
    """A listing page's address (the area front page paginates with ``?page=N``)."""
    if section:
        return ctx.url(listing_path(template, section, page))
    return ctx.url(PREFIX[template] + (f"?page={page}" if page > 1 else ""))


def page_numbers(page: int, pages: int) -> list[int | None]:
    """The page numbers a listing page links, ``None`` for a gap ("…").

    As WordPress's ``paginate_links()`` prints them by default: the first and
    last page and two on either side of the current one. A real listing never
    links every page of a large archive (the saved listings of real Bengali
    sites link one "more" page or none), and a crawl that reads every page's
    every link would cost the square of the site.

    >>> page_numbers(1, 4)
    [1, 2, 3, 4]
    >>> page_numbers(7, 800)
    [1, None, 5, 6, 7, 8, 9, None, 800]
    """
    shown = [n for n in range(1, pages + 1) if n in (1, pages) or abs(n - page) <= MID_SIZE]
    out: list[int | None] = []
    for n in shown:
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


def _pagination(ctx: Ctx, template: str, section: str | None, page: int, pages: int) -> str:
    links = [
        '<span class="dots">…</span>'
        if n is None
        else f'<a class="page-numbers" href="{esc(page_url(ctx, template, section, n))}">{digits(str(n))}</a>'
        for n in page_numbers(page, pages)
        if n != page
    ]
    if page < pages:
        href = esc(page_url(ctx, template, section, page + 1))
        links.append(f'<a class="next" rel="next" href="{href}">পরের পাতা »</a>')
    return " ".join(links)


def tag_page(ctx: Ctx, tag: str) -> str | None:
    stories = [s for s in ctx.site.newest() if tag in s.tags][:20]
    if not stories:
        return None
    body = f'<h1>ট্যাগ: {esc(tag)}</h1><div class="archive">{"".join(card(ctx, s) for s in stories)}</div>'
    return _shell(ctx, f"{tag} | {PORTAL_NAME}", body)


def about(ctx: Ctx) -> str:
    body = f"""<h1>আমাদের সম্পর্কে</h1>
<p>{PORTAL_NAME} একটি নমুনা সংবাদ পোর্টাল। এখানে প্রকাশিত সব সংবাদ কাল্পনিক; পরীক্ষার কাজে ব্যবহারের জন্য তৈরি।</p>
<p>পোর্টালে চারটি আলাদা নকশার সংবাদ বিভাগ রয়েছে: {", ".join(SITE_NAMES.values())}।</p>
<p>বিভাগগুলো: {", ".join(t.label for t in TOPICS)}।</p>"""
    return _shell(ctx, f"আমাদের সম্পর্কে | {PORTAL_NAME}", body)


def contact(ctx: Ctx) -> str:
    body = """<h1>যোগাযোগ</h1>
<p>ঠিকানা: বাড়ি ১২, সড়ক ৫, নমুনা নগর, ঢাকা ১২০০।</p>
<p>ফোন: +৮৮০ ১৭০০-০০০০০০ | ই-মেইল: info@example.invalid</p>
<form action="#" method="post"><input name="name"><textarea name="message"></textarea><button>পাঠান</button></form>"""
    return _shell(ctx, f"যোগাযোগ | {PORTAL_NAME}", body)


def not_found(ctx: Ctx) -> str:
    body = f'<h1>৪০৪ - পাতাটি খুঁজে পাওয়া যায়নি</h1><p><a href="{ctx.url("/")}">প্রচ্ছদে ফিরে যান</a></p>'
    return _shell(ctx, "পাতা পাওয়া যায়নি", body)
