"""When an incremental crawl fetches a page again: pure decisions on stored dates.

Used by :mod:`newscrawler.incremental`; no Scrapy, no database.
"""

from __future__ import annotations

import zlib
from datetime import datetime

from storage.fetchstate import StoredArticle, Validators

GZIP_MAGIC = b"\x1f\x8b"


def fetch_decision(
    stored: StoredArticle | None, state: Validators | None, lastmod: datetime | None
) -> str:
    """``new``, ``changed`` (fetch), ``known`` or ``not_article`` (skip) for an article request.

    A URL that is not stored is ``new``, unless a finished crawl found its page
    not to be an article (``state.content_hash`` is set) and ``lastmod`` is not
    newer than that fetch: then it is ``not_article``. A stored version is
    compared with ``lastmod`` through the ``lastmod`` recorded when it was
    fetched, if that fetch was stored (the article was seen after it); else
    through the article's own updated/published time; else through when it
    was last seen.

    >>> from datetime import UTC
    >>> t = lambda day: datetime(2026, 1, day, tzinfo=UTC)
    >>> stored = StoredArticle(published_at=t(1), updated_at=None, last_seen_at=t(10))
    >>> fetch_decision(None, None, t(5)), fetch_decision(stored, None, None)
    ('new', 'known')
    >>> fetch_decision(stored, None, t(1)), fetch_decision(stored, None, t(2))
    ('known', 'changed')
    >>> fetch_decision(stored, Validators(None, None, t(3), fetched_at=t(9)), t(3))
    'known'
    """
    if stored is None:
        return "new" if state is None or not state.content_hash else not_article(state, lastmod)
    if lastmod is None:
        return "known"
    reference = stored_version_time(stored, state)
    return "changed" if lastmod > reference else "known"


def not_article(state: Validators, lastmod: datetime | None) -> str:
    """``not_article`` (skip) or ``changed`` (fetch) for a page that was not an article.

    >>> from datetime import UTC
    >>> seen = Validators(None, None, None, datetime(2026, 1, 5, tzinfo=UTC), content_hash="ab")
    >>> not_article(seen, None), not_article(seen, datetime(2026, 1, 6, tzinfo=UTC))
    ('not_article', 'changed')
    """
    reference = state.lastmod or state.fetched_at
    if lastmod is None or reference is None or lastmod <= reference:
        return "not_article"
    return "changed"


def stored_version_time(stored: StoredArticle, state: Validators | None) -> datetime:
    """The best estimate of the source's ``lastmod`` for the version we stored."""
    if (
        state is not None
        and state.lastmod is not None
        and state.fetched_at is not None
        and stored.last_seen_at >= state.fetched_at
    ):
        return state.lastmod
    dates = [d for d in (stored.updated_at, stored.published_at) if d is not None]
    return max(dates) if dates else stored.last_seen_at


def is_sitemap_index(body: bytes) -> bool:
    """True when a (possibly gzipped) sitemap body is a sitemap index.

    >>> is_sitemap_index(b'<?xml version="1.0"?><sitemapindex xmlns="...">')
    True
    >>> is_sitemap_index(b"<urlset></urlset>"), is_sitemap_index(b"\\x1f\\x8bnot gzip")
    (False, False)
    """
    head = body[:4096]
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=31).decompress(body, 4096)
        except zlib.error:
            return False
    return b"<sitemapindex" in head
