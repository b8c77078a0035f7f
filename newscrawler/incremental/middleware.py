"""Incremental crawling: fetch only what is new or changed since the last crawl.

:class:`IncrementalMiddleware` is a downloader middleware that looks at
``request.meta["kind"]`` (a :class:`~newscrawler.crawling.kinds.RequestKind`, set by the spider):

* ``article``: skipped (``IgnoreRequest``, stat ``incremental/skipped``) when
  its canonical URL is already stored, unless the sitemap/feed ``lastmod`` in
  ``request.meta["lastmod"]`` is newer than what was stored, or the crawl is in
  refresh mode (``--refresh``: the crawl context's ``refresh``, or ``INCREMENTAL_REFRESH``).
  A page that a finished, unbounded crawl fetched and that gave no stored
  article (a trap, an about page, a page validation dropped) is skipped too
  (``incremental/not_article``) until its ``lastmod`` moves or ``--refresh``.
* ``sitemap`` / ``feed``: sent with ``If-None-Match`` / ``If-Modified-Since``
  from the last fetch; a ``304`` ends there (``incremental/not_modified``).
  Validators are saved only when the crawl finishes with nothing left
  undone (close reason ``finished``, and no article failed to download from
  that sitemap, named by the failed request's ``Referer``), so a killed,
  interrupted or ``--max-articles``-bounded crawl never hides a sitemap's
  unfetched entries behind a 304. Sitemap indexes are always fetched in
  full; a child sitemap whose ``lastmod`` in the index is no newer than at
  its last complete read is not requested (``incremental/unchanged_sitemap``).
* Failed URLs back off (:mod:`newscrawler.incremental.failures`, ``incremental/backoff``)
  until ``INCREMENTAL_FAILURE_BACKOFF`` seconds pass (doubling per failure, at
  most ``INCREMENTAL_FAILURE_BACKOFF_MAX``), a newer ``lastmod`` or ``--refresh``.

The spider can reach the middleware through
``crawler.get_downloader_middleware(IncrementalMiddleware)`` and ask
:meth:`~IncrementalMiddleware.is_known` and
:meth:`~IncrementalMiddleware.high_water_mark` to bound listing walks.

Settings: ``INCREMENTAL_ENABLED`` (default True), ``INCREMENTAL_REFRESH``
(default False), ``INCREMENTAL_CONDITIONAL`` (conditional GET, default True),
``INCREMENTAL_FLUSH_SIZE`` (article fetch states written per batch, default 50);
the database is ``STORAGE_DB_URL`` (else ``$NEWSCRAWLER_DB``, else the default).

An article's fetch state is written only once the storage pipeline announces
(signal ``items_kept``) that its item is committed or dead-lettered, and a
page is remembered as "not an article" only when no item of it reached
storage: a URL is never "done" for an item that is in neither. While the
database cannot be reached, lookups wait (:mod:`newscrawler.crawling.outage`)
instead of failing the request.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Coroutine
from datetime import datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.statscollectors import StatsCollector
from sqlalchemy.exc import DBAPIError

from newscrawler.crawling.context import CrawlContext, context_of
from newscrawler.crawling.kinds import DISCOVERY_KINDS, RequestKind, request_kind
from newscrawler.crawling.outage import DatabaseOutage
from newscrawler.crawling.signals import items_kept
from newscrawler.incremental.failures import FailureLog, save_failures
from newscrawler.incremental.freshness import (
    backing_off,
    fetch_decision,
    is_sitemap_index,
    sitemap_unchanged,
)
from newscrawler.text.urls import canonical_url
from storage import fetchstate
from storage.db import Database, open_archive, unreachable
from storage.types import utcnow

logger = logging.getLogger(__name__)


class IncrementalMiddleware:
    """Skip stored articles; conditional GET for sitemaps and feeds (see the module doc)."""

    def __init__(
        self,
        db: Database,
        stats: StatsCollector,
        *,
        refresh: bool = False,
        conditional: bool = True,
        flush_size: int = 50,
        failures: FailureLog | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        self.crawler = crawler
        self.db = db
        self.stats = stats
        self.refresh = refresh
        self.conditional = conditional
        self.flush_size = flush_size
        self.pending_validators: dict[str, dict[str, Any]] = {}
        self.pending_articles: list[dict[str, Any]] = []
        self.failures = failures or FailureLog()
        self.sites: set[str] = set()
        # skipped article URL -> the lastmod it was skipped with (None: undated, from a listing)
        self.skipped: dict[str, datetime | None] = {}
        # article-kind pages fetched (200) in this crawl: url -> their fetch_state row
        self.fetched_pages: dict[str, dict[str, Any]] = {}
        # the newest lastmod any sitemap or feed gave an article URL in this crawl
        self.lastmods: dict[str, datetime] = {}
        # any URL of a fetched article page (request, response, canonical) -> its request URL
        self.page_of: dict[str, str] = {}
        # request URLs whose item storage has kept: stored, or dead-lettered (not stored)
        self.kept: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        settings = crawler.settings
        if not settings.getbool("INCREMENTAL_ENABLED"):
            raise NotConfigured("INCREMENTAL_ENABLED is off")
        assert crawler.stats is not None
        mw = cls(
            open_archive(settings.get("STORAGE_DB_URL")),
            crawler.stats,
            refresh=settings.getbool("INCREMENTAL_REFRESH"),
            conditional=settings.getbool("INCREMENTAL_CONDITIONAL"),
            flush_size=settings.getint("INCREMENTAL_FLUSH_SIZE"),
            failures=FailureLog(
                settings.getfloat("INCREMENTAL_FAILURE_BACKOFF"),
                settings.getfloat("INCREMENTAL_FAILURE_BACKOFF_MAX"),
            ),
            crawler=crawler,
        )
        crawler.signals.connect(mw.items_kept, signal=items_kept)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    # -- what the spider may ask ---------------------------------------------

    def is_known(self, url: str) -> bool:
        """True when the article at ``url`` is already stored."""
        return fetchstate.stored_article(self.db, self.article_keys(url)) is not None

    def high_water_mark(self, site: str) -> datetime | None:
        """The newest publication time of ``site`` a finished crawl walked to (or ``None``)."""
        return fetchstate.high_water_mark(self.db, site)

    def note_lastmod(self, url: str, lastmod: datetime) -> None:
        """Remember a sitemap/feed date of ``url`` (the spider middleware calls this)."""
        if url not in self.lastmods or lastmod > self.lastmods[url]:
            self.lastmods[url] = lastmod

    @staticmethod
    def article_keys(url: str) -> list[str]:
        return [url, canonical_url(url) or url]

    # -- downloader middleware hooks -----------------------------------------

    def process_request(self, request: Request) -> Coroutine[Any, Any, None] | None:
        try:
            self.check_request(request)
        except DBAPIError as exc:
            outage = DatabaseOutage.of(self.crawler)
            if outage is None or not unreachable(exc):
                raise
            return self.check_after_outage(request, outage, exc)
        return None

    async def check_after_outage(
        self, request: Request, outage: DatabaseOutage, exc: BaseException
    ) -> None:
        """Wait for the database, then look again (the request waits; nothing fails)."""
        while await outage.wait(exc):
            try:
                self.check_request(request)
                return
            except DBAPIError as again:
                if not unreachable(again):
                    raise
                exc = again
        raise IgnoreRequest(f"the database cannot be reached: {request.url}")

    def check_request(self, request: Request) -> None:
        kind = request_kind(request.meta)
        if kind == RequestKind.ARTICLE and not self.refresh:
            self.check_article(request)
        elif kind in DISCOVERY_KINDS and not self.refresh:
            self.check_source(request)
        self.failures.request_sent(request)

    def process_response(self, request: Request, response: Response) -> Response:
        kind = request_kind(request.meta)
        if request.meta.get("site"):
            self.sites.add(str(request.meta["site"]))
        if kind in DISCOVERY_KINDS and response.status == 304:
            self.stats.inc_value("incremental/not_modified")
            raise IgnoreRequest(f"not modified since the last crawl: {request.url}")
        if self.failures.response_received(request, response) == "ok":
            if kind in DISCOVERY_KINDS:
                self.remember_validators(request, response)
            elif kind == RequestKind.ARTICLE:
                self.remember_article(request, response)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self.failures.request_failed(request, exception)

    # -- articles --------------------------------------------------------------

    def check_article(self, request: Request) -> None:
        keys = self.article_keys(request.url)
        lastmod = request.meta.get("lastmod")
        with fetchstate.reading(self.db) as conn:  # one checkout for both reads
            stored = fetchstate.stored_article(conn, keys)
            needed = stored is None or lastmod is not None
            state = fetchstate.validators(conn, request.url) if needed else None
        decision = fetch_decision(stored, state, lastmod)
        self.stats.inc_value(f"incremental/{decision}")
        if decision == "backoff" and state is not None:
            self.failures.entry_backing_off(request, state.expires_at)
        if decision in ("known", "not_article", "backoff"):
            self.stats.inc_value("incremental/skipped")
            self.skipped[request.url] = lastmod
            raise IgnoreRequest(f"{decision.replace('_', ' ')}: {request.url}")

    def remember_article(self, request: Request, response: Response) -> None:
        lastmod = request.meta.get("lastmod")
        row = {
            "url": request.url,
            "site": request.meta.get("site"),
            "lastmod": lastmod if isinstance(lastmod, datetime) else self.lastmods.get(request.url),
            "fetched_at": utcnow(),
        }
        digest = hashlib.sha256(response.body).hexdigest()
        self.fetched_pages[request.url] = {**row, "content_hash": digest}
        for url in {request.url, response.url}:
            self.page_of[url] = request.url
            self.page_of[canonical_url(url) or url] = request.url

    def items_kept(self, urls: list[str], stored: bool) -> None:
        """Storage kept these items: now their pages' fetch state may be written."""
        pages = {self.page_of[u] for u in urls if u in self.page_of}
        for page in pages:
            if page in self.kept:
                self.kept[page] = self.kept[page] or stored
                continue
            self.kept[page] = stored
            row = self.fetched_pages.get(page)
            if row is not None:
                self.pending_articles.append({k: v for k, v in row.items() if k != "content_hash"})
        if len(self.pending_articles) >= self.flush_size:
            self.flush_articles()

    def flush_articles(self) -> None:
        rows, self.pending_articles = self.pending_articles, []
        fetchstate.save_fetch_states(self.db, rows)

    # -- sitemaps and feeds ------------------------------------------------------

    def check_source(self, request: Request) -> None:
        """Skip a failed or unchanged sitemap/feed, else add the validators of its last fetch."""
        state = fetchstate.validators(self.db, request.url)
        if state is None:
            return
        lastmod = request.meta.get("lastmod")
        if backing_off(state, lastmod):
            self.stats.inc_value("incremental/backoff")
            raise IgnoreRequest(f"backing off after {state.failures} failures: {request.url}")
        if not self.conditional:
            return
        if state.expires_at is not None and utcnow() >= state.expires_at:
            self.stats.inc_value("incremental/expired")  # an entry's back-off is over
            return
        if request_kind(request.meta) == RequestKind.SITEMAP and sitemap_unchanged(state, lastmod):
            self.stats.inc_value("incremental/unchanged_sitemap")
            raise IgnoreRequest(f"not modified since the last crawl (index lastmod): {request.url}")
        self.add_validators(request, state)

    def add_validators(self, request: Request, state: fetchstate.Validators) -> None:
        if state.etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = state.etag
        if state.last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = state.last_modified
        if state.etag or state.last_modified:
            self.stats.inc_value("incremental/conditional")

    def remember_validators(self, request: Request, response: Response) -> None:
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        if request_kind(request.meta) == RequestKind.SITEMAP and is_sitemap_index(response.body):
            etag = modified = None  # always re-read indexes: their children may change
        lastmod = request.meta.get("lastmod")  # a child sitemap's lastmod in its index
        self.pending_validators[request.url] = {
            "url": request.url,
            "site": request.meta.get("site"),
            "etag": etag.decode("latin-1") if etag else None,
            "last_modified": modified.decode("latin-1") if modified else None,
            "lastmod": lastmod if isinstance(lastmod, datetime) else None,
            "fetched_at": utcnow(),
        }

    # -- signals -------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        if context_of(spider).refresh:
            self.refresh = True
        if self.refresh:
            logger.info("refresh mode: stored articles are fetched again")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.flush_articles()
        self.date_undated_fetches()
        if reason != "finished":
            if self.pending_validators:
                logger.info("sitemap/feed validators not kept (the crawl ended: %s)", reason)
            self.db.dispose()
            return
        saved = save_failures(self.db, self.failures, self.is_known)
        if saved:
            self.stats.set_value("incremental/backoff_saved", saved)
            logger.info("%d failed URLs: not requested again until their back-off expires", saved)
        # A sitemap whose article failed to download must be read in full next time
        # (one whose articles back off: when the first back-off expires).
        # Without a Referer the source is unknown: keep no validators at all.
        void = self.failures.void_sources()
        expiring = self.failures.expiring
        kept = [
            {**v, "expires_at": expiring.get(url)}
            for url, v in self.pending_validators.items()
            if "" not in void and url not in void
        ]
        fetchstate.save_fetch_states(self.db, kept)
        if len(kept) < len(self.pending_validators):
            logger.info(
                "%d sitemap/feed validators not kept: some of their articles failed to download",
                len(self.pending_validators) - len(kept),
            )
        if self.complete_crawl(context_of(spider)):
            self.remember_non_articles()
        for site in sorted(self.sites):
            fetchstate.advance_high_water_mark(self.db, site)
        self.db.dispose()

    def date_undated_fetches(self) -> None:
        """Give pages fetched from a listing (no date) the date a sitemap gave them later."""
        rows = []
        for url, row in self.fetched_pages.items():
            if url not in self.kept:
                continue  # its item is in neither the archive nor the dead letters
            seen = self.lastmods.get(url)
            if seen is not None and (row["lastmod"] is None or seen > row["lastmod"]):
                row["lastmod"] = seen
                rows.append({k: v for k, v in row.items() if k != "content_hash"})
        fetchstate.save_fetch_states(self.db, rows)

    def complete_crawl(self, context: CrawlContext) -> bool:
        """True when every fetched page had its chance to be stored (no bounds, no losses)."""
        return not context.bounded and not self.stats.get_value("storage/errors")

    def remember_non_articles(self) -> None:
        """Mark the pages of this finished crawl that gave no stored article (skipped next time)."""
        rows = [
            row
            for url, row in self.fetched_pages.items()
            if url not in self.kept  # an item of it was stored or dead-lettered
            and fetchstate.stored_article(self.db, self.article_keys(url)) is None
        ]
        fetchstate.save_fetch_states(self.db, rows)
        if rows:
            logger.info("%d fetched pages were not articles: skipped next time", len(rows))
