"""Spider middleware of a frontier crawl: who seeds discovery, and ``--max-articles``
counted across every worker of the crawl."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawler.crawling.context import context_of
from newscrawler.frontier.keys import Keys, connect
from newscrawler.frontier.registry import register

logger = logging.getLogger(__name__)


class FrontierSpiderMiddleware:
    """The first process of a crawl (a Redis ``SET NX``) yields the spider's start
    requests; the others yield none and take work from the shared queue.

    An article counts towards ``--max-articles`` when the spider yields it (as in a
    single-process crawl): a shared counter hands out places, and an article without a
    place is dropped and the crawl is told to stop everywhere.
    """

    def __init__(self, crawler: Crawler, server: Any, keys: Keys) -> None:
        self.crawler = crawler
        self.server = server
        self.keys = keys
        self.max_articles: int | None = None
        self.seed_seconds = seed_seconds(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierSpiderMiddleware:
        settings = crawler.settings
        if not settings.get("FRONTIER_URL"):
            raise NotConfigured("FRONTIER_URL is not set")
        return cls(crawler, connect(settings["FRONTIER_URL"]), Keys.of(settings))

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        stats = self.crawler.stats
        assert stats is not None
        if not self.server.set(self.keys.seeded, "seeding", nx=True, ex=self.seed_seconds):
            stats.set_value("frontier/seeder", False)
            logger.info("frontier: joining crawl %s", self.keys.crawl_id)
            return
        stats.set_value("frontier/seeder", True)
        spec = json.loads(self.crawler.settings.get("FRONTIER_SPEC") or "{}")
        register(self.server, self.keys.prefix, self.keys.crawl_id, spec)
        logger.info("frontier: seeding crawl %s", self.keys.crawl_id)
        seeded = False
        renewed = time.monotonic()
        try:
            async for entry in start:
                # The marker outlives a killed seeder by at most its lease: then a worker
                # inside the crawl seeds it again (FrontierExtension.reseed).
                if time.monotonic() - renewed > self.seed_seconds / 4:
                    self.server.expire(self.keys.seeded, self.seed_seconds)
                    renewed = time.monotonic()
                yield entry
            seeded = True
        finally:
            if seeded:
                self.server.set(self.keys.seeded, "done")
            else:
                self.unseed()

    def unseed(self) -> None:
        """Stopped while seeding (SIGTERM): the crawl goes back to the workers, the next
        one to join seeds it again (requests already queued are in the seen-set)."""
        logger.warning(
            "frontier: stopped while seeding crawl %s: enqueued again", self.keys.crawl_id
        )
        pipe = self.server.pipeline(transaction=True)
        pipe.delete(self.keys.seeded)
        pipe.set(self.keys.enqueued, "1")
        pipe.execute()

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for entry in result:
            if isinstance(entry, Request) or self.take_place():
                yield entry

    def take_place(self) -> bool:
        """True when an article may go on (a place under ``--max-articles`` is free)."""
        limit = context_of(self.crawler.spider).max_articles if self.crawler.spider else None
        if not limit:
            return True
        taken = int(self.server.incr(self.keys.articles))
        if taken <= int(limit):
            return True
        self.server.set(self.keys.stop, "max_articles")
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("pages/skipped/max_articles")
        return False


def seed_seconds(settings: Any) -> int:
    """How long a seeder's ``seeding`` marker lives unless renewed (its lease)."""
    seconds: float = settings.getfloat("FRONTIER_LEASE_SECONDS", 60.0)
    return max(1, round(seconds))
