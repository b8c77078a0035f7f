"""Mark exact and near duplicates across articles (see :mod:`newscrawler.dedupe`).

The item's ``canonical_url`` (chosen once, at extraction:
:func:`newscrawler.extract.response.make_article`) and ``content_hash`` (taken
once, when the validate pipeline accepts the final body) are trusted; an item
that comes without them (built by other code) gets them here. Every item with
a body gets a ``cluster_id``. A duplicate also gets
``duplicate_of`` (the canonical URL of its cluster's first article) and
``similarity`` (1.0 for an exact copy). Nothing is dropped: duplicates are
stored, marked. A URL seen again is a re-crawl, not a duplicate.

Settings: ``DEDUPE_ENABLED`` (True), ``DEDUPE_THRESHOLD`` (0.3, estimated
Jaccard similarity of word-bigram sets), ``DEDUPE_NUM_PERM`` (256),
``DEDUPE_SHINGLE_SIZE`` (2), ``DEDUPE_STORE`` (``sql``: the archive at
``STORAGE_DB_URL``, else ``$NEWSCRAWLER_DB``, else ``./newscrawler.sqlite``;
or ``memory``: for this crawl only), ``DEDUPE_SQLITE_CACHE_MB`` (64, page cache
per SQLite connection), ``DEDUPE_FLUSH_SIZE`` (100, new signatures written
per transaction; a parallel crawl sees them once written). Stats: ``dedupe/distinct``,
``dedupe/exact``, ``dedupe/near``, ``dedupe/recrawl``, ``dedupe/no_body``,
``dedupe/errors`` (a database error: the item goes on, unmarked). While the
database cannot be reached, the check waits for it
(:mod:`newscrawler.crawling.outage`) instead, so no item goes on unmarked.
Closing writes the signatures still pending (waiting out an outage too) and
never raises: Scrapy closes all pipelines in one step, and an error here must
not keep the storage pipeline from settling its items. Signatures that cannot
be written are counted in ``dedupe/unsaved`` (``newscrawler dedupe reindex``
rebuilds the index from the archive).
"""

from __future__ import annotations

import logging
from collections.abc import Coroutine
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector
from sqlalchemy.exc import SQLAlchemyError

from newscrawler.crawling.outage import DatabaseOutage
from newscrawler.dedupe import DuplicateIndex, MemoryStore, SignatureStore, Signer
from newscrawler.dedupe.index import Verdict
from newscrawler.text.fingerprints import fold_text, folded_hash
from newscrawler.text.urls import canonical_url
from storage.db import unreachable

logger = logging.getLogger(__name__)

STORES = ("sql", "memory")


def signer_from(settings: BaseSettings) -> Signer:
    """The :class:`Signer` of the ``DEDUPE_*`` settings."""
    return Signer(
        num_perm=settings.getint("DEDUPE_NUM_PERM"),
        shingle_size=settings.getint("DEDUPE_SHINGLE_SIZE"),
        threshold=settings.getfloat("DEDUPE_THRESHOLD"),
    )


