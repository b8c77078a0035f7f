"""The incremental middleware: skip stored articles, conditional GET, validators saved safely."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spiders import Spider
from scrapy.statscollectors import MemoryStatsCollector

from newscrawler.crawling.context import CrawlContext
from newscrawler.incremental.middleware import (
    IncrementalMiddleware,
    fetch_decision,
    is_sitemap_index,
)
from storage import fetchstate
from storage.db import Database, open_archive
from storage.fetchstate import StoredArticle, Validators
from storage.upsert import upsert_articles
from tests.scrapy_support import get_crawler

ARTICLE = "http://news.test/2026/01/05/story-1"
SITEMAP = "http://news.test/sitemap-news.xml"
T0 = datetime(2026, 1, 5, 10, tzinfo=UTC)


def day(n: int) -> datetime:
    return datetime(2026, 1, n, tzinfo=UTC)


@pytest.mark.parametrize(
    ("stored", "state", "lastmod", "expected"),
    [
        (None, None, None, "new"),
        (None, None, day(3), "new"),
        (StoredArticle(day(1), None, day(10)), None, None, "known"),
        (StoredArticle(day(1), None, day(10)), None, day(1), "known"),
        (StoredArticle(day(1), day(4), day(10)), None, day(3), "known"),
        (StoredArticle(day(1), day(4), day(10)), None, day(5), "changed"),
        (StoredArticle(None, None, day(10)), None, day(9), "known"),
        (StoredArticle(None, None, day(10)), None, day(11), "changed"),
        # the lastmod seen at a fetch that was stored (seen later) is the reference
        (
            StoredArticle(day(1), None, day(10)),
            Validators(None, None, day(6), day(9)),
            day(6),
            "known",
        ),
        (
            StoredArticle(day(1), None, day(10)),
            Validators(None, None, day(6), day(9)),
            day(7),
            "changed",
        ),
        # ... but not a fetch whose article never reached the archive (killed crawl)
        (
            StoredArticle(day(1), None, day(8)),
            Validators(None, None, day(6), day(9)),
            day(6),
            "changed",
        ),
    ],
)
def test_fetch_decision(
    stored: StoredArticle | None, state: Validators | None, lastmod: datetime | None, expected: str
) -> None:
    assert fetch_decision(stored, state, lastmod) == expected


def test_is_sitemap_index_reads_gzip() -> None:
    body = b'<?xml version="1.0"?>\n<sitemapindex><sitemap><loc>x</loc></sitemap></sitemapindex>'
    assert is_sitemap_index(gzip.compress(body))
    assert not is_sitemap_index(gzip.compress(b"<urlset></urlset>"))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_archive(f"sqlite:///{tmp_path / 'archive.sqlite'}")
    yield database
    database.dispose()


@pytest.fixture
def any_db(db_url: str) -> Iterator[Database]:
    """The archive on SQLite, then PostgreSQL (``db`` here is SQLite only)."""
    database = open_archive(db_url)
    yield database
    database.dispose()


def make_mw(db: Database, **kwargs: bool) -> IncrementalMiddleware:
    crawler = get_crawler(Spider)
    return IncrementalMiddleware(db, MemoryStatsCollector(crawler), **kwargs)


def store(db: Database, url: str, published: datetime) -> None:
    item = {
        "url": url, "canonical_url": url, "site": "news.test", "title": "শিরোনাম",
        "body": "বাংলা লেখা " * 20, "published_at": published, "fetched_at": published,
    }  # fmt: skip
    with db.session() as session:
        upsert_articles(session, [item], None)


def article(url: str = ARTICLE, lastmod: datetime | None = None) -> Request:
    return Request(url, meta={"kind": "article", "site": "news.test", "lastmod": lastmod})


def test_new_article_passes_and_stored_article_is_skipped(db: Database) -> None:
    mw = make_mw(db)
    assert mw.process_request(article()) is None
    store(db, ARTICLE, T0)
    assert mw.is_known(ARTICLE) and not mw.is_known(ARTICLE + "-2")
    with pytest.raises(IgnoreRequest):
        mw.process_request(article())
    with pytest.raises(IgnoreRequest):
        mw.process_request(article(ARTICLE + "?utm_source=fb", lastmod=T0))
    assert mw.process_request(article(lastmod=T0 + timedelta(hours=1))) is None
    assert mw.stats.get_value("incremental/skipped") == 2
    assert mw.stats.get_value("incremental/new") == 1
    assert mw.stats.get_value("incremental/changed") == 1


def test_refresh_fetches_stored_articles(db: Database) -> None:
    store(db, ARTICLE, T0)
    mw = make_mw(db, refresh=True)
    assert mw.process_request(article()) is None
    spider_refresh = make_mw(db)
    spider_refresh.spider_opened(Spider("news", context=CrawlContext("news.test", refresh=True)))
    assert spider_refresh.process_request(article()) is None


def sitemap(headers: dict[str, str] | None = None) -> Request:
    return Request(SITEMAP, meta={"kind": "sitemap", "site": "news.test"}, headers=headers)


def ok(request: Request, body: bytes = b"<urlset></urlset>") -> Response:
    headers = {"ETag": '"v1"', "Last-Modified": "Mon, 05 Jan 2026 10:00:00 GMT"}
    return Response(request.url, status=200, headers=headers, body=body, request=request)


def test_conditional_get_after_a_finished_crawl(any_db: Database) -> None:
    db = any_db
    first = make_mw(db)
    request = sitemap()
    first.process_request(request)
    assert b"If-None-Match" not in request.headers
    first.process_response(request, ok(request))
    first.spider_closed(Spider("news"), "finished")

    second = make_mw(db)
    request = sitemap()
    second.process_request(request)
    assert request.headers[b"If-None-Match"] == b'"v1"'
    assert request.headers[b"If-Modified-Since"] == b"Mon, 05 Jan 2026 10:00:00 GMT"
    with pytest.raises(IgnoreRequest):
        second.process_response(request, Response(SITEMAP, status=304, request=request))
    assert second.stats.get_value("incremental/not_modified") == 1


@pytest.mark.parametrize(
    ("reason", "failures", "body"),
    [
        ("shutdown", 0, b"<urlset></urlset>"),  # interrupted: entries may be unfetched
        ("max_articles", 0, b"<urlset></urlset>"),  # bounded
        ("finished", 1, b"<urlset></urlset>"),  # an article fetch failed
        ("finished", 0, b"<sitemapindex></sitemapindex>"),  # indexes are always re-read
    ],
)
def test_validators_not_kept_unless_complete(
    db: Database, reason: str, failures: int, body: bytes
) -> None:
    mw = make_mw(db)
    request = sitemap()
    mw.process_response(request, ok(request, body))
    for _ in range(failures):
        mw.process_exception(article(), TimeoutError())
    mw.spider_closed(Spider("news"), reason)
    state = fetchstate.validators(db, SITEMAP)
    assert state is None or state.etag is None
    request = sitemap()
    make_mw(db).process_request(request)
    assert b"If-None-Match" not in request.headers


def test_a_failed_article_only_voids_its_own_sitemap(db: Database) -> None:
    mw = make_mw(db)
    other = "http://news.test/feed.xml"
    for url in (SITEMAP, other):
        request = Request(url, meta={"kind": "feed", "site": "news.test"})
        mw.process_response(request, ok(request))
    failed = article()
    failed.headers[b"Referer"] = other
    mw.process_exception(failed, TimeoutError())
    mw.spider_closed(Spider("news"), "finished")
    kept = fetchstate.validators(db, SITEMAP)
    assert kept is not None and kept.etag == '"v1"'
    assert fetchstate.validators(db, other) is None


def test_refresh_sends_no_validators(db: Database) -> None:
    fetchstate.save_fetch_states(db, [{"url": SITEMAP, "site": "news.test", "etag": '"v1"'}])
    request = sitemap()
    make_mw(db, refresh=True).process_request(request)
    assert b"If-None-Match" not in request.headers


def test_article_fetch_state_and_high_water_mark(any_db: Database) -> None:
    db = any_db
    mw = make_mw(db)
    request = article(lastmod=T0)
    mw.process_response(request, ok(request, b"<html></html>"))
    store(db, ARTICLE, T0)
    mw.spider_closed(Spider("news"), "finished")
    assert fetchstate.validators(db, ARTICLE) is None  # storage never said it kept the item
    mw = make_mw(db)
    mw.process_response(request, ok(request, b"<html></html>"))
    mw.items_kept([ARTICLE], stored=True)  # the storage pipeline's signal
    mw.spider_closed(Spider("news"), "finished")
    state = fetchstate.validators(db, ARTICLE)
    assert state is not None and state.lastmod == T0
    assert mw.high_water_mark("news.test") == T0
    # the stored fetch's lastmod decides: same lastmod skips, a newer one fetches
    again = make_mw(db)
    with pytest.raises(IgnoreRequest):
        again.process_request(article(lastmod=T0))
    assert again.process_request(article(lastmod=T0 + timedelta(seconds=1))) is None


def test_a_dead_lettered_page_is_never_remembered_as_not_an_article(any_db: Database) -> None:
    mw = make_mw(any_db)
    request = article(lastmod=T0)
    mw.process_response(request, ok(request, b"<html></html>"))
    mw.items_kept([ARTICLE], stored=False)  # in the dead-letter file, not in the archive
    mw.spider_closed(Spider("news"), "finished")
    state = fetchstate.validators(any_db, ARTICLE)
    assert state is not None and state.content_hash is None
    assert make_mw(any_db).process_request(article(lastmod=T0)) is None  # fetched again


@pytest.mark.parametrize(
    ("reason", "max_articles", "remembered"),
    [("finished", None, True), ("finished", 5, False), ("shutdown", None, False)],
)
def test_pages_that_were_not_articles(
    db: Database, reason: str, max_articles: int | None, remembered: bool
) -> None:
    about = "http://news.test/about/"
    mw = make_mw(db)
    request = article(about)
    mw.process_response(request, ok(request, b"<html>about us</html>"))
    spider = Spider("news", context=CrawlContext("news.test", max_articles=max_articles))
    mw.spider_closed(spider, reason)
    again = make_mw(db)
    if remembered:
        with pytest.raises(IgnoreRequest):
            again.process_request(article(about))
        assert again.stats.get_value("incremental/not_article") == 1
        later = datetime.now(UTC) + timedelta(days=1)
        assert again.process_request(article(about, lastmod=later)) is None
    else:
        assert again.process_request(article(about)) is None


def test_a_page_fetched_from_a_listing_gets_its_sitemap_date(db: Database) -> None:
    mw = make_mw(db)
    request = article()  # from a listing: no lastmod
    mw.process_response(request, ok(request, b"<html></html>"))
    store(db, ARTICLE, T0 - timedelta(days=1))
    mw.items_kept([ARTICLE], stored=True)
    mw.note_lastmod(ARTICLE, T0)  # the same URL met in a sitemap later in the crawl
    mw.spider_closed(Spider("news"), "finished")
    state = fetchstate.validators(db, ARTICLE)
    assert state is not None and state.lastmod == T0 and state.content_hash is None
    with pytest.raises(IgnoreRequest):
        make_mw(db).process_request(article(lastmod=T0))  # the same date: not fetched again
