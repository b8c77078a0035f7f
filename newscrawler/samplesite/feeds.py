"""robots.txt, sitemaps and the RSS feed of the sample site.

``robots.txt`` names three sitemaps: the index (``/sitemap.xml``, one child
sitemap per year plus a pages sitemap), the news sitemap (the 40 newest
stories, with ``lastmod``) and ``/sitemap-video.xml``, which is not XML.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from newscrawler.samplesite.bangla import iso
from newscrawler.samplesite.model import Story
from newscrawler.samplesite.render import PORTAL_NAME, Ctx
from newscrawler.samplesite.site import START_CLOCK
from newscrawler.samplesite.traps import TRAP_LINKS

NEWS_SITEMAP_SIZE = 40
FEED_SIZE = 30
DISALLOWED = ("/private/", "/wp/wp-admin/")
SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def robots(ctx: Ctx) -> str:
    lines = ["User-agent: *", *(f"Disallow: {p}" for p in DISALLOWED), "Allow: /", ""]
    lines += [
        f"Sitemap: {ctx.url(p)}"
        for p in ("/sitemap.xml", "/news-sitemap.xml", "/sitemap-video.xml")
    ]
    return "\n".join(lines) + "\n"


def years(ctx: Ctx) -> dict[int, list[Story]]:
    by_year: dict[int, list[Story]] = {}
    for story in ctx.site.newest():
        by_year.setdefault(story.published.year, []).append(story)
    return dict(sorted(by_year.items()))


def sitemap_index(ctx: Ctx) -> tuple[str, datetime]:
    entries, newest = [], START_CLOCK
    for year, stories in years(ctx).items():
        lastmod = max(s.lastmod for s in stories)
        newest = max(newest, lastmod)
        entries.append(
            f"<sitemap><loc>{ctx.url(f'/sitemaps/articles-{year}.xml')}</loc>"
            f"<lastmod>{iso(lastmod)}</lastmod></sitemap>"
        )
    entries.append(
        f"<sitemap><loc>{ctx.url('/sitemaps/pages.xml')}</loc>"
        f"<lastmod>{iso(START_CLOCK)}</lastmod></sitemap>"
    )
    body = "\n".join(entries)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {SM}>\n{body}\n</sitemapindex>\n',
        newest,
    )


def year_sitemap(ctx: Ctx, year: int) -> tuple[str, datetime] | None:
    stories = years(ctx).get(year)
    if not stories:
        return None
    urls = "\n".join(
        f"<url><loc>{escape(ctx.article_url(s))}</loc><lastmod>{iso(s.lastmod)}</lastmod></url>"
        for s in stories
    )
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SM}>\n{urls}\n</urlset>\n'
    return text, max(s.lastmod for s in stories)


def pages_sitemap(ctx: Ctx) -> tuple[str, datetime]:
    paths = ["/", "/about/", "/contact/", *(p for p, _ in TRAP_LINKS)]
    urls = "\n".join(f"<url><loc>{escape(ctx.url(p))}</loc></url>" for p in paths)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SM}>\n{urls}\n</urlset>\n',
        START_CLOCK,
    )


def news_sitemap(ctx: Ctx) -> tuple[str, datetime]:
    stories = sorted(ctx.site.stories, key=lambda s: s.lastmod, reverse=True)[:NEWS_SITEMAP_SIZE]
    urls = "\n".join(
        f"<url><loc>{escape(ctx.article_url(s))}</loc><lastmod>{iso(s.lastmod)}</lastmod>"
        f"<news:news><news:publication><news:name>{PORTAL_NAME}</news:name>"
        f"<news:language>bn</news:language></news:publication>"
        f"<news:publication_date>{iso(s.published)}</news:publication_date>"
        f"<news:title>{escape(s.title)}</news:title></news:news></url>"
        for s in stories
    )
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SM} {NEWS}>\n{urls}\n</urlset>\n'
    return text, stories[0].lastmod


def rss(ctx: Ctx) -> tuple[str, datetime]:
    stories = ctx.site.newest()[:FEED_SIZE]
    items = "\n".join(
        f"<item><title>{escape(s.title)}</title><link>{escape(ctx.article_url(s))}</link>"
        f'<guid isPermaLink="true">{escape(ctx.article_url(s))}</guid>'
        f"<pubDate>{format_datetime(s.published)}</pubDate>"
        f"<category>{escape(s.topic.label)}</category>"
        f"<description>{escape(s.paragraphs[0])}</description></item>"
        for s in stories
    )
    newest = max(s.lastmod for s in stories)
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{PORTAL_NAME}</title>
<link>{ctx.url("/")}</link>
<atom:link href="{ctx.url("/feed.xml")}" rel="self" type="application/rss+xml"/>
<description>সর্বশেষ সংবাদ</description>
<language>bn</language>
<lastBuildDate>{format_datetime(newest)}</lastBuildDate>
{items}
</channel>
</rss>
"""
    return text, newest
