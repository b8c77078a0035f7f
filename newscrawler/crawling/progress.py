"""A one-line crawl progress display for terminals, and one-line log errors.

:class:`Progress` is a Scrapy extension switched on by ``PROGRESS_ENABLED``
(``newscrawler crawl`` sets it when stderr is a terminal and neither ``-v`` nor
``--log-file`` is given). Every ``PROGRESS_INTERVAL`` seconds (default 1) it
rewrites one line on stderr with the counts the crawl's summary and ``runs``
use (:mod:`storage.runs`): pages fetched, articles stored, dropped, and pages
per second. "Articles kept" are those that passed every item pipeline on the way
into the archive (what ``--max-articles`` counts); storage writes them in
batches, so the final summary's "articles stored" is the archive's own count.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from twisted.internet import task

from storage.runs import count, dropped


def progress_line(stats: dict[str, Any], seconds: float) -> str:
    """The progress of a crawl in one line.

    >>> progress_line({"response_received_count": 30, "item_scraped_count": 4,
    ...                "pages/failed/http_404": 2}, 10.0)
    '30 pages fetched, 4 articles kept, 2 dropped (3.0 pages/s)'
    """
    pages = count(stats, "pages_fetched")
    rate = pages / seconds if seconds > 0 else 0.0
    return (
        f"{pages} pages fetched, {int(stats.get('item_scraped_count') or 0)} articles kept, "
        f"{sum(dropped(stats).values())} dropped ({rate:.1f} pages/s)"
    )


class Progress:
    """Rewrite one progress line on a terminal while the crawl runs."""

    def __init__(self, stats: StatsCollector, interval: float = 1.0, out: TextIO | None = None):
        self.stats = stats
        self.interval = interval
        self.out = out or sys.stderr
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        if not crawler.settings.getbool("PROGRESS_ENABLED"):
            raise NotConfigured  # no reason given: Scrapy would log it as a warning
        assert crawler.stats is not None
        progress = cls(crawler.stats, crawler.settings.getfloat("PROGRESS_INTERVAL", 1.0))
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        # A log line clears the progress line first; the next tick redraws it.
        for handler in logging.getLogger().handlers:
            handler.addFilter(self.clear_line)
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval)

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.show()
        self.out.write("\n")
        self.out.flush()

    def clear_line(self, record: logging.LogRecord) -> bool:
        self.out.write("\r\x1b[K")
        return True

    def show(self) -> None:
        line = progress_line(self.stats.get_stats(), time.monotonic() - self.started)
        self.out.write(f"\r\x1b[K{line}")
        self.out.flush()


class OneLineErrors(logging.Filter):
    """Show a logged exception as its one-line message, not a traceback.

    Scrapy logs network failures (a refused robots.txt) with their traceback;
    on a terminal the message says enough. ``-v`` or ``--log-file`` keep them.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            if text and text not in record.getMessage():
                record.msg = f"{record.getMessage()} ({type(exc).__name__}: {text})"
                record.args = None
            record.exc_info = None
            record.exc_text = None
        return True
