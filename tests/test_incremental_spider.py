"""The incremental spider middleware: bounded listing walks, late lastmods re-issued."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import Request, Response
from scrapy.spiders import Spider
from scrapy.statscollectors import MemoryStatsCollector

from newscrawler.incremental.middleware import IncrementalMiddleware
from newscrawler.incremental.spider import IncrementalSpiderMiddleware
from storage import fetchstate
from storage.db import open_archive
from storage.upsert import upsert_articles
from tests.scrapy_support import get_crawler

HOME = "http://news.test/"
OLD = "http://news.test/a/1"
NEW = "http://news.test/a/2"
T0 = datetime(2026, 1, 5, tzinfo=UTC)


class Crawler:
    """Just what the middleware asks of a crawler."""

    def __init__(self, incremental: IncrementalMiddleware) -> None:
        self.incremental = incremental

    def get_downloader_middleware(self, cls: type) -> IncrementalMiddleware:
        return self.incremental


@pytest.fixture
def mws(tmp_path: Path) -> Iterator[tuple[IncrementalMiddleware, IncrementalSpiderMiddleware]]:
    db = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    item = {"url": OLD, "canonical_url": OLD, "site": "news", "title": "ক", "body": "খ " * 50,
            "published_at": T0}  # fmt: skip
    with db.session() as session:
        upsert_articles(session, [item], None)
    stats = MemoryStatsCollector(get_crawler(Spider))
    incremental = IncrementalMiddleware(db, stats)
    spider_mw = IncrementalSpiderMiddleware(Crawler(incremental), stats)  # type: ignore[arg-type]
    yield incremental, spider_mw
    db.dispose()


def req(url: str, kind: str, lastmod: datetime | None = None) -> Request:
    return Request(url, meta={"kind": kind, "site": "news", "lastmod": lastmod})


def run(mw: IncrementalSpiderMiddleware, response: Response, outputs: list[Any]) -> list[Any]:
    async def source() -> AsyncIterator[Any]:
        for output in outputs:
            yield output

    async def collect() -> list[Any]:
        return [o async for o in mw.process_spider_output(response, source())]

    return asyncio.run(collect())


def listing(depth: int = 1) -> Response:
    request = req(HOME + "section", "listing")
    request.meta["listing_depth"] = depth
    return Response(request.url, request=request)


class Engine:
    def __init__(self) -> None:
        self.crawled: list[Request] = []

    def crawl(self, request: Request) -> None:
        self.crawled.append(request)


@pytest.mark.parametrize(("in_sitemap", "released"), [(True, False), (False, True)])
def test_home_sections_wait_for_sitemaps(
    mws: tuple[IncrementalMiddleware, IncrementalSpiderMiddleware],
    in_sitemap: bool,
    released: bool,
) -> None:
    from scrapy.exceptions import DontCloseSpider

    incremental, spider_mw = mws
    fetchstate.advance_high_water_mark(incremental.db, "news")
    spider_mw.crawler.engine = engine = Engine()  # type: ignore[attr-defined]
    home = listing(depth=0)
    outputs = run(spider_mw, home, [req(NEW, "article"), req(HOME + "section", "listing")])
    assert [o.meta["kind"] for o in outputs] == ["article"]  # the section is held back
    article_page = Response(NEW, request=req(NEW, "article"))
    run(spider_mw, article_page, [{"title": "an item"}])
    if in_sitemap:
        sitemap = Response(HOME + "sitemap.xml", request=req(HOME + "sitemap.xml", "sitemap"))
        run(spider_mw, sitemap, [req(NEW, "article", T0)])
    if released:
        with pytest.raises(DontCloseSpider):
            spider_mw.spider_idle()
    else:
        spider_mw.spider_idle()
    assert [r.url for r in engine.crawled] == ([HOME + "section"] if released else [])


@pytest.mark.parametrize(
    ("walked", "links", "followed"),
    [
        (True, [OLD], False),  # everything known: stop the walk
        (True, [OLD, NEW], True),  # something new: go on
        (False, [OLD], True),  # never walked to the end before: walk it all
        (True, [], False),  # no article links at all
    ],
)
def test_listing_bound(
    mws: tuple[IncrementalMiddleware, IncrementalSpiderMiddleware],
    walked: bool,
    links: list[str],
    followed: bool,
) -> None:
    incremental, spider_mw = mws
    if walked:
        fetchstate.advance_high_water_mark(incremental.db, "news")
    outputs = [*(req(u, "article") for u in links), req(HOME + "page/2", "listing")]
    kinds = [o.meta["kind"] for o in run(spider_mw, listing(), outputs)]
    assert kinds.count("article") == len(links)
    assert ("listing" in kinds) is followed


def test_articles_requested_earlier_in_the_crawl_count_as_known(
    mws: tuple[IncrementalMiddleware, IncrementalSpiderMiddleware],
) -> None:
    incremental, spider_mw = mws
    fetchstate.advance_high_water_mark(incremental.db, "news")
    sitemap = Response(HOME + "sitemap.xml", request=req(HOME + "sitemap.xml", "sitemap"))
    run(spider_mw, sitemap, [req(NEW, "article", T0)])
    outputs = run(spider_mw, listing(), [req(NEW, "article"), req(HOME + "page/2", "listing")])
    assert [o.meta["kind"] for o in outputs] == ["article"]


def test_a_late_lastmod_is_reissued(
    mws: tuple[IncrementalMiddleware, IncrementalSpiderMiddleware],
) -> None:
    incremental, spider_mw = mws
    from scrapy.exceptions import IgnoreRequest

    with pytest.raises(IgnoreRequest):
        incremental.process_request(req(OLD, "article"))  # from a listing: skipped
    sitemap = Response(HOME + "sitemap.xml", request=req(HOME + "sitemap.xml", "sitemap"))
    (again,) = run(spider_mw, sitemap, [req(OLD, "article", T0)])
    assert again.dont_filter
    with pytest.raises(IgnoreRequest):
        incremental.process_request(again)  # T0 is not newer than the stored article
    (same,) = run(spider_mw, sitemap, [req(OLD, "article", T0)])
    assert not same.dont_filter  # skipped with T0 already
    (newer,) = run(spider_mw, sitemap, [req(OLD, "article", T0.replace(day=9))])
    assert newer.dont_filter


def test_refresh_mode_passes_everything(
    mws: tuple[IncrementalMiddleware, IncrementalSpiderMiddleware],
) -> None:
    incremental, spider_mw = mws
    fetchstate.advance_high_water_mark(incremental.db, "news")
    incremental.refresh = True
    outputs = [req(OLD, "article"), req(HOME + "page/2", "listing")]
    assert len(run(spider_mw, listing(), outputs)) == 2
