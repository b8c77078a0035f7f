"""Store items in the archive, in batched transactions, losing none.

Items are buffered and written ``STORAGE_BATCH_SIZE`` at a time by one upsert
in one transaction. A batch that meets "database is locked" (or a concurrent
insert of the same URL) is retried; a batch that still fails is logged at
ERROR, counted in ``storage/errors`` and appended to a dead-letter JSONL file
beside the database, so no item is ever silently lost.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.spiders import Spider
from scrapy.statscollectors import StatsCollector
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from storage.db import Database, open_archive, resolve_url, sqlite_path
from storage.repository import finish_run, register_site, start_run, upsert_articles

logger = logging.getLogger(__name__)

NOT_STORED = ("date_candidates", "timezone")
# Scrapy close reasons -> crawl run status.
CLOSE_STATUS = {
    "finished": "finished",
    "max_articles": "finished",  # the news spider stopped at --max-articles
    "shutdown": "killed",
    "cancelled": "killed",
}


def dead_letter_path(url: str) -> Path:
    """Where failed items go: ``<db file>.deadletter.jsonl``, else in the working folder.

    >>> dead_letter_path("sqlite:///data/news.sqlite")
    PosixPath('data/news.sqlite.deadletter.jsonl')
    """
    path = sqlite_path(url)
    if path is None:
        return Path("newscrawler.deadletter.jsonl")
    return path.with_name(path.name + ".deadletter.jsonl")


def retryable(exc: DBAPIError) -> bool:
    """A lock timeout or a lost insert race: the same batch may succeed on retry."""
    return isinstance(exc, IntegrityError) or (
        isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower()
    )


def run_site(spider: Spider | None) -> str | None:
    """The site a crawl run is about: its profiles' names, else ``spider.site`` or its name."""
    profiles = getattr(spider, "profiles", None) or []
    names = [getattr(p, "name", None) for p in profiles]
    if names and all(names):
        return ",".join(sorted(str(n) for n in names))
    return getattr(spider, "site", None) or getattr(spider, "name", None)


def run_status(reason: str) -> str:
    """The crawl-run status for a Scrapy close reason.

    >>> run_status("closespider_itemcount"), run_status("max_articles"), run_status("shutdown")
    ('finished', 'finished', 'killed')
    """
    if reason.startswith("closespider_"):
        return "finished"
    return CLOSE_STATUS.get(reason, "failed")


class StoragePipeline:
    """Write items to the archive at ``STORAGE_DB_URL`` and record the crawl run."""

    def __init__(
        self,
        stats: StatsCollector,
        db_url: str,
        batch_size: int = 100,
        retries: int = 5,
        crawler: Crawler | None = None,
    ) -> None:
        self.stats = stats
        self.db_url = db_url
        self.batch_size = batch_size
        self.retries = retries
        self.crawler = crawler
        self.buffer: list[dict[str, Any]] = []
        self.db: Database | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        settings = crawler.settings
        if not settings.getbool("STORAGE_ENABLED", True):
            raise NotConfigured("storage is switched off (STORAGE_ENABLED=False)")
        assert crawler.stats is not None
        pipeline = cls(
            crawler.stats,
            resolve_url(settings.get("STORAGE_DB_URL")),
            max(1, settings.getint("STORAGE_BATCH_SIZE", 100)),
            settings.getint("STORAGE_RETRIES", 5),
            crawler,
        )
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    @property
    def spider(self) -> Spider | None:
        return self.crawler.spider if self.crawler else None

    def open_spider(self) -> None:
        self.db = open_archive(self.db_url)
        self.run_id = getattr(self.spider, "run_id", None)
        with self.db.session() as session:
            for profile in getattr(self.spider, "profiles", None) or []:
                register_site(session, profile.name, profile.home_url, profile.timezone)
            if self.run_id is None:
                settings = getattr(self.spider, "settings", None)
                extra = settings.getdict("STORAGE_RUN_OPTIONS") if settings else {}
                options = {"spider": getattr(self.spider, "name", None), **extra}
                self.run_id = start_run(session, run_site(self.spider), options)
        if self.spider is not None:
            setattr(self.spider, "run_id", self.run_id)  # noqa: B010 - not a Spider attribute
        logger.info("storing items in %s (crawl run %s)", self.db.url, self.run_id)

    def process_item(self, item: Any) -> Any:
        record = dict(ItemAdapter(item))  # shallow: values are stored as they are
        for name in NOT_STORED:
            record.pop(name, None)
        self.buffer.append(record)
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Close the crawl run with the final stats (the signal carries the close reason)."""
        if self.db is None or self.run_id is None:
            return
        try:
            with self.db.session() as session:
                finish_run(session, self.run_id, run_status(reason), self.stats.get_stats())
        except DBAPIError:
            logger.exception("could not record the end of crawl run %s", self.run_id)
        self.db.dispose()

    def flush(self) -> None:
        """Write the buffered items; after the retries are spent, dead-letter them."""
        batch, self.buffer = self.buffer, []
        if not batch or self.db is None:
            return
        for attempt in range(self.retries + 1):
            try:
                self._write(batch)
                return
            except DBAPIError as exc:
                if not retryable(exc) or attempt == self.retries:
                    self._dead_letter(batch, exc)
                    return
                logger.warning("storage: %s; retry %d of %d", exc.orig, attempt + 1, self.retries)
                time.sleep(min(0.2 * 2**attempt, 5.0))

    def _write(self, batch: list[dict[str, Any]]) -> None:
        assert self.db is not None
        with self.db.session() as session:
            outcomes = upsert_articles(session, batch, self.run_id)
        for outcome in outcomes:
            self.stats.inc_value(f"storage/{outcome.status}")

    def _dead_letter(self, batch: list[dict[str, Any]], exc: Exception) -> None:
        path = dead_letter_path(self.db_url)
        logger.error(
            "storage: could not store %d items (%s); kept them in %s", len(batch), exc, path
        )
        self.stats.inc_value("storage/errors", len(batch))
        with path.open("a", encoding="utf-8") as out:
            for record in batch:
                out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            out.flush()
            os.fsync(out.fileno())
