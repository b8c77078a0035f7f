"""The incremental middleware across crawls: failed URLs back off, unchanged child sitemaps wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spiders import Spider
from scrapy.statscollectors import MemoryStatsCollector
from twisted.internet.error import ConnectionLost

from newscrawler.incremental.failures import FailureLog
from newscrawler.incremental.middleware import IncrementalMiddleware
from storage import fetchstate
from storage.db import Database
from tests.scrapy_support import get_crawler

SITEMAP = "http://news.test/sitemaps/pages.xml"
DEAD = "http://news.test/bad/reset"
DAY = timedelta(days=1)


def make_mw(
    db: Database, backoff: float = 86400, *, refresh: bool = False
) -> IncrementalMiddleware:
    stats = MemoryStatsCollector(get_crawler(Spider))
    return IncrementalMiddleware(db, stats, refresh=refresh, failures=FailureLog(backoff))


def entry(url: str = DEAD, lastmod: datetime | None = None) -> Request:
    request = Request(url, meta={"kind": "article", "site": "news.test", "lastmod": lastmod})
    request.headers[b"Referer"] = SITEMAP
    return request


def child_sitemap(lastmod: datetime | None = None) -> Request:
    return Request(SITEMAP, meta={"kind": "sitemap", "site": "news.test", "lastmod": lastmod})


def read_sitemap(mw: IncrementalMiddleware, lastmod: datetime | None = None) -> None:
    request = child_sitemap(lastmod)
    mw.process_request(request)
    headers = {"ETag": '"v1"'}
    mw.process_response(
        request, Response(SITEMAP, headers=headers, body=b"<urlset/>", request=request)
    )


def crawl_where_dead_fails(db: Database, backoff: float = 86400, **kwargs: datetime) -> None:
    """A finished crawl: the sitemap is read, its entry DEAD is sent and its connection resets."""
    mw = make_mw(db, backoff)
    read_sitemap(mw, kwargs.get("index_lastmod"))
    request = entry(lastmod=kwargs.get("lastmod"))
    mw.process_request(request)
    mw.process_exception(request, ConnectionLost())
    mw.spider_closed(Spider("news"), "finished")


def skipped(mw: IncrementalMiddleware, request: Request) -> bool:
    try:
        mw.process_request(request)
    except IgnoreRequest:
        return True
    return False


def age(db: Database, url: str, by: timedelta) -> None:
    """Move a URL's fetch_state back in time, as if it had been saved ``by`` earlier."""
    state = fetchstate.validators(db, url)
    assert state is not None and state.fetched_at is not None
    row = {
        "url": url, "site": "news.test", "etag": state.etag, "lastmod": state.lastmod,
        "fetched_at": state.fetched_at - by, "failures": state.failures,
        "expires_at": state.expires_at - by if state.expires_at else None,
    }  # fmt: skip
    fetchstate.save_fetch_states(db, [row])


def test_a_failed_url_backs_off_then_is_tried_again(db: Database) -> None:
    crawl_where_dead_fails(db)
    state = fetchstate.validators(db, DEAD)
    assert state is not None and state.failures == 1
    second = make_mw(db)
    assert skipped(second, entry())
    assert second.stats.get_value("incremental/backoff") == 1
    assert not skipped(second, entry(lastmod=datetime.now(UTC) + DAY))  # newly listed: fetch
    assert not skipped(make_mw(db, refresh=True), entry())
    age(db, DEAD, 2 * DAY)
    assert not skipped(make_mw(db), entry())  # the back-off expired


def test_back_off_doubles_with_each_failure(db: Database) -> None:
    crawl_where_dead_fails(db)
    age(db, DEAD, 2 * DAY)
    crawl_where_dead_fails(db)
    state = fetchstate.validators(db, DEAD)
    assert state is not None and state.failures == 2
    assert state.expires_at is not None and state.fetched_at is not None
    assert state.expires_at - state.fetched_at == 2 * DAY


