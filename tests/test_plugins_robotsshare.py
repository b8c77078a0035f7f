"""One robots.txt download per crawl: the spider is answered with the robots middleware's copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.spiders import Spider
from scrapy.statscollectors import MemoryStatsCollector

from newscrawler.plugins.robotsshare import MAX_KEPT, RobotsTxtShareMiddleware
from newscrawler.samplesite.server import serve
from newscrawler.samplesite.site import SampleSite
from tests.crawl_support import COMPONENTS, crawl, runs
from tests.scrapy_support import get_crawler

ROBOTS = "http://news.test/robots.txt"
BODY = b"User-agent: *\nSitemap: http://news.test/sitemap.xml\n"


def make_mw() -> RobotsTxtShareMiddleware:
    return RobotsTxtShareMiddleware(MemoryStatsCollector(get_crawler(Spider)))


def robots_middleware_fetch(mw: RobotsTxtShareMiddleware, url: str = ROBOTS) -> Response:
    """What Scrapy's RobotsTxtMiddleware's own request goes through."""
    request = Request(url, meta={"dont_obey_robotstxt": True})
    assert mw.process_request(request) is None  # always downloaded
    response = Response(url, body=BODY, request=request)
    return mw.process_response(request, response)


def spider_request(url: str = ROBOTS) -> Request:
    return Request(url, meta={"kind": "robots", "site": "news.test"})


def test_the_spider_gets_the_robots_middlewares_copy_once() -> None:
    mw = make_mw()
    robots_middleware_fetch(mw)
    request = spider_request()
    answer = mw.process_request(request)
    assert answer is not None and answer.body == BODY and answer.request is request
    assert mw.stats.get_value("robotstxt/shared") == 1
    assert mw.process_request(spider_request()) is None  # a second ask is downloaded


@pytest.mark.parametrize(
    "url", ["http://news.test/", "http://news.test/robots.txt.bak", "http://other.test/robots.txt"]
)
def test_other_requests_go_out(url: str) -> None:
    mw = make_mw()
    robots_middleware_fetch(mw)
    assert mw.process_request(spider_request(url)) is None


def test_without_the_robots_middleware_nothing_is_kept() -> None:
    mw = make_mw()
    request = spider_request()
    mw.process_response(request, Response(ROBOTS, body=BODY, request=request))
    assert mw.process_request(spider_request()) is None


def test_kept_copies_are_bounded() -> None:
    mw = make_mw()
    for n in range(MAX_KEPT + 5):
        robots_middleware_fetch(mw, f"http://host{n}.test/robots.txt")
    assert len(mw.kept) == MAX_KEPT
    assert mw.process_request(spider_request("http://host0.test/robots.txt")) is None


def test_a_copy_older_than_the_cache_period_is_not_shared() -> None:
    mw = make_mw()
    now = [1000.0]
    mw.clock = lambda: now[0]
    robots_middleware_fetch(mw)
    now[0] += mw.cache_seconds  # RFC 9309: 24 hours at most
    assert mw.process_request(spider_request()) is None  # downloaded afresh


def test_off_without_robotstxt_obey() -> None:
    with pytest.raises(NotConfigured):
        RobotsTxtShareMiddleware.from_crawler(get_crawler(Spider, {"ROBOTSTXT_OBEY": False}))


@pytest.mark.slow
def test_a_crawl_downloads_robots_txt_once(tmp_path: Path) -> None:
    middlewares = COMPONENTS["DOWNLOADER_MIDDLEWARES"] | {
        "newscrawler.plugins.robotsshare.RobotsTxtShareMiddleware": 110
    }
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with serve(SampleSite(count=6)) as running:
        profile = running.write_profile(tmp_path)
        settings = {"DOWNLOADER_MIDDLEWARES": json.dumps(middlewares)}
        crawl(profile, db_url, tmp_path / "data", settings=settings)
        paths = [path for _method, path, _status in running.requests]
    assert paths.count("/robots.txt") == 1
    stats = runs(db_url)[-1]["stats"]
    assert stats["robotstxt/shared"] == 1
    assert stats["discover/sitemaps_in_robots"] >= 1  # the spider still read its Sitemap: lines
    assert stats["robotstxt/forbidden"] >= 1  # and the robots middleware its rules
