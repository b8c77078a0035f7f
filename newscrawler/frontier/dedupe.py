"""Near-duplicate detection without a race between workers.

The duplicate index checks an article against the stored signatures and then adds its
own: two workers checking near-duplicates at the same moment would each find nothing
and start two clusters. In a frontier crawl the check-and-add runs under a crawl-wide
Redis lock, so one of them always sees the other's signature.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from newscrawler.frontier.keys import Keys, connect
from newscrawler.pipelines.dedupe import DedupePipeline

LOCK_SECONDS = 30  # a dead holder's lock expires after this
# How often a waiting worker tries the lock again. The wait blocks the worker's reactor
# and a holder keeps the lock for one check and one signature written: redis-py's
# default of 0.1 s stalled a waiting worker's every download for 100 ms per collision.
LOCK_POLL = 0.002


class FrontierDedupePipeline(DedupePipeline):
    """``DedupePipeline`` whose index check-and-add is serialised across workers."""

    server: Any = None
    lock_name = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierDedupePipeline:
        pipeline = super().from_crawler(crawler)
        assert isinstance(pipeline, FrontierDedupePipeline)
        settings = crawler.settings
        if settings.get("FRONTIER_URL"):
            keys = Keys.of(settings)
            pipeline.server = connect(settings["FRONTIER_URL"])
            pipeline.lock_name = keys.key("dedupe-lock")
            # Other workers must see each signature before the lock is released:
            # write every one at once instead of batching them in memory.
            pipeline.flush_size = 1
        return pipeline

    def process_item(self, item: Any) -> Any:
        if self.server is None:
            return super().process_item(item)
        lock = self.server.lock(
            self.lock_name, timeout=LOCK_SECONDS, sleep=LOCK_POLL, blocking_timeout=120
        )
        with lock:
            return super().process_item(item)
