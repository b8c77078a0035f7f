"""The scheduler loop: due sites start crawls in subprocesses, one per site, under a DB lock.

Each crawl is ``python -m newscrawler crawl SITE --resume ...`` in its own
process (Twisted's reactor cannot be restarted) and its own session, with its
output appended to ``DATA_DIR/logs/SITE.log``; its database URL is passed in
``$NEWSCRAWLER_DB``, not on its command line. A crawl dies with its scheduler
(on Linux the kernel sends it SIGTERM when the scheduler dies, so it saves its
state and no orphan outlives its lock's heartbeat). At start-up a site whose
last run was killed is crawled again at once (``--resume`` continues it).
Before starting a crawl the scheduler takes the site's lock in the database
(:mod:`storage.locks`) and refreshes it while the crawl runs, so two schedulers
sharing a database never crawl one site at once. On SIGTERM or SIGINT the
scheduler sends SIGINT to its crawls (Scrapy then finishes the pages in flight
and saves its job state for ``--resume``), waits up to ``stop_timeout``, kills
what is left, releases its locks and exits. Every start, skip and result is
one log line. With a shared frontier (:mod:`.enqueue`) a due site's crawl is
enqueued for the workers instead, under the same lock, and not waited for.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import FrameType
from typing import IO, TYPE_CHECKING

from newscrawler.schedule.config import Job, ScheduleConfig
from newscrawler.schedule.plan import first_due, next_due
from storage import locks
from storage.db import Database
from storage.history import last_run, last_start, mark_killed, reap_dead_runs, run_of_process
from storage.models import CrawlRun
from storage.types import utcnow

if TYPE_CHECKING:
    from newscrawler.schedule.enqueue import FrontierEnqueuer

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
EXIT_REASONS = {
    0: "finished",
    1: "ended abnormally",
    2: "bad usage",
    3: "database problem",
    4: "nothing could be fetched",
    5: "another crawl of the site is still running",
}
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@dataclass
class Crawl:
    """A crawl subprocess the scheduler started."""

    job: Job
    process: subprocess.Popen[bytes]
    started: datetime
    log: IO[bytes]


class Scheduler:
    """Run the jobs of a :class:`ScheduleConfig` until stopped (or once each).

    ``command`` is what runs ``crawl ARGS...`` (tests put a stand-in there); with an
    ``enqueuer`` due crawls go to the shared frontier instead.
    """

    def __init__(
        self,
        config: ScheduleConfig,
        db: Database,
        *,
        tick: float = 0.5,
        command: Sequence[str] = (sys.executable, "-m", "newscrawler"),
        enqueuer: FrontierEnqueuer | None = None,
    ) -> None:
        self.config = config
        self.enqueuer = enqueuer
        self.command = list(command)
        self.db = db
        self.tick = tick
        self.owner = locks.new_owner()
        self.due: dict[str, datetime] = {}
        self.skipped_for: dict[str, str] = {}  # site -> the lock holder last logged
        self.running: dict[str, Crawl] = {}
        self.failures = 0
        self.stop_requested = 0
        self.last_beat = 0.0

    # -- the loop ----------------------------------------------------------

    def run(self, *, once: bool = False) -> int:
        """Loop until SIGTERM/SIGINT (or, with ``once``, until every site ran once)."""
        previous = {}
        if threading.current_thread() is threading.main_thread():
            previous = {s: signal.signal(s, self.request_stop) for s in STOP_SIGNALS}
        try:
            self.plan(once=once)
            while not self.stop_requested and (self.due or self.running or not once):
                self.collect_finished(once=once)
                self.heartbeat()
                self.launch_due(once=once)
                time.sleep(self.tick)
        finally:
            self.shutdown()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return 1 if self.failures and once else 0

    def request_stop(self, signum: int, _frame: FrameType | None) -> None:
        self.stop_requested += 1
        if self.stop_requested == 1:
            logger.info("%s received: stopping", signal.Signals(signum).name)
        else:  # a second signal: do not wait for the crawls any longer
            for crawl in self.running.values():
                crawl.process.kill()

    def plan(self, *, once: bool) -> None:
        """Decide when each site first runs (the missed-run policy, see :mod:`.plan`)."""
        reap_dead_runs(self.db)
        now = utcnow()
        logger.info(
            "scheduler %s started: %d site(s), database %s",
            self.owner, len(self.config.jobs), self.db.url,
        )  # fmt: skip
        for job in self.config.jobs:
            due = now if once else first_due(job, last_start(self.db, job.key), now)
            last = last_run(self.db, job.key)
            if last is not None and last.status == "killed" and due > now:
                logger.info("%s: its last run (%d) was killed: run again now", job.key, last.id)
                due = now
            self.due[job.key] = due
            when = "now" if due <= now else due.isoformat(timespec="seconds")
            logger.info("%s: next run %s (%s)", job.key, when, describe(job))

    def launch_due(self, *, once: bool) -> None:
        now = utcnow()
        for job in self.config.jobs:
            due = self.due.get(job.key)
            if due is None or due > now or job.key in self.running:
                continue
            if len(self.running) >= self.config.max_parallel:
                return
            del self.due[job.key]
            if locks.acquire(self.db, job.key, self.owner, stale_after=self.config.stale_after):
                if self.enqueuer is None:
                    self.running[job.key] = self.start(job)
                    continue
                self.enqueue(job)
            else:
                self.log_skip(job.key)
            if not once:
                self.due[job.key] = next_due(job, now, now)

    def enqueue(self, job: Job) -> None:
        """Hand one crawl of ``job`` to the frontier's workers (its site lock is held)."""
        from redis import RedisError
        from sqlalchemy.exc import SQLAlchemyError

        assert self.enqueuer is not None
        try:
            self.enqueuer.enqueue(job, self.db)
        except (RedisError, SQLAlchemyError, OSError) as exc:
            self.failures += 1
            logger.error("%s: enqueue failed: %s", job.key, exc)
        finally:
            locks.release(self.db, job.key, self.owner)

    def log_skip(self, key: str) -> None:
        """Log a skipped run: at INFO when the holder is new, at DEBUG when it is the same."""
        holder = locks.holder_of(self.db, key)
        owner = holder[0] if holder else "?"
        level = logging.DEBUG if self.skipped_for.get(key) == owner else logging.INFO
        self.skipped_for[key] = owner
        logger.log(level, "%s: skipped, %s is crawling it", key, owner)

    def start(self, job: Job) -> Crawl:
        """Start one crawl subprocess of ``job``."""
        logs = self.config.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        log_path = logs / f"{safe_name(job.key)}.log"
        log = log_path.open("ab")
        command = [*self.command, *job.crawl_args(self.config.data_dir)]
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # signals reach it from us only
            env={**os.environ, **job.crawl_env()},
            preexec_fn=die_with(os.getpid()),
        )  # fmt: skip
        logger.info("%s: crawl started (pid %d, log %s)", job.key, process.pid, log_path)
        self.skipped_for.pop(job.key, None)
        return Crawl(job, process, utcnow(), log)

    def collect_finished(self, *, once: bool) -> None:
        for key, crawl in list(self.running.items()):
            code = crawl.process.poll()
            if code is None:
                continue
            del self.running[key]
            self.finish(crawl, code)
            if not once and not self.stop_requested:
                self.due[key] = next_due(crawl.job, crawl.started, utcnow())
                logger.info("%s: next run %s", key, self.due[key].isoformat(timespec="seconds"))

    def finish(self, crawl: Crawl, code: int) -> None:
        """Release the site, close a run its process left open, log the one-line result."""
        crawl.log.close()
        key = crawl.job.key
        run = run_of_process(self.db, key, crawl.process.pid)
        if run is not None and run.status == "running" and mark_killed(self.db, run.id):
            run.status = "killed"
        locks.release(self.db, key, self.owner)
        stopped = bool(self.stop_requested) and code > 0  # it exited by itself
        if code != 0 and not stopped:
            self.failures += 1
        seconds = (utcnow() - crawl.started).total_seconds()
        logger.info("%s: %s", key, result_line(code, seconds, run, stopped=stopped))
        self.check_health(key)

    def check_health(self, key: str) -> None:
        """Log the site's health when it is not ok; run the alert command when it turns fail."""
        from newscrawler.health.alert import lines, run_alert, site_verdicts

        try:
            verdict, before = site_verdicts(self.db, key, self.config.health.get(key))
        except Exception:  # health upkeep must never stop the scheduler
            logger.warning("%s: health not judged", key, exc_info=True)
            return
        for line in lines([verdict]):
            logger.warning("%s: %s", key, line)
        turned = verdict.level == "fail" and (before is None or before.level != "fail")
        if turned and self.config.alert_command:
            code = run_alert(self.config.alert_command, verdict)
            logger.warning("%s: health turned fail: alert command ran (exit %s)", key, code)

    def heartbeat(self) -> None:
        if time.monotonic() - self.last_beat < self.config.heartbeat.total_seconds():
            return
        self.last_beat = time.monotonic()
        for key in self.running:
            if not locks.heartbeat(self.db, key, self.owner):
                logger.warning("%s: lock lost (taken over as stale); the crawl goes on", key)

    def shutdown(self) -> None:
        """Ask running crawls to save their state, wait for them, release every lock."""
        if self.running:
            logger.info(
                "asking %d running crawl(s) to finish their pages and save state",
                len(self.running),
            )
            for crawl in self.running.values():
                crawl.process.send_signal(signal.SIGINT)
            deadline = time.monotonic() + self.config.stop_timeout.total_seconds()
            while self.running and time.monotonic() < deadline:
                self.collect_finished(once=True)
                time.sleep(0.1)
            for crawl in list(self.running.values()):
                logger.warning("%s: did not stop in time: killed", crawl.job.key)
                crawl.process.kill()
                crawl.process.wait()
            self.collect_finished(once=True)
        logger.info("scheduler %s stopped", self.owner)


