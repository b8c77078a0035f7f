"""A scheduler that stops the crawl when its job directory's disk fails.

Scrapy keeps pending requests in a disk queue under ``JOBDIR``. On a full or
read-only disk every push and pop of that queue raises ``OSError``, and the
crawl loops on it for ever. :class:`DiskGuardScheduler` catches the first
such error, logs one line, counts ``scheduler/disk_errors`` and stops the
crawl (close reason ``disk_full``); requests that no longer fit on disk are
kept in memory until the crawl has stopped.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.core.scheduler import Scheduler
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.defer import Deferred

from newscrawler.crawling.outage import running_engine

logger = logging.getLogger(__name__)

CLOSE_REASON = "disk_full"


class DiskGuardScheduler(Scheduler):
    """Scrapy's scheduler, stopping the crawl on the first disk error of its queue."""

    disk_failed = False

    def _dqpush(self, request: Request) -> bool:
        if self.disk_failed:
            return False  # into the memory queue
        try:
            return super()._dqpush(request)
        except OSError as exc:
            self.disk_error(exc)
            return False

    def _dqpop(self) -> Request | None:
        if self.disk_failed:
            return None
        try:
            return super()._dqpop()
        except OSError as exc:
            self.disk_error(exc)
            return None

    def close(self, reason: str) -> Deferred[None] | None:
        try:
            return super().close(reason)
        except OSError as exc:
            logger.error("the crawl's queue could not be saved in %s: %s", self.dqdir, exc)
            return None

    def disk_error(self, exc: OSError) -> None:
        """Log the failure once and stop the crawl."""
        if self.stats is not None:
            self.stats.inc_value("scheduler/disk_errors")
        if self.disk_failed:
            return
        self.disk_failed = True
        logger.error(
            "the job directory %s cannot be written (%s): stopping the crawl",
            self.dqdir,
            exc.strerror or exc,
        )
        engine = running_engine(self.crawler) if self.crawler is not None else None
        if engine is not None:
            deferred_from_coro(engine.close_spider_async(reason=CLOSE_REASON))
