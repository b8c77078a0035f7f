"""The resume extension: keeps a crawl's job directory and its run history honest.

It writes the ``running`` marker when the spider opens and removes it when the
spider closes, clears the job state of finished crawls, marks dead runs
``killed`` and the run of a resumed crawl ``resumed``. The job directory itself
is chosen by :func:`newscrawler.crawling.jobdir.crawl_settings`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawler.crawling.context import context_of
from newscrawler.crawling.jobdir import INTERRUPTED_REASONS, MARKER, RECOVER_REASONS, clear

logger = logging.getLogger(__name__)


class ResumeExtension:
    """Keeps the job directory honest and the crawl history right.

    Switched on by ``JOBDIR`` (set by :func:`crawl_settings`); ``NotConfigured`` otherwise.
    """

    def __init__(self, directory: Path, mode: str, db_url: str | None, crawler: Crawler) -> None:
        self.directory = directory
        self.mode = mode
        self.db_url = db_url
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResumeExtension:
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured("no JOBDIR: the crawl cannot be resumed")
        ext = cls(
            Path(jobdir),
            crawler.settings.get("RESUME_MODE"),
            crawler.settings.get("STORAGE_DB_URL"),
            crawler,
        )
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / MARKER).write_text(str(os.getpid()), "ascii")
        except OSError as exc:  # a full disk: the scheduler's disk queue stops the crawl
            logger.error("cannot write the job marker in %s: %s", self.directory, exc)
        self.update_history(spider, opening=True)
        # Connected now, so it runs after the storage pipeline has closed the crawl run.
        self.crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        # Scrapy has written its queue by now (the scheduler closes before this signal).
        if reason in RECOVER_REASONS:
            # The marker stays: --resume then rediscovers, skipping what is stored.
            logger.warning("crawl stopped (%s): continue it with --resume", reason)
            return
        if reason not in INTERRUPTED_REASONS:
            clear(self.directory)
        (self.directory / MARKER).unlink(missing_ok=True)
        self.update_history(spider, opening=False)

    def update_history(self, spider: Spider, *, opening: bool) -> None:
        """Dead runs of this crawl's site become ``killed`` at start; a resumed
        crawl's run ends ``resumed`` (the site and the run come from the crawl context)."""
        from storage.db import open_archive
        from storage.history import mark_resumed, reap_dead_runs

        context = context_of(spider)
        run_id = context.run_id
        if not opening and (self.mode == "fresh" or run_id is None):
            return
        try:
            db = open_archive(self.db_url)
        except Exception:  # history upkeep must never break a crawl
            logger.warning("crawl history not updated: cannot open the archive", exc_info=True)
            return
        try:
            if opening:
                reap_dead_runs(db, site=context.site)
            elif run_id is not None:
                mark_resumed(db, int(run_id))
        finally:
            db.dispose()
