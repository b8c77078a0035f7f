"""The spider side of incremental crawls: bounded listing walks, late lastmods honoured.

:class:`IncrementalSpiderMiddleware` works beside
:class:`~newscrawler.incremental.IncrementalMiddleware` (it asks it what the
archive holds) and does two things with what the spider yields:

* **Listing walks stop where nothing new is linked.** In a re-crawl of a
  site that a finished crawl walked before (it has a high-water mark), a
  listing page whose article links are all known (stored, or already
  requested in this crawl) cannot lead to anything new further down: its
  further listing links (pagination, more sections) are dropped
  (``incremental/listing_stopped``).
* **A lastmod seen late still counts.** A stored article first met on a
  listing page (no date: skipped) and then in a sitemap or feed with a
  ``lastmod`` would be dropped by the duplicate filter; it is sent again with
  ``dont_filter`` (``incremental/reissued``) so the downloader middleware can
  compare the date.

Switched off in refresh mode or with ``INCREMENTAL_ENABLED = False``; the
listing bound alone by ``INCREMENTAL_LISTING_BOUND = False``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.statscollectors import StatsCollector

from newscrawler.incremental import IncrementalMiddleware

logger = logging.getLogger(__name__)


def kind_of(output: Any) -> str | None:
    """The ``kind`` of a request the spider yields (``None`` for items)."""
    return output.meta.get("kind") if isinstance(output, Request) else None


class IncrementalSpiderMiddleware:
    """Bound listing walks and re-issue dated requests of skipped undated ones."""

    def __init__(self, crawler: Crawler, stats: StatsCollector, *, bound: bool = True) -> None:
        self.crawler = crawler
        self.stats = stats
        self.bound = bound
        self.requested: set[str] = set()
        self.walked: dict[str, bool] = {}  # site -> a finished crawl walked it before

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalSpiderMiddleware:
        if not crawler.settings.getbool("INCREMENTAL_ENABLED", True):
            raise NotConfigured("INCREMENTAL_ENABLED is off")
        assert crawler.stats is not None
        bound = crawler.settings.getbool("INCREMENTAL_LISTING_BOUND", True)
        return cls(crawler, crawler.stats, bound=bound)

    @property
    def incremental(self) -> IncrementalMiddleware | None:
        found = self.crawler.get_downloader_middleware(IncrementalMiddleware)
        return None if found is None or found.refresh else found

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        incremental = self.incremental
        if incremental is None:
            async for output in result:
                yield output
            return
        outputs = [output async for output in result]
        stop = self.bound and self.nothing_new(response, outputs, incremental)
        if stop:
            self.stats.inc_value("incremental/listing_stopped")
            logger.debug("nothing new on %s: its listing links are dropped", response.url)
        for output in outputs:
            if kind_of(output) == "article":
                self.requested.add(output.url)
                output = self.reissue(output, incremental)
            if not (stop and kind_of(output) == "listing"):
                yield output

    def nothing_new(
        self, response: Response, outputs: list[Any], incremental: IncrementalMiddleware
    ) -> bool:
        """True for a listing page of a walked site whose article links are all known."""
        if response.meta.get("kind") != "listing" or not any(
            kind_of(o) == "listing" for o in outputs
        ):
            return False
        site = str(response.meta.get("site") or "")
        if site not in self.walked:
            self.walked[site] = incremental.high_water_mark(site) is not None
        articles = [o.url for o in outputs if kind_of(o) == "article"]
        return self.walked[site] and all(
            url in self.requested or incremental.is_known(url) for url in articles
        )

    def reissue(self, request: Request, incremental: IncrementalMiddleware) -> Request:
        if request.meta.get("lastmod") is None or request.url not in incremental.skipped_undated:
            return request
        incremental.skipped_undated.discard(request.url)
        self.stats.inc_value("incremental/reissued")
        return request.replace(dont_filter=True)
