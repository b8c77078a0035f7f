"""A site's global politeness budget: tokens, the shared delay and the shared AutoThrottle,
against a real Redis (the Lua scripts are given explicit clocks: no sleeps)."""

from __future__ import annotations

from typing import Any

import pytest
import redis
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawler.frontier.config import global_delay_settings
from newscrawler.frontier.keys import Keys
from newscrawler.frontier.politeness import TOKEN, SitePolitenessMiddleware

pytestmark = pytest.mark.redis

SITE = "a.example"


def middleware(url: str, prefix: str, **settings: Any) -> SitePolitenessMiddleware:
    crawl = {"FRONTIER_URL": url, "FRONTIER_KEY_PREFIX": prefix, "FRONTIER_CRAWL_ID": "c1"}
    crawler = get_crawler(settings_dict={**crawl, **settings})
    return SitePolitenessMiddleware(crawler, redis.Redis.from_url(url), Keys.of(crawler.settings))


def acquire(mw: SitePolitenessMiddleware, token: str, now: float) -> int:
    """Milliseconds to wait (0: the token was taken at ``now``)."""
    keys = [mw.keys.site_slots(SITE), mw.keys.site_next(SITE), mw.keys.site_delay(SITE)]
    return int(mw.acquire(keys=keys, args=[token, now, mw.limit, mw.start_delay, 60]))


def answer(mw: SitePolitenessMiddleware, token: str, latency: float, status: int = 200) -> None:
    request = Request(f"http://{SITE}/x", meta={TOKEN: (SITE, token), "download_latency": latency})
    mw.process_response(request, HtmlResponse(request.url, status=status, request=request))


def shared_delay(mw: SitePolitenessMiddleware) -> float | None:
    value = mw.server.get(mw.keys.site_delay(SITE))
    return None if value is None else float(value)


def test_a_frontier_crawl_gives_its_delay_to_the_shared_budget() -> None:
    settings = Settings({"DOWNLOAD_DELAY": 0.25, "AUTOTHROTTLE_ENABLED": True})
    moved = global_delay_settings(settings)
    assert moved["FRONTIER_SITE_DELAY"] == 0.25 and moved["FRONTIER_AUTOTHROTTLE"] is True
    # Scrapy's own per-worker delay would send a granted request late.
    assert moved["DOWNLOAD_DELAY"] == 0 and moved["RANDOMIZE_DOWNLOAD_DELAY"] is False
    assert moved["AUTOTHROTTLE_ENABLED"] is False
    settings.set("FRONTIER_POLITENESS", False)
    assert global_delay_settings(settings) == {}


def test_two_workers_share_one_fixed_delay_and_one_concurrency(
    redis_prefix: tuple[str, str],
) -> None:
    url, prefix = redis_prefix
    options = {"FRONTIER_SITE_DELAY": 0.5, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}
    one, two = middleware(url, prefix, **options), middleware(url, prefix, **options)
    assert acquire(one, "t1", now=100.0) == 0
    assert acquire(two, "t2", now=100.25) == 250  # the delay runs from the other's start
    assert acquire(two, "t2", now=100.5) == 0
    assert acquire(one, "t3", now=101.0) == 20  # two tokens out: wait for one back
    answer(two, "t2", latency=0.1)
    assert acquire(one, "t3", now=101.0) == 0
    assert shared_delay(one) is None  # no AutoThrottle: the delay stays fixed


def test_every_workers_answers_adjust_one_delay_by_autothrottles_rule(
    redis_prefix: tuple[str, str],
) -> None:
    url, prefix = redis_prefix
    options = {
        "FRONTIER_SITE_DELAY": 0.05,
        "FRONTIER_AUTOTHROTTLE": True,
        "AUTOTHROTTLE_START_DELAY": 0.5,
        "AUTOTHROTTLE_MAX_DELAY": 3.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
    }
    one, two = middleware(url, prefix, **options), middleware(url, prefix, **options)
    assert acquire(one, "t1", now=100.0) == 0
    assert acquire(two, "t2", now=100.25) == 250  # the start delay until a first answer
    answer(one, "t1", latency=0.2)  # target 0.1: halfway from 0.5
    assert shared_delay(two) == pytest.approx(0.3)
    assert acquire(two, "t2", now=100.5) == 0
    assert acquire(one, "t3", now=100.75) == 50  # the other worker's answer set the delay
    answer(two, "t2", latency=0.02)
    assert shared_delay(one) == pytest.approx(0.155)
    for token in ("t4", "t5", "t6", "t7", "t8", "t9"):
        answer(one, token, latency=0.0)  # a fast site: down to DOWNLOAD_DELAY, not below
    assert shared_delay(one) == pytest.approx(0.05)
    answer(one, "t10", latency=0.01, status=404)  # an error page never lowers it ...
    assert shared_delay(one) == pytest.approx(0.05)
    answer(one, "t11", latency=10.0, status=503)  # ... but a slow one raises it, to the max
    assert shared_delay(one) == pytest.approx(3.0)


def test_a_request_without_a_token_and_a_failed_one_leave_the_delay_alone(
    redis_prefix: tuple[str, str],
) -> None:
    url, prefix = redis_prefix
    mw = middleware(url, prefix, FRONTIER_SITE_DELAY=0.05, FRONTIER_AUTOTHROTTLE=True)
    request = Request(f"http://{SITE}/x", meta={"download_latency": 0.3})
    mw.process_response(request, HtmlResponse(request.url, request=request))
    assert acquire(mw, "t1", now=100.0) == 0
    failed = Request(f"http://{SITE}/y", meta={TOKEN: (SITE, "t1"), "download_latency": 9.0})
    mw.process_exception(failed, ConnectionError())
    assert shared_delay(mw) is None
    assert mw.server.zcard(mw.keys.site_slots(SITE)) == 0  # the token is back
