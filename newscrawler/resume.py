"""Resumable crawls: Scrapy's job state kept per site under a data directory.

Every crawl keeps its job state (pending requests, seen fingerprints, spider
state: Scrapy's ``JOBDIR``) in ``DATA_DIR/jobs/SITE/``. What ``--resume`` does
depends on how the previous crawl of the site ended:

* **stopped cleanly** (SIGINT/SIGTERM: Scrapy finished its in-flight pages and
  wrote its queue): the crawl continues from the saved queue.
* **killed** (SIGKILL, crash, power loss): Scrapy's job state cannot be
  trusted (requests that were in flight are gone from the disk queue but
  already in the seen-fingerprints file, and the queue's index is stale), so it
  is discarded and discovery runs again; the incremental middleware skips every
  article already stored. Nothing is lost and nothing is fetched twice that was
  stored.
* **finished**: there is nothing to resume; the crawl starts afresh.

A crawl without ``--resume`` always starts afresh (old job state is removed).
A marker file ``running`` (holding the process id) in the job directory tells
a killed crawl from a stopped one. The :class:`ResumeExtension` writes and
removes it, clears the job state of finished crawls, marks dead runs
``killed`` and the run of a resumed crawl ``resumed``.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from storage.history import pid_alive

logger = logging.getLogger(__name__)

DEFAULT_DATA_DIR = Path(".newscrawler")
MARKER = "running"
# Close reasons after which Scrapy's job state is worth keeping for --resume.
INTERRUPTED_REASONS = frozenset({"shutdown"})
UNSAFE_CHARS_RE = re.compile(r"[^\w.-]+")


class ResumeError(RuntimeError):
    """The crawl cannot start with this job directory; the message says why."""


def job_dir(site_key: str, data_dir: Path | None = None) -> Path:
    """The job directory of a site.

    >>> job_dir("127.0.0.1:8123", Path("data")).as_posix()
    'data/jobs/127.0.0.1_8123'
    """
    name = UNSAFE_CHARS_RE.sub("_", site_key).strip("._") or "site"
    return (data_dir or DEFAULT_DATA_DIR) / "jobs" / name


def crawl_settings(site_key: str, *, resume: bool, data_dir: Path | None) -> dict[str, Any]:
    """Extra Scrapy settings for a crawl of ``site_key``: its ``JOBDIR`` and resume mode.

    ``RESUME_MODE`` is ``fresh`` (start over), ``continue`` (a stopped crawl's
    queue is used) or ``recover`` (a killed crawl: discovery runs again);
    ``RESUME_SITE`` is the site key (the crawl run is recorded under it when
    the spider has no ``site`` attribute of its own).
    Raises :class:`ResumeError` when another live crawl is using the job directory.
    """
    directory = job_dir(site_key, data_dir)
    owner = marker_pid(directory)
    if owner is not None and owner != os.getpid() and pid_alive(owner):
        raise ResumeError(
            f"a crawl of {site_key} is already running (pid {owner}) with state in {directory}"
        )
    mode = resume_mode(directory, resume=resume, killed=owner is not None)
    if mode != "continue":
        clear(directory)
    directory.mkdir(parents=True, exist_ok=True)
    logger.info("crawl state of %s in %s (%s)", site_key, directory, mode)
    return {"JOBDIR": str(directory), "RESUME_MODE": mode, "RESUME_SITE": site_key}


def resume_mode(directory: Path, *, resume: bool, killed: bool) -> str:
    """``fresh``, ``continue`` or ``recover`` (see :func:`crawl_settings`)."""
    if not resume:
        return "fresh"
    if killed:
        logger.warning(
            "the previous crawl using %s was killed: its queue is discarded and discovery "
            "runs again (stored articles are skipped)",
            directory,
        )
        return "recover"
    return "continue" if has_state(directory) else "fresh"


def marker_pid(directory: Path) -> int | None:
    """The process id in the ``running`` marker, or ``None`` when there is no marker."""
    try:
        text = (directory / MARKER).read_text("ascii").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else 0


def has_state(directory: Path) -> bool:
    """True when a stopped crawl left a queue or seen-requests file to continue from."""
    return (directory / "requests.seen").exists() or (directory / "requests.queue").exists()


def clear(directory: Path) -> None:
    """Remove a job directory's state (the directory itself stays)."""
    if not directory.is_dir():
        return
    for path in directory.iterdir():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


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
            crawler.settings.get("RESUME_MODE", "fresh"),
            crawler.settings.get("STORAGE_DB_URL"),
            crawler,
        )
        site = crawler.settings.get("RESUME_SITE")
        # The spider exists already; the storage pipeline records its run under spider.site.
        if site and crawler.spider is not None and not getattr(crawler.spider, "site", None):
            crawler.spider.site = site  # type: ignore[attr-defined]
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / MARKER).write_text(str(os.getpid()), "ascii")
        spider.resumed = self.mode != "fresh"  # type: ignore[attr-defined]
        self.update_history(spider, opening=True)
        # Connected now, so it runs after the storage pipeline has closed the crawl run.
        self.crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        # Scrapy has written its queue by now (the scheduler closes before this signal).
        if reason not in INTERRUPTED_REASONS:
            clear(self.directory)
        (self.directory / MARKER).unlink(missing_ok=True)
        self.update_history(spider, opening=False)

    def update_history(self, spider: Spider, *, opening: bool) -> None:
        """Dead runs become ``killed`` at start; a resumed crawl's run ends ``resumed``."""
        from storage.db import open_archive
        from storage.history import mark_resumed, reap_dead_runs

        run_id = getattr(spider, "run_id", None)
        if not opening and (self.mode == "fresh" or run_id is None):
            return
        try:
            db = open_archive(self.db_url)
        except Exception:  # history upkeep must never break a crawl
            logger.warning("crawl history not updated: cannot open the archive", exc_info=True)
            return
        try:
            if opening:
                reap_dead_runs(db, site=getattr(spider, "site_key", None))
            elif run_id is not None:
                mark_resumed(db, int(run_id))
        finally:
            db.dispose()
