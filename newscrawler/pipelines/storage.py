"""Store items in the archive, in batched transactions, losing none.

Items are buffered and written by one upsert in one transaction when
``STORAGE_BATCH_SIZE`` items are waiting or ``STORAGE_FLUSH_INTERVAL`` seconds
(default 2) have passed, so a killed crawl loses seconds of work at most.
Text is made storable first (lone surrogates and NULs become U+FFFD, counted
in ``storage/repaired_chars``). A batch that meets "database is locked" (or a
concurrent insert of the same URL) is retried; a batch that fails otherwise is
written again item by item, so that only the item that cannot be stored is
logged at ERROR, counted in ``storage/errors`` and appended (fsynced) to the
dead-letter file (``STORAGE_DEADLETTER_PATH``, default ``deadletter.jsonl`` in
the crawl's data directory); ``newscrawler deadletter replay`` stores it later.
If the dead-letter file cannot be written either, the crawl stops at once
(``storage/lost`` counts the items that were in memory). While the database
cannot be reached the crawl pauses (:mod:`newscrawler.crawling.outage`).
Whatever is still held when the crawl closes (waiting for the database, or
never flushed because closing stopped early) is stored, dead-lettered or
counted as lost when the ``spider_closed`` signal comes, never dropped.
Committed and dead-lettered items are announced with the ``items_kept`` signal.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.spiders import Spider
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from twisted.internet.task import LoopingCall

from newscrawler.crawling.context import CrawlContext, context_of
from newscrawler.crawling.outage import DatabaseOutage, running_engine
from newscrawler.crawling.signals import items_kept
from newscrawler.text.fingerprints import content_hash
from newscrawler.text.storable import storable_value
from storage import deadletter
from storage.db import Database, open_archive, resolve_url, sqlite_path, unreachable
from storage.repository import finish_run, register_site, start_run, upsert_articles
from storage.runs import count

logger = logging.getLogger(__name__)

NOT_STORED = ("date_candidates", "timezone")
# Scrapy close reasons -> crawl run status.
CLOSE_STATUS = {
    "finished": "finished",
    "max_articles": "finished",  # the news spider stopped at --max-articles
    "shutdown": "killed",
    "cancelled": "killed",
    "database_unavailable": "killed",  # job state kept for --resume
}


class DeadLetterError(RuntimeError):
    """Items could be neither stored nor dead-lettered: the crawl must stop."""


def dead_letter_path(url: str, data_dir: str | Path | None = None) -> Path:
    """Where failed items go: ``deadletter.jsonl`` in the data directory.

    Without one, the data directory is ``.newscrawler/`` beside the SQLite
    file (in the working folder for a server database), as for a crawl.

    >>> dead_letter_path("sqlite:///data/news.sqlite").as_posix()
    'data/.newscrawler/deadletter.jsonl'
    >>> dead_letter_path("sqlite:///data/news.sqlite", "/var/spool/news").as_posix()
    '/var/spool/news/deadletter.jsonl'
    """
    if data_dir is None:
        path = sqlite_path(url)
        data_dir = (path.parent if path is not None else Path()) / ".newscrawler"
    return Path(data_dir) / deadletter.FILE_NAME


def retryable(exc: BaseException) -> bool:
    """A lock timeout or a lost insert race: the same batch may succeed on retry."""
    return isinstance(exc, IntegrityError) or (
        isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower()
    )


def run_status(reason: str, stats: dict[str, Any] | None = None) -> str:
    """The crawl-run status for a Scrapy close reason and the crawl's final stats.

    A crawl that ended normally without fetching a page (nor storing anything)
    failed: ``crawl`` exits 4 for it, and the history must agree.

    >>> run_status("closespider_itemcount"), run_status("max_articles"), run_status("shutdown")
    ('finished', 'finished', 'killed')
    >>> run_status("finished", {"pages/failed/ConnectionRefusedError": 2})
    'failed'
    """
    status = "finished" if reason.startswith("closespider_") else CLOSE_STATUS.get(reason, "failed")
    nothing = stats is not None and not (
        count(stats, "pages_fetched") or count(stats, "articles_stored")
    )
    return "failed" if status == "finished" and nothing else status


class StoragePipeline:
    """Write items to the archive at ``STORAGE_DB_URL`` and record the crawl run."""

    def __init__(
        self,
        stats: StatsCollector,
        db_url: str,
        batch_size: int = 100,
        retries: int = 5,
        crawler: Crawler | None = None,
        *,
        flush_interval: float = 2.0,
        dead_letters: Path | None = None,
    ) -> None:
        self.stats = stats
        self.db_url = db_url
        self.batch_size = batch_size
        self.retries = retries
        self.crawler = crawler
        self.flush_interval = flush_interval
        self.dead_letters = dead_letters or dead_letter_path(db_url)
        self.buffer: list[dict[str, Any]] = []
        # Batches waiting for the database, by a key of their own (see _store_after_outage).
        self.held: dict[int, list[dict[str, Any]]] = {}
        self.keys = itertools.count()
        self.last_flush = time.monotonic()
        self.timer: LoopingCall | None = None
        self.stopping = False  # the dead-letter file failed: nothing more is accepted
        self.db: Database | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        settings = crawler.settings
        if not settings.getbool("STORAGE_ENABLED"):
            raise NotConfigured("storage is switched off (STORAGE_ENABLED=False)")
        assert crawler.stats is not None
        db_url = resolve_url(settings.get("STORAGE_DB_URL"))
        configured = settings.get("STORAGE_DEADLETTER_PATH")
        pipeline = cls(
            crawler.stats,
            db_url,
            max(1, settings.getint("STORAGE_BATCH_SIZE")),
            settings.getint("STORAGE_RETRIES"),
            crawler,
            flush_interval=settings.getfloat("STORAGE_FLUSH_INTERVAL"),
            dead_letters=Path(configured)
            if configured
            else dead_letter_path(db_url, settings.get("DATA_DIR")),
        )
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    @property
    def spider(self) -> Spider | None:
        return self.crawler.spider if self.crawler else None

    def open_spider(self) -> None:
        """Register the crawl's sites and open its run (recorded in the crawl context)."""
        self.db = open_archive(self.db_url)
        context = context_of(self.spider) if self.spider else CrawlContext("")
        with self.db.session() as session:
            for profile in context.profiles:
                register_site(session, profile.name, profile.home_url, profile.timezone)
            if context.run_id is None:
                settings = self.crawler.settings if self.crawler else None
                extra = settings.getdict("STORAGE_RUN_OPTIONS") if settings else {}
                options = {"spider": self.spider.name if self.spider else None, **extra}
                context.run_id = start_run(session, context.site or None, options)
        self.run_id = context.run_id
        if self.flush_interval > 0 and self.crawler is not None and running_engine(self.crawler):
            self.timer = LoopingCall(self.flush_due)
            self.timer.start(self.flush_interval, now=False)
        logger.info("storing items in %s (crawl run %s)", self.db.url, self.run_id)

    def process_item(self, item: Any) -> Any:
        if self.stopping:  # the crawl is stopping: this item cannot be kept
            self.stats.inc_value("storage/lost")
            return item
        record = dict(ItemAdapter(item))  # shallow: values are stored as they are
        for name in NOT_STORED:
            record.pop(name, None)
        record, repaired = storable_value(record)
        if repaired:
            self.stats.inc_value("storage/repaired_chars", repaired)
            logger.warning(
                "storage: %d unstorable characters replaced in %s", repaired, record.get("url")
            )
        if not record.get("content_hash"):  # dedupe off: the archive needs the same hash
            record["content_hash"] = content_hash(record.get("body") or "")
        self.buffer.append(record)
        due = time.monotonic() - self.last_flush >= self.flush_interval > 0
        if len(self.buffer) >= self.batch_size or due:
            waiting = self.flush()
            if waiting is not None:
                return self._then(waiting, item)
        return item

    @staticmethod
    async def _then(waiting: Coroutine[Any, Any, None], item: Any) -> Any:
        await waiting
        return item

    def flush_due(self) -> None:
        """Flush what has waited ``STORAGE_FLUSH_INTERVAL`` seconds (the timer calls this)."""
        if self.buffer and time.monotonic() - self.last_flush >= self.flush_interval:
            waiting = self.flush()
            if waiting is not None:
                deferred_from_coro(waiting)

    def close_spider(self) -> Coroutine[Any, Any, None] | None:
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        return self.flush()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Settle what is still held, then close the crawl run with the final stats."""
        if self.db is None or self.run_id is None:
            return
        self.settle()
        for attempt in range(3):
            try:
                with self.db.session() as session:
                    stats = self.stats.get_stats()
                    finish_run(session, self.run_id, run_status(reason, stats), stats)
                break
            except DBAPIError as exc:
                logger.warning("could not record the end of crawl run %s: %s", self.run_id, exc)
                time.sleep(attempt + 1)
        else:
            logger.error("crawl run %s stays open: the database cannot be reached", self.run_id)
        self.db.dispose()

    def settle(self) -> None:
        """Store, else dead-letter, every item still held: the crawl is over.

        Closing may not have flushed (Scrapy starts every pipeline's
        ``close_spider`` in one go, and one that raises before the rest have
        run leaves their coroutines unawaited), and batches may still be waiting
        for the database; their waiters find them gone.
        """
        held = [record for batch in self.held.values() for record in batch] + self.buffer
        self.held, self.buffer = {}, []
        if not held:
            return
        logger.warning("storage: %d items were still held when the crawl closed", len(held))
        self.stopping = True  # the crawl is closing already: nothing to stop
        left = self._store(held)
        if left is not None:
            self._dead_letter(*left)

    def flush(self) -> Coroutine[Any, Any, None] | None:
        """Write the buffered items; returns a coroutine to await when the database is down."""
        batch, self.buffer = self.buffer, []
        self.last_flush = time.monotonic()
        if not batch or self.db is None:
            return None
        left = self._store(batch)
        if left is None:
            return None
        outage = DatabaseOutage.of(self.crawler)
        if outage is None or outage.gave_up:
            self._dead_letter(*left)
            return None
        key = next(self.keys)
        self.held[key] = left[0]  # held here until stored or dead-lettered, awaited or not
        return self._store_after_outage(outage, key, left[1])

    async def _store_after_outage(
        self, outage: DatabaseOutage, key: int, exc: BaseException
    ) -> None:
        while True:
            back = await outage.wait(exc)
            batch = self.held.pop(key, None)
            if batch is None:  # settled when the crawl closed
                return
            left = self._store(batch) if back else (batch, exc)
            if left is None:
                return
            if not back:
                self._dead_letter(*left)
                return
            self.held[key], exc = left

    def _store(
        self, batch: list[dict[str, Any]]
    ) -> tuple[list[dict[str, Any]], BaseException] | None:
        """Store ``batch``, isolating items that cannot be stored (dead-lettered).

        Returns the items not yet stored and the error when the database is unreachable.
        """
        try:
            self._write_retrying(batch)
            return None
        except Exception as exc:  # any failure: find the item(s) that cause it
            if unreachable(exc):
                return batch, exc
            if len(batch) == 1:
                self._dead_letter(batch, exc)
                return None
            logger.warning(
                "storage: a batch of %d failed (%s); storing them one by one", len(batch), exc
            )
            self.stats.inc_value("storage/isolated_batches")
            for n, record in enumerate(batch):
                left = self._store([record])
                if left is not None:
                    return batch[n:], left[1]
            return None

    def _write_retrying(self, batch: list[dict[str, Any]]) -> None:
        for attempt in range(self.retries + 1):
            try:
                self._write(batch)
                return
            except DBAPIError as exc:
                if not retryable(exc) or attempt == self.retries:
                    raise
                logger.warning("storage: %s; retry %d of %d", exc.orig, attempt + 1, self.retries)
                time.sleep(min(0.2 * 2**attempt, 5.0))

    def _write(self, batch: list[dict[str, Any]]) -> None:
        assert self.db is not None
        with self.db.session() as session:
            outcomes = upsert_articles(session, batch, self.run_id)
        for outcome in outcomes:
            self.stats.inc_value(f"storage/{outcome.status}")
        self._kept(batch, stored=True)

    def _kept(self, batch: list[dict[str, Any]], *, stored: bool) -> None:
        if self.crawler is None:
            return
        urls = [u for r in batch for u in (r.get("url"), r.get("canonical_url")) if u]
        self.crawler.signals.send_catch_log(items_kept, urls=urls, stored=stored)

    def _dead_letter(self, batch: list[dict[str, Any]], exc: BaseException) -> None:
        path = self.dead_letters
        reason = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else repr(exc)
        self.stats.inc_value("storage/errors", len(batch))
        try:
            deadletter.append(path, batch)
        except OSError as error:
            self._lost(len(batch), path, error)
            return
        logger.error(
            "storage: could not store %d items (%s); kept them in %s",
            len(batch),
            reason,
            path,
        )
        self.stats.inc_value("storage/dead_lettered", len(batch))
        self._kept(batch, stored=False)

    def _lost(self, count: int, path: Path, error: OSError) -> None:
        """The dead-letter file failed too: stop the crawl at once, saying what is lost."""
        lost = count + len(self.buffer)
        self.buffer = []
        self.stats.inc_value("storage/lost", lost)
        logger.critical(
            "storage: cannot write the dead-letter file %s (%s): %d items in memory are lost; "
            "stopping the crawl",
            path,
            error.strerror or error,
            lost,
        )
        engine = running_engine(self.crawler) if self.crawler is not None else None
        if self.stopping or engine is None:
            return
        self.stopping = True
        deferred_from_coro(engine.close_spider_async(reason="deadletter_failed"))
