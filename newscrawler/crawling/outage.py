"""Pause a crawl while its archive cannot be reached, instead of draining it.

:class:`DatabaseOutage` is an extension. A component whose database call
fails because the server is unreachable (:func:`storage.db.unreachable`) awaits
:meth:`DatabaseOutage.wait` and retries the same call afterwards. The first
waiter pauses the engine (no new requests are scheduled; the queue stays as
it is) and probes the database with a growing back-off (1 s, 2 s, 4 s ... at
most ``STORAGE_OUTAGE_MAX_DELAY``). When it answers, the crawl resumes and
every waiter retries. After ``STORAGE_OUTAGE_LIMIT`` seconds (default 600)
the crawl stops with close reason ``database_unavailable``: waiters are told
to give up (the storage pipeline then dead-letters its items) and the job
directory is left for ``--resume``.

Stats: ``storage/outages`` (pauses), ``storage/outage_seconds``.
"""

from __future__ import annotations

import logging
import time

from scrapy.core.engine import ExecutionEngine
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from sqlalchemy import text
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater

from storage.db import make_engine, resolve_url

logger = logging.getLogger(__name__)

CLOSE_REASON = "database_unavailable"


class DatabaseOutage:
    """Pause the crawl during a database outage; stop it after ``limit`` seconds."""

    def __init__(
        self, crawler: Crawler, db_url: str, limit: float = 600.0, max_delay: float = 30.0
    ) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.limit = limit
        self.max_delay = max_delay
        self.gave_up = False
        self.waiters: list[Deferred[bool]] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatabaseOutage:
        settings = crawler.settings
        return cls(
            crawler,
            resolve_url(settings.get("STORAGE_DB_URL")),
            settings.getfloat("STORAGE_OUTAGE_LIMIT", 600.0),
            settings.getfloat("STORAGE_OUTAGE_MAX_DELAY", 30.0),
        )

    @classmethod
    def of(cls, crawler: Crawler | None) -> DatabaseOutage | None:
        """The crawl's instance, or ``None`` when the extension is off (or no crawl)."""
        if crawler is None or running_engine(crawler) is None:
            return None
        return crawler.get_extension(cls)

    async def wait(self, exc: BaseException) -> bool:
        """Wait until the database answers again: True, or False when the crawl gave up."""
        if self.gave_up:
            return False
        waiter: Deferred[bool] = Deferred()
        if self.waiters is None:
            self.waiters = [waiter]
            deferred_from_coro(self.probe(exc))
        else:
            self.waiters.append(waiter)
        return await maybe_deferred_to_future(waiter)

    async def probe(self, exc: BaseException) -> None:
        """Pause, probe with back-off, then resume (or stop), and answer every waiter."""
        engine = running_engine(self.crawler)
        assert engine is not None and self.crawler.stats is not None
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        logger.warning(
            "the database cannot be reached (%s): crawl paused, retrying for up to %.0fs",
            first_line[:200],
            self.limit,
        )
        self.crawler.stats.inc_value("storage/outages")
        engine.pause()
        started = time.monotonic()
        delay = 1.0
        back = False
        while not back and time.monotonic() - started < self.limit:
            # imported here: importing the reactor installs one, and Scrapy must choose it
            from twisted.internet import reactor

            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
            back = self.ping()
            delay = min(delay * 2, self.max_delay)
        seconds = time.monotonic() - started
        self.crawler.stats.inc_value("storage/outage_seconds", round(seconds))
        waiters, self.waiters = self.waiters or [], None
        if back:
            logger.warning("the database is back after %.0fs: crawl resumed", seconds)
            engine.unpause()
        else:
            self.gave_up = True
            logger.error(
                "the database was unreachable for %.0fs: stopping (resume with --resume)", seconds
            )
        for waiter in waiters:
            waiter.callback(back)
        if not back:
            engine.unpause()  # let the engine close
            await engine.close_spider_async(reason=CLOSE_REASON)

    def ping(self) -> bool:
        """True when the database answers ``SELECT 1``."""
        engine = make_engine(self.db_url)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception as exc:  # any failure means "not yet"
            logger.debug("database still unreachable: %s", exc)
            return False
        finally:
            engine.dispose()


def running_engine(crawler: Crawler) -> ExecutionEngine | None:
    """The crawler's engine, or ``None`` before the crawl starts (as in unit tests)."""
    try:
        return crawler.engine
    except RuntimeError:  # Scrapy: "Crawler.engine is not set yet"
        return None
