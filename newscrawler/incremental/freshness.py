"""When an incremental crawl fetches a page again: pure decisions on stored dates.

Used by :mod:`newscrawler.incremental.middleware`; no Scrapy, no database.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta

from storage.fetchstate import StoredArticle, Validators

GZIP_MAGIC = b"\x1f\x8b"


def fetch_decision(
    stored: StoredArticle | None,
    state: Validators | None,
    lastmod: datetime | None,
    now: datetime | None = None,
) -> str:
    """``new``, ``changed`` (fetch), ``known``, ``not_article`` or ``backoff`` (skip).

    A URL that is not stored is ``new``, unless its last fetch failed and its
    back-off has not expired at ``now`` (:func:`backing_off`): ``backoff``; or
    a finished crawl found its page not to be an article (``state.content_hash``
    is set) and ``lastmod`` is not newer than that fetch: ``not_article``. A stored version is
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
        if state is not None and backing_off(state, lastmod, now):
            return "backoff"
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


def backing_off(state: Validators, lastmod: datetime | None, now: datetime | None = None) -> bool:
    """True while the back-off of a URL whose last fetch failed holds at ``now``.

    A sitemap/feed ``lastmod`` newer than the failed fetch ends it early.

    >>> from datetime import UTC
    >>> t = lambda day: datetime(2026, 1, day, tzinfo=UTC)
    >>> failed = Validators(None, None, None, t(1), failures=1, expires_at=t(2))
    >>> backing_off(failed, None, t(1)), backing_off(failed, None, t(2))
    (True, False)
    >>> backing_off(failed, t(1), t(1)), backing_off(failed, t(3), t(1))
    (True, False)
    """
    if not state.failures or state.expires_at is None:
        return False
    if (now or datetime.now(UTC)) >= state.expires_at:
        return False
    return lastmod is None or state.fetched_at is None or lastmod <= state.fetched_at


def sitemap_unchanged(state: Validators, lastmod: datetime | None) -> bool:
    """True when a sitemap index gives a child sitemap no newer ``lastmod`` than at its last fetch.

    ``state`` is the child's row, saved only after a finished crawl read all of it.

    >>> from datetime import UTC
    >>> t = lambda day: datetime(2026, 1, day, tzinfo=UTC)
    >>> read = Validators(None, None, t(2), t(3))
    >>> sitemap_unchanged(read, t(2)), sitemap_unchanged(read, t(4)), sitemap_unchanged(read, None)
    (True, False, False)
    """
    if lastmod is None or state.lastmod is None or state.failures:
        return False
    return lastmod <= state.lastmod


def backoff_expiry(
    failures: int, now: datetime, base: float, cap: float | None = None
) -> datetime | None:
    """When the back-off after ``failures`` consecutive failures ends (``None``: no back-off).

    ``base`` seconds after the first failure, doubling with each further one,
    at most ``cap`` seconds.

    >>> from datetime import UTC
    >>> now = datetime(2026, 1, 1, tzinfo=UTC)
    >>> [backoff_expiry(n, now, 86400).day for n in (1, 2, 3)]
    [2, 3, 5]
    >>> backoff_expiry(9, now, 86400, cap=7 * 86400).day, backoff_expiry(1, now, 0)
    (8, None)
    """
    if base <= 0 or failures < 1:
        return None
    seconds = base * 2 ** min(failures - 1, 40)
    return now + timedelta(seconds=seconds if cap is None else min(seconds, cap))


def looks_like_html(body: bytes) -> bool:
    """True when a body that should be a sitemap or feed is an HTML page.

    >>> looks_like_html(b"  <!DOCTYPE html><html>"), looks_like_html(b"<HTML><body>")
    (True, True)
    >>> looks_like_html(b'<?xml version="1.0"?><urlset>'), looks_like_html(b"\\x1f\\x8b...")
    (False, False)
    """
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


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
