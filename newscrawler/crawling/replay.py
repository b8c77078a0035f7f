"""Replay a dead-letter file: store its items through dedupe and storage, as a crawl would.

Each line's item goes through :class:`~newscrawler.pipelines.dedupe.DedupePipeline`
(it gets its ``cluster_id`` and duplicate marks back) and
:class:`~newscrawler.pipelines.storage.StoragePipeline`, in batches. A line
is removed from the file only once its item is committed; an item that still
cannot be stored, or a line that cannot be read, stays in the file.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from newscrawler.crawling.signals import items_kept
from newscrawler.pipelines.dedupe import DedupePipeline
from newscrawler.pipelines.storage import StoragePipeline
from storage import deadletter

logger = logging.getLogger(__name__)


@dataclass
class ReplayResult:
    """What a replay did: lines stored, lines left in the file, unreadable lines."""

    stored: int = 0
    left: int = 0
    unreadable: int = 0


def replay(path: Path, db_url: str, *, batch_size: int = 100) -> ReplayResult:
    """Store the items of the dead-letter file ``path`` in the archive at ``db_url``."""
    settings = Settings()
    settings.setmodule("newscrawler.settings", priority="project")
    settings.set("STORAGE_DB_URL", db_url)
    settings.set("STORAGE_BATCH_SIZE", batch_size)
    settings.set("STORAGE_FLUSH_INTERVAL", 0)
    crawler = Crawler(Spider, settings)
    crawler.stats = MemoryStatsCollector(crawler)
    crawler.spider = Spider(name="deadletter-replay")
    committed: set[str] = set()

    def kept(urls: list[str], stored: bool) -> None:
        if stored:
            committed.update(urls)

    crawler.signals.connect(kept, signal=items_kept, weak=False)
    result = ReplayResult()
    with tempfile.TemporaryDirectory(prefix="newscrawler-replay-") as scratch:
        storage = StoragePipeline.from_crawler(crawler)
        storage.dead_letters = Path(scratch) / "again.jsonl"  # failures stay in ``path``
        dedupe = DedupePipeline.from_crawler(crawler)
        storage.open_spider()
        dedupe.open_spider()
        try:
            lines = deadletter.read_lines(path)
            for start in range(0, len(lines), batch_size):
                chunk = lines[start : start + batch_size]
                done = _store_chunk(chunk, dedupe, storage, committed, result)
                deadletter.remove_lines(path, done)
                result.stored += len(done)
        finally:
            dedupe.close_spider()
            storage.spider_closed(crawler.spider, "finished")
    result.left = len(deadletter.read_lines(path))
    return result


def _store_chunk(
    chunk: list[str],
    dedupe: DedupePipeline,
    storage: StoragePipeline,
    stored: set[str],
    result: ReplayResult,
) -> list[str]:
    """Store one chunk of lines; returns the lines whose items are committed."""
    urls: list[tuple[str, Any]] = []
    for line in chunk:
        try:
            record = deadletter.loads(line)
        except ValueError as exc:
            logger.warning("dead-letter line not readable (%s): kept", exc)
            result.unreadable += 1
            continue
        storage.process_item(dedupe.process_item(record))
        urls.append((line, record.get("url")))
    storage.flush()
    return [line for line, url in urls if url in stored]
