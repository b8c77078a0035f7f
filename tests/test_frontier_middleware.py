"""The frontier's spider middleware: one process seeds a crawl; a seeder stopped halfway
gives the crawl back to the workers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import redis

from newscrawler.frontier.keys import Keys
from newscrawler.frontier.middleware import FrontierSpiderMiddleware
from newscrawler.frontier.registry import pending_crawl
from tests.scrapy_support import get_crawler

pytestmark = pytest.mark.redis


def middleware(redis_url: str, prefix: str) -> FrontierSpiderMiddleware:
    settings = {
        "FRONTIER_URL": redis_url,
        "FRONTIER_KEY_PREFIX": prefix,
        "FRONTIER_CRAWL_ID": "seed",
        "FRONTIER_SPEC": '{"starts": ["https://a.example/"]}',
    }
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    return FrontierSpiderMiddleware.from_crawler(crawler)


async def starts() -> AsyncIterator[str]:
    for n in range(5):
        yield f"request {n}"


async def take(mw: FrontierSpiderMiddleware, count: int | None) -> list[str]:
    taken = []
    gen = mw.process_start(starts())
    async for entry in gen:
        taken.append(entry)
        if count is not None and len(taken) == count:
            await gen.aclose()  # what the engine's stop does to it
            break
    return taken


def test_the_first_process_seeds_and_the_next_joins(redis_prefix: tuple[str, str]) -> None:
    url, prefix = redis_prefix
    assert len(asyncio.run(take(middleware(url, prefix), None))) == 5
    server = redis.Redis.from_url(url)
    assert server.get(Keys(prefix, "seed").seeded) == b"done"
    assert server.ttl(Keys(prefix, "seed").seeded) == -1  # done is for good
    assert asyncio.run(take(middleware(url, prefix), None)) == []


def test_a_seeding_flag_lives_out_the_seeders_lease(redis_prefix: tuple[str, str]) -> None:
    url, prefix = redis_prefix
    server = redis.Redis.from_url(url)

    async def first_only() -> None:
        gen = middleware(url, prefix).process_start(starts())
        await gen.__anext__()
        # Killed here, while seeding: the flag would expire after the lease (60 s).
        assert 0 < server.ttl(Keys(prefix, "seed").seeded) <= 60

    asyncio.run(first_only())


def test_a_seeder_stopped_halfway_gives_the_crawl_back(redis_prefix: tuple[str, str]) -> None:
    url, prefix = redis_prefix
    server = redis.Redis.from_url(url)
    assert len(asyncio.run(take(middleware(url, prefix), 2))) == 2
    keys = Keys(prefix, "seed")
    assert server.get(keys.seeded) is None
    found = pending_crawl(server, prefix)
    assert found is not None and found[0] == "seed"
    # The next process seeds it again, in full.
    assert len(asyncio.run(take(middleware(url, prefix), None))) == 5
    assert server.get(keys.seeded) == b"done"
