"""Map a request path to a :class:`Reply`, rendering every page from the site model."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, unquote, urlsplit

from newscrawler.samplesite import (
    cases,
    feeds,
    pages,
    tpl_app,
    tpl_daily,
    tpl_district,
    tpl_mirror,
    tpl_wire,
    tpl_wordpress,
)
from newscrawler.samplesite.model import Story
from newscrawler.samplesite.paths import PREFIX, app_decode, article_path
from newscrawler.samplesite.render import Ctx
from newscrawler.samplesite.reply import XML, Reply
from newscrawler.samplesite.traps import trap

ARTICLE = re.compile(
    r"^/(?:wp/archives/(?P<wp>\d+)|(?P<area>daily|desh|zilla)/(?P<sec>[a-z]+)/(?P<id>\d+)"
    r"|daily/amp/(?P<ampsec>[a-z]+)/(?P<amp>\d+)"
    r"|app/news/(?P<date>\d{4}-\d\d-\d\d)/(?P<code>[0-9A-Za-z]+))/?$"
)
LISTING = re.compile(
    r"^/(?:wp/category/(?P<wsec>[a-z]+)/(?:page/(?P<wpage>\d+)/?)?"
    r"|(?P<area>wp|daily|desh|app|zilla)/?(?P<sec>[a-z]+)?)$"
)
AREA = {"wp": "wordpress", "daily": "daily", "desh": "mirror", "app": "app", "zilla": "district"}
RENDER = {"wordpress": tpl_wordpress.render, "mirror": tpl_mirror.render, "app": tpl_app.render,
          "district": tpl_district.render}  # fmt: skip


def route(ctx: Ctx, target: str) -> Reply:
    """The reply for a GET of ``target`` (path and query)."""
    parts = urlsplit(target)
    path, query = unquote(parts.path), parse_qs(parts.query)
    with ctx.site.lock:
        reply = (
            trap(path)
            or _fixed(ctx, path, query)
            or tpl_wire.wire(ctx, path)
            or _article(ctx, path)
            or _listing(ctx, path, query)
        )
    return reply or Reply.html(pages.not_found(ctx), 404)


def _fixed(ctx: Ctx, path: str, query: dict[str, list[str]]) -> Reply | None:
    if path == "/":
        return Reply.html(pages.home(ctx))
    if path == "/robots.txt":
        return Reply(200, feeds.robots(ctx).encode(), "text/plain; charset=utf-8")
    if path in ("/about/", "/contact/"):
        return Reply.html(pages.about(ctx) if path == "/about/" else pages.contact(ctx))
    if path in ("/about", "/contact"):
        return Reply.redirect(ctx.url(path + "/"))
    if path.startswith("/news/") and path[6:].isdigit():
        story = ctx.site.story(int(path[6:]))
        return Reply.redirect(ctx.article_url(story)) if story else None
    if path == "/wp/" and "p" in query:
        story = ctx.site.story(int(query["p"][0])) if query["p"][0].isdigit() else None
        return (
            Reply.redirect(ctx.article_url(story))
            if story and story.template == "wordpress"
            else None
        )
    if path.startswith("/tags/"):
        text = pages.tag_page(ctx, path[6:])
        return Reply.html(text) if text else None
    if path.startswith("/cases"):
        text = cases.render_case(ctx, path)
        return Reply.html(text) if text else None
    if path.startswith("/private/"):
        return Reply.html("<html><body><h1>খসড়া</h1><p>প্রকাশের অপেক্ষায়।</p></body></html>")
    return _xml(ctx, path)


def _xml(ctx: Ctx, path: str) -> Reply | None:
    made: tuple[str, datetime] | None = None
    if path == "/sitemap.xml":
        made = feeds.sitemap_index(ctx)
    elif path == "/news-sitemap.xml":
        made = feeds.news_sitemap(ctx)
    elif path == "/sitemaps/pages.xml":
        made = feeds.pages_sitemap(ctx)
    elif path == "/feed.xml":
        text, newest = feeds.rss(ctx)
        return Reply(200, text.encode(), "application/rss+xml; charset=utf-8", last_modified=newest)
    elif (m := re.fullmatch(r"/sitemaps/articles-(\d{4})\.xml", path)) is not None:
        made = feeds.year_sitemap(ctx, int(m.group(1)))
    if made is None:
        return None
    text, newest = made
    return Reply(200, text.encode(), XML, last_modified=newest)


def _story_at(ctx: Ctx, path: str) -> tuple[Story, bool] | None:
    m = ARTICLE.match(path)
    if not m:
        return None
    amp = m["amp"] is not None
    raw = m["wp"] or m["id"] or m["amp"]
    story = ctx.site.story(int(raw)) if raw else ctx.site.story(app_decode(m["code"]) or 0)
    if story is None:
        return None
    expected = article_path(story)
    if amp:
        expected = f"/daily/amp/{story.section}/{story.id}"
    return (story, amp) if path.rstrip("/") == expected else None


def _article(ctx: Ctx, path: str) -> Reply | None:
    found = _story_at(ctx, path)
    if found is None:
        return None
    story, amp = found
    if story.template == "daily":
        text = tpl_daily.render(ctx, story, amp=amp)
    else:
        text = RENDER[story.template](ctx, story)
    return Reply.html(text, last_modified=story.lastmod)


def _listing(ctx: Ctx, path: str, query: dict[str, list[str]]) -> Reply | None:
    m = LISTING.match(path)
    if not m:
        return None
    if m["wsec"]:
        template, section, page = "wordpress", m["wsec"], int(m["wpage"] or 1)
    else:
        template, section = AREA[m["area"]], m["sec"]
        raw = query.get("page", ["1"])[0]
        page = int(raw) if raw.isdigit() else 0
        if template == "wordpress" and section:
            return None
    if section is None and not path.endswith("/"):
        return Reply.redirect(ctx.url(PREFIX[template]))
    text = pages.listing(ctx, template, section, page)
    return Reply.html(text) if text else None
