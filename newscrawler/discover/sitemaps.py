"""Sitemaps: index files, URL sets and Google News sitemaps, plain or gzipped."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from lxml import etree

from newscrawler.discover.links import resolve
from newscrawler.discover.xmldoc import child_text, local, parse_xml
from newscrawler.text.dates.machine import parse_time
from newscrawler.text.zones import DEFAULT_TIMEZONE

logger = logging.getLogger(__name__)

KINDS = {"sitemapindex": "index", "urlset": "urlset"}


@dataclass
class SitemapEntry:
    """One ``<url>`` or ``<sitemap>``: its address, last change and (news sitemaps) title."""

    loc: str
    lastmod: datetime | None
    title: str | None = None


@dataclass
class Sitemap:
    """A parsed sitemap; ``kind`` is ``invalid`` for anything that is not one."""

    kind: Literal["index", "urlset", "invalid"]
    entries: list[SitemapEntry] = field(default_factory=list)


def _entry(element: etree._Element, url: str, tz: str) -> SitemapEntry | None:
    loc = resolve(child_text(element, "loc"), url)
    if loc is None:
        return None
    news = next((e for e in element if local(e) == "news"), None)  # not image:title
    published = child_text(news, "publication_date", deep=True) if news is not None else None
    title = child_text(news, "title", deep=True) if news is not None else None
    stamp = child_text(element, "lastmod") or published
    return SitemapEntry(loc=loc, lastmod=parse_time(stamp, tz), title=title)


def parse_sitemap(body: bytes, url: str, *, tz: str = DEFAULT_TIMEZONE) -> Sitemap:
    """Entries of a sitemap index or URL set; ``kind="invalid"`` when ``body`` is not one.

    ``lastmod`` falls back to ``news:publication_date``; naive times are in ``tz``.

    >>> xml = b'''<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    ...   <url><loc> https://x.com/a/1 </loc><lastmod>2026-08-09T10:00:00+06:00</lastmod></url>
    ... </urlset>'''
    >>> sitemap = parse_sitemap(xml, "https://x.com/sitemap.xml")
    >>> sitemap.kind, sitemap.entries[0].loc, sitemap.entries[0].lastmod.isoformat()
    ('urlset', 'https://x.com/a/1', '2026-08-09T10:00:00+06:00')
    >>> parse_sitemap(b"<html><body>not found</body></html>", "https://x.com/s.xml").kind
    'invalid'
    """
    root = parse_xml(body)
    kind = KINDS.get(local(root)) if root is not None else None
    if root is None or kind is None:
        logger.debug("not a sitemap: %s", url)
        return Sitemap(kind="invalid")
    wanted = "sitemap" if kind == "index" else "url"
    entries = (_entry(e, url, tz) for e in root if local(e) == wanted)
    return Sitemap(kind="index" if kind == "index" else "urlset", entries=[e for e in entries if e])
