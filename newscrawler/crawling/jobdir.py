"""Job directories: Scrapy's job state kept per site under a data directory.

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
a killed crawl from a stopped one; :class:`newscrawler.plugins.resume.ResumeExtension`
writes and removes it during the crawl. Before anything else, a crawl takes an
exclusive ``flock`` on ``jobs/SITE.lock`` (held until the process exits), so two
crawls started at the same moment can never share a job directory.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
from pathlib import Path
from typing import IO, Any

from storage.history import pid_alive

logger = logging.getLogger(__name__)

DEFAULT_DATA_DIR = Path(".newscrawler")
MARKER = "running"
# Close reasons after which Scrapy's job state is worth keeping for --resume.
INTERRUPTED_REASONS = frozenset({"shutdown"})
# Close reasons after which the next --resume recovers as after a kill (requests
# in flight were abandoned): the database or the disk failed.
RECOVER_REASONS = frozenset({"database_unavailable", "deadletter_failed", "disk_full"})
UNSAFE_CHARS_RE = re.compile(r"[^\w.-]+")


class ResumeError(RuntimeError):
    """The crawl cannot start with this job directory; the message says why."""


class JobLocks:
    """The job-directory locks this process holds (open files with an exclusive ``flock``)."""

    def __init__(self) -> None:
        self.held: dict[Path, IO[bytes]] = {}

    def acquire(self, directory: Path, site_key: str) -> None:
        """Lock ``directory`` for this process (again: a no-op); :class:`ResumeError` if taken."""
        path = directory.with_name(directory.name + ".lock").resolve()
        if path in self.held:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("ab")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise ResumeError(
                f"a crawl of {site_key} is already running with state in {directory}"
            ) from None
        self.held[path] = handle

    def release(self) -> None:
        """Release every lock (the process exiting does the same)."""
        for handle in self.held.values():
            handle.close()
        self.held.clear()


LOCKS = JobLocks()  # a process-wide resource, like the open files it holds


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
    queue is used) or ``recover`` (a killed crawl: discovery runs again).
    Raises :class:`ResumeError` when another live crawl is using the job directory.
    """
    directory = job_dir(site_key, data_dir)
    LOCKS.acquire(directory, site_key)
    owner = marker_pid(directory)
    # (an empty or damaged marker, pid 0, is a crawl that died writing it)
    if owner and owner != os.getpid() and pid_alive(owner):
        raise ResumeError(
            f"a crawl of {site_key} is already running (pid {owner}) with state in {directory}"
        )
    mode = resume_mode(directory, resume=resume, killed=owner is not None)
    if mode != "continue":
        clear(directory)
    directory.mkdir(parents=True, exist_ok=True)
    logger.info("crawl state of %s in %s (%s)", site_key, directory, mode)
    return {
        "JOBDIR": str(directory),
        "RESUME_MODE": mode,
        "DATA_DIR": str(data_dir or DEFAULT_DATA_DIR),
    }


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
