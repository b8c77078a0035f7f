"""robots.txt per RFC 9309: 5xx or no answer disallows all, 4xx allows all, large files read."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.internet.defer import Deferred

from newscrawler.plugins.robots import RobotsTxtMiddleware

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
