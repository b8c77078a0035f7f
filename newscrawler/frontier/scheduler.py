"""The frontier scheduler: ``scrapy-redis``'s scheduler with leased pops and our fingerprints.

A request popped from the shared queue stays leased until Scrapy's engine has finished
with it (downloaded, scraped, its items through the pipelines); a heartbeat renews this
worker's leases, acknowledges the finished ones and puts the expired leases of dead
workers back in the queue.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from newscrawler.frontier.keys import Keys, connect, worker_name

logger = logging.getLogger(__name__)


class FrontierDupeFilter(RFPDupeFilter):  # type: ignore[misc]
    """The shared seen-set, keyed by the crawler's request fingerprinter (canonical URLs)."""

    def __init__(self, server: Any, key: str, fingerprinter: Any, debug: bool = False) -> None:
        super().__init__(server, key=key, debug=debug)
        self.fingerprinter = fingerprinter

    def request_fingerprint(self, request: Request) -> str:
        return str(self.fingerprinter.fingerprint(request).hex())


class FrontierScheduler(Scheduler):  # type: ignore[misc]
    """``SCHEDULER``: one queue and one seen-set in Redis for every process of a crawl."""

    def __init__(self, crawler: Crawler, server: Any, keys: Keys) -> None:
        settings = crawler.settings
        super().__init__(
            server,
            persist=True,  # the crawl outlives this worker; the last one cleans up
            queue_key=f"{keys.prefix}|{keys.crawl_id}",
            queue_cls="newscrawler.frontier.queue.LeasedQueue",
            dupefilter=FrontierDupeFilter(server, keys.seen, crawler.request_fingerprinter),
        )
        self.crawler = crawler
        self.keys = keys
        self.stats = crawler.stats
        self.worker = settings.get("FRONTIER_WORKER") or worker_name()
        self.lease_seconds = settings.getfloat("FRONTIER_LEASE_SECONDS", 60.0)
        self.heartbeat_seconds = max(0.2, min(5.0, self.lease_seconds / 4))
        self.held: dict[int, tuple[Request, bytes]] = {}
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierScheduler:
        settings = crawler.settings
        server = connect(settings["FRONTIER_URL"])
        return cls(crawler, server, Keys.of(settings))

    def open(self, spider: Any) -> None:
        super().open(spider)
        self.queue.worker = self.worker
        self.queue.lease_seconds = self.lease_seconds
        self.loop = task.LoopingCall(self.heartbeat)
        self.loop.start(self.heartbeat_seconds, now=True)

    def close(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.ack_finished()
        # Whatever this worker still holds goes back to the queue for the others.
        handed = self.queue.release([member for _, member in self.held.values()])
        if handed:
            logger.info("frontier: handed %d leased requests back to the queue", handed)
            self.stats.inc_value("frontier/handed_back", handed)
        self.held.clear()
        self.server.hdel(self.keys.workers, self.worker)

    def enqueue_request(self, request: Request) -> bool:
        # The seen-set check and the push are one Redis round trip, not two.
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        if not self.queue.push_unseen(request, self.keys.seen, fingerprint):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("frontier/enqueued")
        return True

    def next_request(self) -> Request | None:
        popped = self.queue.pop()
        if popped is None:
            return None
        request: Request = popped[0]
        member: bytes = popped[1]
        self.held[id(request)] = (request, member)
        self.stats.inc_value("frontier/leased")
        return request

    def has_pending_requests(self) -> bool:
        return len(self.queue) > 0

    def in_progress(self) -> set[Any]:
        """Requests Scrapy's engine has not finished with (download, scrape, pipelines)."""
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        return set(getattr(slot, "inprogress", ()) or ())

    def ack_finished(self) -> None:
        """End the leases of the requests Scrapy's engine has finished with."""
        busy = {id(r) for r in self.in_progress()}
        done = [key for key in self.held if key not in busy]
        self.queue.ack([self.held.pop(key)[1] for key in done])
        if done:
            self.stats.inc_value("frontier/acked", len(done))

    def heartbeat(self) -> None:
        """Acknowledge finished requests, renew the rest, recover dead workers' leases."""
        try:
            self.ack_finished()
            lost = self.queue.renew([member for _, member in self.held.values()])
            if lost:
                self.stats.inc_value("frontier/lease_lost", lost)
            self.server.hset(self.keys.workers, self.worker, time.time())
            recovered = self.queue.requeue_expired()
            if recovered:
                logger.info("frontier: %d expired leases back in the queue", recovered)
                self.stats.inc_value("frontier/recovered", recovered)
        except Exception:  # a Redis hiccup must not stop the heartbeat loop
            logger.exception("frontier heartbeat failed")