class DedupePipeline:
    """Set content hash, cluster and duplicate marks on every article."""

    def __init__(
        self,
        stats: StatsCollector,
        signer: Signer,
        store: str = "sql",
        db_url: str | None = None,
        cache_mb: int = 64,
        flush_size: int = 100,
        crawler: Crawler | None = None,
    ) -> None:
        self.crawler = crawler
        if store not in STORES:
            raise ValueError(f"DEDUPE_STORE must be one of {STORES}, got {store!r}")
        self.stats = stats
        self.signer = signer
        self.store_kind = store
        self.db_url = db_url
        self.index: DuplicateIndex | None = None
        self.cache_mb = cache_mb
        self.flush_size = flush_size

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        settings = crawler.settings
        if not settings.getbool("DEDUPE_ENABLED"):
            raise NotConfigured("duplicate detection is switched off (DEDUPE_ENABLED=False)")
        assert crawler.stats is not None
        return cls(
            crawler.stats,
            signer_from(settings),
            settings.get("DEDUPE_STORE"),
            settings.get("STORAGE_DB_URL"),
            settings.getint("DEDUPE_SQLITE_CACHE_MB"),
            settings.getint("DEDUPE_FLUSH_SIZE"),
            crawler,
        )

    def open_spider(self) -> None:
        self.index = DuplicateIndex(self._open_store(), self.signer)

    def close_spider(self) -> Coroutine[Any, Any, None] | None:
        """Write the pending signatures; returns a coroutine to await during an outage."""
        if self.index is None:
            return None
        try:
            self.index.store.close()
        except SQLAlchemyError as exc:
            outage = DatabaseOutage.of(self.crawler)
            if outage is not None and unreachable(exc) and not outage.gave_up:
                return self._close_after_outage(outage, exc)
            self._unsaved(exc)
        return None

    async def _close_after_outage(self, outage: DatabaseOutage, exc: BaseException) -> None:
        assert self.index is not None
        while await outage.wait(exc):
            try:
                self.index.store.close()
                return
            except SQLAlchemyError as again:
                if not unreachable(again):
                    self._unsaved(again)
                    return
                exc = again
        self._unsaved(exc)

    def _unsaved(self, exc: BaseException) -> None:
        assert self.index is not None
        unsaved = getattr(self.index.store, "unsaved", lambda: 0)()
        self.stats.inc_value("dedupe/unsaved", unsaved)
        logger.warning(
            "dedupe: %d signatures not written to the duplicate index (%s); "
            "'newscrawler dedupe reindex' rebuilds it",
            unsaved,
            str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__,
        )

    def _open_store(self) -> SignatureStore:
        if self.store_kind == "memory":
            return MemoryStore()
        from newscrawler.dedupe.sqlstore import SqlStore
        from storage.db import open_archive, resolve_url

        store = SqlStore(open_archive(resolve_url(self.db_url)), self.cache_mb, self.flush_size)
        store.check_params(self.signer)  # IndexMismatch: the CLI checks before crawling
        return store

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url = adapter.get("canonical_url") or canonical_url(adapter["url"]) or adapter["url"]
        adapter["canonical_url"] = url
        body = adapter.get("body")
        if not body:
            self.stats.inc_value("dedupe/no_body")
            return item
        folded = fold_text(body)  # once: the shingles, and the hash when validate gave none
        if not adapter.get("content_hash"):
            adapter["content_hash"] = folded_hash(folded)
            adapter["word_count"] = len(folded.split())
        if self.index is None:
            self.open_spider()
        assert self.index is not None
        key = url or adapter["url"]
        try:
            verdict = self.index.check_folded(key, folded)
        except SQLAlchemyError as exc:
            outage = DatabaseOutage.of(self.crawler)
            if outage is not None and unreachable(exc):
                return self._check_after_outage(item, key, body, outage, exc)
            self._unmarked(adapter, exc)
            return item
        self._mark(adapter, verdict)
        return item

    async def _check_after_outage(
        self, item: Any, key: str, body: str, outage: DatabaseOutage, exc: BaseException
    ) -> Any:
        """Wait for the database, then check again (unmarked if the crawl gives up)."""
        adapter = ItemAdapter(item)
        while await outage.wait(exc):
            assert self.index is not None
            try:
                self._mark(adapter, self.index.check(key, body))
                return item
            except SQLAlchemyError as again:
                if not unreachable(again):
                    self._unmarked(adapter, again)
                    return item
                exc = again
        self._unmarked(adapter, exc)
        return item

    def _mark(self, adapter: ItemAdapter, verdict: Verdict) -> None:
        adapter["cluster_id"] = verdict.cluster_id
        adapter["duplicate_of"] = verdict.duplicate_of
        adapter["similarity"] = verdict.similarity
        self.stats.inc_value(f"dedupe/{verdict.kind}")

    def _unmarked(self, adapter: ItemAdapter, exc: BaseException) -> None:
        # Keep the item (storage must still get it), unmarked.
        logger.warning("dedupe: could not check %s: %s", adapter["url"], exc)
        self.stats.inc_value("dedupe/errors")
