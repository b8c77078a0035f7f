"""RSS and Atom feeds: autodiscovery links in HTML, and the entries of a feed."""

from __future__ import annotations

import html as htmllib
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from lxml import etree
from parsel import Selector

from newscrawler.discover.links import page_base, resolve
from newscrawler.discover.xmldoc import child_text, local, parse_xml
from newscrawler.text.dates.machine import parse_time
from newscrawler.text.zones import DEFAULT_TIMEZONE

logger = logging.getLogger(__name__)

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)


@dataclass
class FeedEntry:
    """One ``<item>`` or ``<entry>``."""

    link: str
    title: str | None
    published: datetime | None
    updated: datetime | None


def feed_links(html: str, url: str) -> list[str]:
    """Distinct RSS/Atom URLs announced by ``<link rel="alternate" type=...>``.

    >>> feed_links('<link rel="alternate" type="application/rss+xml" href="/feed/">',
    ...            "https://www.banglatribune.com/")
    ['https://www.banglatribune.com/feed/']
    """
    if not html or not html.strip():
        return []
    try:
        sel = Selector(text=html)
        base = page_base(sel, url)
    except (ValueError, TypeError) as exc:
        logger.debug("unparseable page %s: %s", url, exc)
        return []
    found: dict[str, None] = {}
    for link in sel.xpath("//link[@href]"):
        rel = (link.root.get("rel") or "").lower().split()
        kind = (link.root.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in FEED_TYPES:
            href = resolve(link.root.get("href"), base)
            if href:
                found.setdefault(href, None)
    return list(found)


def _text(value: str | None) -> str | None:
    """Whitespace-collapsed text with one extra level of HTML entities decoded."""
    if value is None:
        return None
    if ENTITY.search(value):
        value = htmllib.unescape(value)
    return " ".join(value.split()) or None


def _atom_link(entry: etree._Element) -> str | None:
    for child in entry:
        if local(child) == "link" and child.get("rel", "alternate") == "alternate":
            href = str(child.get("href") or "").strip()
            if href:
                return href
    return None


def _rss_link(item: etree._Element) -> str | None:
    link = child_text(item, "link")
    if link:
        return link
    for child in item:
        if local(child) == "guid" and child.get("isPermaLink", "true").lower() != "false":
            return (child.text or "").strip() or None
    return None


def _entry(item: etree._Element, url: str, tz: str) -> FeedEntry | None:
    atom = local(item) == "entry"
    link = resolve(_atom_link(item) if atom else _rss_link(item), url)
    if link is None:
        return None
    published = child_text(item, "published", "pubDate", "issued", "date", "created")
    updated = child_text(item, "updated", "modified")
    return FeedEntry(
        link=link,
        title=_text(child_text(item, "title")),
        published=parse_time(published, tz),
        updated=parse_time(updated, tz),
    )


def parse_feed(body: bytes, url: str, *, tz: str = DEFAULT_TIMEZONE) -> list[FeedEntry] | None:
    """Entries of an RSS 2.0, RSS 1.0 or Atom feed in document order; None when not a feed.

    >>> rss = b'''<rss version="2.0"><channel><item><title>T &amp;amp; U</title>
    ... <link>https://x.com/a/123456</link><pubDate>Sat, 08 Aug 2026 18:57:06 +0000</pubDate>
    ... </item></channel></rss>'''
    >>> entry, = parse_feed(rss, "https://x.com/feed/")
    >>> entry.title, entry.link, entry.published.isoformat()
    ('T & U', 'https://x.com/a/123456', '2026-08-08T18:57:06+00:00')
    >>> parse_feed(b"<html></html>", "https://x.com/feed/") is None
    True
    """
    root = parse_xml(body)
    name = local(root) if root is not None else ""
    if root is None or name not in ("rss", "feed", "RDF"):
        logger.debug("not a feed: %s", url)
        return None
    wanted = "entry" if name == "feed" else "item"
    items = (e for e in root.iter() if local(e) == wanted)
    return [entry for entry in (_entry(e, url, tz) for e in items) if entry]