def test_a_fetch_that_works_ends_the_back_off(db: Database) -> None:
    crawl_where_dead_fails(db)
    age(db, DEAD, 2 * DAY)
    mw = make_mw(db)
    request = entry()
    mw.process_request(request)
    mw.process_response(request, Response(DEAD, body=b"<html>about</html>", request=request))
    mw.spider_closed(Spider("news"), "finished")
    state = fetchstate.validators(db, DEAD)
    assert state is not None and not state.failures and state.content_hash  # now: not an article


@pytest.mark.parametrize("reason", ["shutdown", "max_articles"])
def test_failures_of_an_unfinished_crawl_are_not_kept(db: Database, reason: str) -> None:
    mw = make_mw(db)
    request = entry()
    mw.process_request(request)
    mw.process_exception(request, ConnectionLost())
    mw.spider_closed(Spider("news"), reason)
    assert fetchstate.validators(db, DEAD) is None


def test_the_sitemap_of_a_failed_entry_expires_with_its_back_off(db: Database) -> None:
    crawl_where_dead_fails(db)
    sitemap = fetchstate.validators(db, SITEMAP)
    dead = fetchstate.validators(db, DEAD)
    assert sitemap is not None and sitemap.etag == '"v1"'  # kept: its entry backs off
    assert dead is not None and sitemap.expires_at == dead.expires_at
    request = child_sitemap()
    make_mw(db).process_request(request)
    assert request.headers[b"If-None-Match"] == b'"v1"'
    age(db, SITEMAP, 2 * DAY)
    request = child_sitemap()
    mw = make_mw(db)
    mw.process_request(request)  # read in full, so that its entries are tried again
    assert b"If-None-Match" not in request.headers
    assert mw.stats.get_value("incremental/expired") == 1


def test_a_sitemap_read_while_entries_back_off_expires_with_them(db: Database) -> None:
    crawl_where_dead_fails(db)
    mw = make_mw(db)
    read_sitemap(mw)
    assert skipped(mw, entry())
    mw.spider_closed(Spider("news"), "finished")
    sitemap, dead = fetchstate.validators(db, SITEMAP), fetchstate.validators(db, DEAD)
    assert sitemap is not None and dead is not None and sitemap.expires_at == dead.expires_at


def test_without_back_off_a_failure_voids_its_sitemap(db: Database) -> None:
    crawl_where_dead_fails(db, backoff=0)
    assert fetchstate.validators(db, DEAD) is None
    assert fetchstate.validators(db, SITEMAP) is None


@pytest.mark.parametrize(
    ("index_lastmod", "skip"),
    [(timedelta(0), True), (-DAY, True), (DAY, False), (None, False)],
)
def test_a_child_sitemap_unchanged_in_its_index_is_not_requested(
    db: Database, index_lastmod: timedelta | None, skip: bool
) -> None:
    first = datetime(2026, 1, 5, tzinfo=UTC)
    mw = make_mw(db)
    read_sitemap(mw, first)
    mw.spider_closed(Spider("news"), "finished")
    second = make_mw(db)
    lastmod = None if index_lastmod is None else first + index_lastmod
    assert skipped(second, child_sitemap(lastmod)) == skip
    assert second.stats.get_value("incremental/unchanged_sitemap") == (1 if skip else None)


def test_an_html_page_for_a_sitemap_backs_off(db: Database) -> None:
    mw = make_mw(db)
    request = child_sitemap()
    mw.process_request(request)
    page = b"<!DOCTYPE html><html><body>coming soon</body></html>"
    mw.process_response(request, Response(SITEMAP, body=page, request=request))
    mw.spider_closed(Spider("news"), "finished")
    state = fetchstate.validators(db, SITEMAP)
    assert state is not None and state.failures == 1 and state.etag is None
    again = make_mw(db)
    assert skipped(again, child_sitemap())
    assert again.stats.get_value("incremental/backoff") == 1
