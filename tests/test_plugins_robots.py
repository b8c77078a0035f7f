"""robots.txt per RFC 9309: 5xx or no answer disallows all, 4xx allows all, large files
read, answers kept 24 hours at most (a kept copy outlives an unreachable file)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.internet.defer import Deferred

from newscrawler.plugins.robots import RobotsTxtMiddleware
from tests.scrapy_support import get_crawler

HOST = "news.test"
PAGE = Request(f"http://{HOST}/bangladesh/1")


def middleware() -> RobotsTxtMiddleware:
    crawler = get_crawler(Spider, {"ROBOTSTXT_OBEY": True})
    crawler.spider = Spider("news")
    return RobotsTxtMiddleware.from_crawler(crawler)


def settle_with(mw: RobotsTxtMiddleware, outcome: Any) -> None:
    mw._parsers[HOST] = Deferred()
    if isinstance(outcome, Exception):
        mw._robots_error(outcome, HOST)
    else:
        asyncio.run(mw._parse_robots(outcome, HOST, PAGE))


@pytest.mark.parametrize(
    ("outcome", "allowed", "stat"),
    [
        (Response(f"http://{HOST}/robots.txt", status=503), False, "robotstxt/disallow_all/5xx"),
        (Response(f"http://{HOST}/robots.txt", status=500), False, "robotstxt/disallow_all/5xx"),
        (ConnectionRefusedError("refused"), False, "robotstxt/disallow_all/error"),
        (TimeoutError("timed out"), False, "robotstxt/disallow_all/error"),
        (Response(f"http://{HOST}/robots.txt", status=404), True, "robotstxt/allow_all/4xx"),
        (Response(f"http://{HOST}/robots.txt", status=403), True, "robotstxt/allow_all/4xx"),
    ],
)
def test_answers_follow_rfc_9309(outcome: Any, allowed: bool, stat: str) -> None:
    mw = middleware()
    settle_with(mw, outcome)
    parser = mw._parsers[HOST]
    assert parser is not None and not isinstance(parser, Deferred)
    if allowed:
        mw.process_request_2(parser, PAGE)
    else:
        with pytest.raises(IgnoreRequest):
            mw.process_request_2(parser, PAGE)
    assert mw._stats.get_value(stat) == 1


def test_the_robots_request_asks_for_the_first_500_kib() -> None:
    request = middleware().robots_request("https", HOST)
    assert request.headers[b"Range"] == b"bytes=0-511999"
    assert request.meta["download_maxsize"] >= 8 * 1024 * 1024


class Site:
    """A host's robots.txt answers in turn, downloaded as the crawl's engine would."""

    def __init__(self, *answers: bytes | int | Exception) -> None:
        self.answers = list(answers)
        self.downloads = 0

    async def download_async(self, request: Request) -> Response:
        self.downloads += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, int):
            return Response(request.url, status=answer, request=request)
        return Response(request.url, body=answer, request=request)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def crawl_of(site: Site) -> tuple[RobotsTxtMiddleware, Clock]:
    mw = middleware()
    mw.crawler.engine = site  # type: ignore[assignment]
    mw.clock = clock = Clock()
    return mw, clock


def allowed(mw: RobotsTxtMiddleware, path: str) -> bool:
    request = Request(f"http://{HOST}{path}")
    parser = asyncio.run(mw.robot_parser(request))
    try:
        mw.process_request_2(parser, request)
        return True
    except IgnoreRequest:
        return False


NO_PRIVATE = b"User-agent: *\nDisallow: /private/\n"
NO_NEWS = b"User-agent: *\nDisallow: /news/\n"
DAY = 86400.0


def test_an_answer_is_kept_24_hours_then_asked_for_again() -> None:
    site = Site(NO_PRIVATE, NO_NEWS)
    mw, clock = crawl_of(site)
    assert not allowed(mw, "/private/1") and allowed(mw, "/news/1")
    clock.now += DAY - 1
    assert not allowed(mw, "/private/2") and site.downloads == 1  # still the same copy
    clock.now += 1
    assert allowed(mw, "/private/3") and not allowed(mw, "/news/3")  # the new rules
    assert site.downloads == 2 and mw._stats.get_value("robotstxt/refetched") == 1


@pytest.mark.parametrize("failure", [503, ConnectionRefusedError("refused")])
def test_a_kept_copy_stays_in_use_while_the_file_is_unreachable(failure: int | Exception) -> None:
    site = Site(NO_PRIVATE, failure, NO_NEWS)
    mw, clock = crawl_of(site)
    assert not allowed(mw, "/private/1")
    clock.now += DAY
    assert allowed(mw, "/news/1") and not allowed(mw, "/private/1")  # not "disallow all"
    assert mw._stats.get_value("robotstxt/kept_stale") == 1
    clock.now += DAY - 1
    assert allowed(mw, "/news/2") and site.downloads == 2  # asked again one period later
    clock.now += 1
    assert not allowed(mw, "/news/3") and allowed(mw, "/private/3")


def test_a_file_gone_since_allows_all_and_an_early_failure_is_retried() -> None:
    gone = Site(NO_PRIVATE, 404)
    mw, clock = crawl_of(gone)
    assert not allowed(mw, "/private/1")
    clock.now += DAY
    assert allowed(mw, "/private/2")  # 4xx: no rules any more
    down_at_first = Site(500, NO_PRIVATE)
    mw, clock = crawl_of(down_at_first)
    assert not allowed(mw, "/news/1")  # no copy kept: unreachable disallows all
    clock.now += DAY
    assert allowed(mw, "/news/1") and not allowed(mw, "/private/1")


def test_the_cache_period_is_a_setting() -> None:
    crawler = get_crawler(Spider, {"ROBOTSTXT_CACHE_SECONDS": 3600})
    assert RobotsTxtMiddleware.from_crawler(crawler).cache_seconds == 3600
    assert middleware().cache_seconds == DAY  # the default: RFC 9309's 24 hours


def test_a_copy_shared_by_other_workers_is_as_old_as_its_download() -> None:
    class Shared(Site):
        async def download_async(self, request: Request) -> Response:
            request.meta["robotstxt_age"] = 3600.0  # as the frontier's middleware marks it
            return await super().download_async(request)

    site = Shared(NO_PRIVATE, NO_NEWS)
    mw, clock = crawl_of(site)
    assert allowed(mw, "/news/1")
    clock.now += DAY - 3600
    assert not allowed(mw, "/news/2") and site.downloads == 2
