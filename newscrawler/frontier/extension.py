"""When a frontier crawl is over: the extension that keeps a worker open while others
still have work in hand, stops every worker at ``--max-articles``, marks the crawl
finished, and seeds again a crawl whose seeder was lost."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from newscrawler.frontier.keys import CRAWLS, Keys, connect
from newscrawler.frontier.middleware import seed_seconds

logger = logging.getLogger(__name__)

FINISHED = "finished"


class FrontierExtension:
    """Crawl-wide end: a worker closes when the shared queue is empty, nobody holds a
    lease and discovery was seeded; the last one marks the crawl finished and lets its
    keys expire after ``FRONTIER_FINISHED_TTL`` seconds."""

    def __init__(self, crawler: Crawler, server: Any, keys: Keys) -> None:
        self.crawler = crawler
        self.server = server
        self.keys = keys
        self.finished_ttl = crawler.settings.getint("FRONTIER_FINISHED_TTL", 600)
        self.seed_seconds = seed_seconds(crawler.settings)
        self.closing = False
        self.loop: task.LoopingCall | None = None
        # Counts for ``frontier status``, sent once a second rather than a round trip each.
        self.fetched: Counter[str] = Counter()
        self.stored = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierExtension:
        settings = crawler.settings
        if not settings.get("FRONTIER_URL"):
            raise NotConfigured("FRONTIER_URL is not set")
        ext = cls(crawler, connect(settings["FRONTIER_URL"]), Keys.of(settings))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.loop = task.LoopingCall(self.watch)
        self.loop.start(1.0, now=False)

    def watch(self) -> None:
        """Send the counts; stop this worker when the crawl was stopped (``--max-articles``)
        or finished. One round trip."""
        pipe = self.server.pipeline(transaction=False)
        self.send_counts(pipe)
        pipe.get(self.keys.stop)
        pipe.get(self.keys.key(FINISHED))
        *_, reason, finished = pipe.execute()
        if reason is None and finished is None:
            return
        self.close(reason.decode() if reason else "finished")

    def send_counts(self, pipe: Any) -> None:
        """Add this worker's pages fetched per site and articles stored to the crawl's."""
        for site, pages in self.fetched.items():
            pipe.hincrby(self.keys.sites, site, pages)
        if self.stored:
            pipe.incrby(self.keys.stored, self.stored)
        self.fetched.clear()
        self.stored = 0

    def close(self, reason: str) -> None:
        if self.closing or self.crawler.engine is None:
            return
        self.closing = True
        logger.info("frontier: crawl %s is over (%s)", self.keys.crawl_id, reason)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))

    def crawl_done(self) -> bool:
        """Discovery seeded, the queue empty, no request leased by any worker."""
        scheduler = getattr(self.crawler.engine, "_slot", None)
        scheduler = getattr(scheduler, "scheduler", None)
        if scheduler is not None and hasattr(scheduler, "heartbeat"):
            scheduler.heartbeat()  # acknowledge what this worker has finished
        if self.server.get(self.keys.key(FINISHED)) is not None:
            return True
        seeded = self.server.get(self.keys.seeded)
        if seeded != b"done":
            return False
        return not (self.server.zcard(self.keys.queue) or self.server.zcard(self.keys.leases))

    def reseed(self, spider: Spider) -> bool:
        """Seed the crawl from this worker when nobody is seeding it and it was never
        seeded in full: its seeder was killed while seeding (the marker expired) or
        stopped (it gave the crawl back). The spider's start requests go through this
        worker's scheduler to the shared queue, whose seen-set drops what is there."""
        if self.server.get(self.keys.key(FINISHED)) is not None:
            return False
        if not self.server.set(self.keys.seeded, "seeding", nx=True, ex=self.seed_seconds):
            return False
        logger.warning("frontier: crawl %s lost its seeder: seeding it here", self.keys.crawl_id)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("frontier/reseeded")
        deferred_from_coro(self.seed(spider))
        return True

    async def seed(self, spider: Spider) -> None:
        assert self.crawler.engine is not None
        async for entry in spider.start():
            if isinstance(entry, Request):
                self.crawler.engine.crawl(entry)
        self.server.set(self.keys.seeded, "done")

    def spider_idle(self, spider: Spider) -> None:
        if self.server.get(self.keys.stop) is not None:
            return
        if self.server.get(self.keys.seeded) is None and self.reseed(spider):
            raise DontCloseSpider
        if not self.crawl_done():
            raise DontCloseSpider
        if self.server.set(self.keys.key(FINISHED), "1", nx=True):
            logger.info("frontier: crawl %s finished", self.keys.crawl_id)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        pipe = self.server.pipeline(transaction=False)
        self.send_counts(pipe)
        pipe.execute()
        pages = sum(int(v) for v in self.server.hvals(self.keys.sites))
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("frontier/crawl_pages", pages)
        over = self.server.get(self.keys.key(FINISHED)) or self.server.get(self.keys.stop)
        if over is not None:
            # The crawl is over everywhere: its keys go after a while (late joiners see it).
            for key in self.server.scan_iter(match=self.keys.pattern()):
                self.server.expire(key, self.finished_ttl)
            self.server.hdel(self.keys.prefix + CRAWLS, self.keys.crawl_id)

    def item_scraped(self, item: Any, spider: Spider) -> None:
        self.stored += 1

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        self.fetched[urlsplit(response.url).netloc] += 1