def die_with(parent: int) -> Callable[[], None]:
    """A ``preexec_fn``: the child gets SIGTERM when ``parent`` dies (Linux; elsewhere a no-op)."""

    def set_death_signal() -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):  # not Linux: crawls may outlive a killed scheduler
            return
        if os.getppid() != parent:  # the scheduler died before the prctl
            os.kill(os.getpid(), signal.SIGTERM)

    return set_death_signal


def describe(job: Job) -> str:
    """``cron 0 * * * *`` or ``every 0:30:00``."""
    return f"cron {job.cron}" if job.cron else f"every {job.every}"


def safe_name(key: str) -> str:
    """A site key as a file name.

    >>> safe_name("127.0.0.1:8000")
    '127.0.0.1_8000'
    """
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in key)


def result_line(code: int, seconds: float, run: CrawlRun | None, *, stopped: bool = False) -> str:
    """One readable line for a finished crawl (``stopped``: the scheduler stopped it).

    >>> result_line(4, 2.04, None)
    'nothing could be fetched (exit 4) in 2.0s'
    >>> result_line(1, 9.0, None, stopped=True)
    'stopped, state saved for --resume (exit 1) in 9.0s'
    """
    reason = EXIT_REASONS.get(code, "killed by a signal" if code < 0 else "failed")
    if stopped:
        reason = "stopped, state saved for --resume"
    line = f"{reason} (exit {code}) in {seconds:.1f}s"
    if run is None:
        return line
    dropped = sum(run.dropped.values()) if run.dropped else 0
    return (
        f"{line}: run {run.id} {run.status}, {run.pages_fetched} pages, "
        f"{run.articles_stored} articles stored, {run.duplicates} duplicates, "
        f"{run.revisions} revisions, {dropped} dropped, {run.errors} errors"
    )
