"""The spider side of incremental crawls: bounded listing walks, late lastmods honoured.

:class:`IncrementalSpiderMiddleware` works beside
:class:`~newscrawler.incremental.middleware.IncrementalMiddleware` (it asks it what the
archive holds) and does two things with what the spider yields:

* **Listing walks stop where nothing new is linked.** In a re-crawl of a
  site that a finished crawl walked before (it has a high-water mark), a
  listing page whose article links are all known (stored, or already
  requested in this crawl) cannot lead to anything new further down: its
  further listing links (pagination, more sections) are dropped
  (``incremental/listing_stopped``).
* **Sitemaps first, sections only when they miss something.** The home
  page's (depth 0) section links are held back until the crawl is idle; if
  every new article the home page linked (a link whose page gave an item)
  was also found in a sitemap or feed, the sections are not walked
  (``incremental/listing_covered``), else they are crawled then
  (``incremental/listing_released``).
* **A lastmod seen late still counts.** A stored article first met on a
  listing page (no date) or in a feed (an older date) and skipped, then met
  in a sitemap with a newer ``lastmod``, would be dropped by the duplicate
  filter; it is sent again with ``dont_filter`` (``incremental/reissued``)
  so the downloader middleware can compare the newer date.

Switched off in refresh mode or with ``INCREMENTAL_ENABLED = False``; the
listing bound alone by ``INCREMENTAL_LISTING_BOUND = False``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Request, Response
from scrapy.statscollectors import StatsCollector

from newscrawler.crawling.kinds import DISCOVERY_KINDS, RequestKind, kind_of, request_kind
from newscrawler.incremental.middleware import IncrementalMiddleware

logger = logging.getLogger(__name__)


class IncrementalSpiderMiddleware:
    """Bound listing walks and re-issue dated requests of skipped undated ones."""

    def __init__(self, crawler: Crawler, stats: StatsCollector, *, bound: bool = True) -> None:
        self.crawler = crawler
        self.stats = stats
        self.bound = bound
        self.requested: set[str] = set()
        self.from_discovery: set[str] = set()  # article URLs found in sitemaps and feeds
        self.article_pages: set[str] = set()  # URLs whose page gave an item in this crawl
        self.held: list[tuple[list[str], list[Request]]] = []  # (new articles, listings)
        self.walked: dict[str, bool] = {}  # site -> a finished crawl walked it before

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalSpiderMiddleware:
        if not crawler.settings.getbool("INCREMENTAL_ENABLED"):
            raise NotConfigured("INCREMENTAL_ENABLED is off")
        assert crawler.stats is not None
        bound = crawler.settings.getbool("INCREMENTAL_LISTING_BOUND")
        mw = cls(crawler, crawler.stats, bound=bound)
        crawler.signals.connect(mw.spider_idle, signal=signals.spider_idle)
        return mw

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
        elif self.bound and self.is_home(response) and self.walked.get(self.site_of(response)):
            self.hold(outputs, incremental)
            stop = True
        discovery = request_kind(response.meta) in DISCOVERY_KINDS
        if any(not isinstance(o, Request) for o in outputs):
            self.article_pages.update({response.url, getattr(response.request, "url", "")})
        for output in outputs:
            if kind_of(output) == RequestKind.ARTICLE:
                self.requested.add(output.url)
                if discovery:
                    self.from_discovery.add(output.url)
                output = self.reissue(output, incremental)
            if not (stop and kind_of(output) == RequestKind.LISTING):
                yield output

    @staticmethod
    def site_of(response: Response) -> str:
        return str(response.meta.get("site") or "")

    @staticmethod
    def is_home(response: Response) -> bool:
        listing = request_kind(response.meta) == RequestKind.LISTING
        return listing and not response.meta.get("listing_depth")

    def hold(self, outputs: list[Any], incremental: IncrementalMiddleware) -> None:
        """Keep a home page's listing links until sitemaps and feeds have been read."""
        new = [
            o.url
            for o in outputs
            if kind_of(o) == RequestKind.ARTICLE
            and o.url not in self.requested
            and not incremental.is_known(o.url)
        ]
        self.held.append((new, [o for o in outputs if kind_of(o) == RequestKind.LISTING]))

    def spider_idle(self) -> None:
        """Walk held sections only if the home page linked news no sitemap or feed had."""
        held, self.held = self.held, []
        released = 0
        for new, listings in held:
            # Links that were not articles after all (traps, about pages) do not count.
            articles = [url for url in new if url in self.article_pages]
            if all(url in self.from_discovery for url in articles):
                self.stats.inc_value("incremental/listing_covered")
                continue
            for request in listings:
                self.crawler.engine.crawl(request)
                released += 1
        if released:
            self.stats.inc_value("incremental/listing_released", released)
            raise DontCloseSpider("sections of the home page to walk")

    def nothing_new(
        self, response: Response, outputs: list[Any], incremental: IncrementalMiddleware
    ) -> bool:
        """True for a listing page of a walked site whose article links are all known."""
        if request_kind(response.meta) != RequestKind.LISTING or not any(
            kind_of(o) == RequestKind.LISTING for o in outputs
        ):
            return False
        site = self.site_of(response)
        if site not in self.walked:
            self.walked[site] = incremental.high_water_mark(site) is not None
        articles = [o.url for o in outputs if kind_of(o) == RequestKind.ARTICLE]
        return self.walked[site] and all(
            url in self.requested or incremental.is_known(url) for url in articles
        )

    def reissue(self, request: Request, incremental: IncrementalMiddleware) -> Request:
        """Let a request with a newer lastmod than a skipped one past the duplicate filter."""
        lastmod = request.meta.get("lastmod")
        if lastmod is not None:
            incremental.note_lastmod(request.url, lastmod)
        if lastmod is None or request.url not in incremental.skipped:
            return request
        skipped_with = incremental.skipped[request.url]
        if skipped_with is not None and lastmod <= skipped_with:
            return request
        del incremental.skipped[request.url]
        self.stats.inc_value("incremental/reissued")
        return request.replace(dont_filter=True)
