"""The crawl's shared robots.txt: kept in Redis for ROBOTSTXT_CACHE_SECONDS, with its age."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Spider
from scrapy.http import Request, Response

from newscrawler.frontier.keys import Keys, connect
from newscrawler.frontier.robots import SharedRobotsMiddleware
from tests.scrapy_support import get_crawler

pytestmark = pytest.mark.redis
ROBOTS = "http://news.test/robots.txt"


def test_a_shared_copy_expires_with_the_cache_period_and_says_its_age(
    redis_prefix: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, prefix = redis_prefix
    server = connect(url)
    keys = Keys(prefix, "crawl1")
    mw = SharedRobotsMiddleware(get_crawler(Spider), server, keys, cache_seconds=3600)
    now = [1_000_000.0]
    monkeypatch.setattr("time.time", lambda: now[0])
    fetch = Request(ROBOTS, meta={"dont_obey_robotstxt": True})
    mw.process_response(fetch, Response(ROBOTS, body=b"User-agent: *\nDisallow: /x/\n"))
    assert 3590 < server.ttl(keys.robots("news.test")) <= 3600  # Redis forgets it then
    now[0] += 600  # another worker, ten minutes later
    other = Request(ROBOTS, meta={"dont_obey_robotstxt": True})
    answer = asyncio.run(mw.process_request(other))
    assert answer is not None and b"Disallow: /x/" in answer.body
    assert other.meta["robotstxt_age"] == 600  # its copy expires when the shared one does
