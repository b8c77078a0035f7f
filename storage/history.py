"""Crawl-history upkeep: runs left ``running`` by dead processes, resumed runs, last starts.

A crawl process that is killed (SIGKILL, power loss) cannot close its run, so
the row stays ``running``. :func:`reap_dead_runs` marks such rows ``killed``
once their process is gone. It checks process ids on this machine: run it on
the machine the crawls run on (the scheduler, ``newscrawler runs`` and every
crawl's start do).

Everything here but :func:`last_run` and :func:`run_of_process` (which return
ORM objects) goes through Core, so ``newscrawler runs`` never imports the ORM.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.sql import Executable

from storage.db import Database
from storage.tables import crawl_runs
from storage.types import utcnow

if TYPE_CHECKING:
    from storage.models import CrawlRun

logger = logging.getLogger(__name__)


def _affected(connection: Connection, statement: Executable) -> int:
    """Rows changed by an UPDATE or DELETE."""
    result = cast(CursorResult[Any], connection.execute(statement))
    return result.rowcount


def pid_alive(pid: int) -> bool:
    """True when a process with this id exists on this machine.

    >>> pid_alive(os.getpid())
    True
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, but belongs to another user
        return True
    return True


def reap_dead_runs(db: Database, site: str | None = None) -> list[int]:
    """Mark ``running`` runs whose process is gone as ``killed``; return their ids."""
    query = select(crawl_runs.c.id, crawl_runs.c.pid).where(crawl_runs.c.status == "running")
    if site is not None:
        query = query.where(crawl_runs.c.site == site)
    with db.connect() as connection:
        rows = connection.execute(query).all()
    dead = [run_id for run_id, pid in rows if pid is not None and not pid_alive(pid)]
    for run_id in dead:
        mark_killed(db, run_id)
    return dead


def mark_killed(db: Database, run_id: int) -> bool:
    """Mark one run ``killed`` if it is still ``running``; True when it was."""
    with db.begin() as connection:
        count = _affected(
            connection,
            update(crawl_runs)
            .where(crawl_runs.c.id == run_id, crawl_runs.c.status == "running")
            .values(status="killed", finished_at=utcnow()),
        )
    if count:
        logger.info("crawl run %d was left running by a dead process: marked killed", run_id)
    return bool(count)


def mark_resumed(db: Database, run_id: int) -> bool:
    """Mark a finished run that continued an interrupted crawl as ``resumed``."""
    with db.begin() as connection:
        count = _affected(
            connection,
            update(crawl_runs)
            .where(crawl_runs.c.id == run_id, crawl_runs.c.status == "finished")
            .values(status="resumed"),
        )
    return bool(count)


def last_start(db: Database, site: str) -> datetime | None:
    """When the latest recorded crawl of ``site`` started (``None``: never crawled)."""
    with db.connect() as connection:
        started: datetime | None = connection.scalar(
            select(func.max(crawl_runs.c.started_at)).where(crawl_runs.c.site == site)
        )
    if started is not None and started.tzinfo is None:  # max() bypasses the column type
        from storage.types import UTCDateTime

        started = UTCDateTime().process_result_value(started, db.engine.dialect)
    return started


def last_run(db: Database, site: str) -> CrawlRun | None:
    """The latest recorded crawl run of ``site`` (``None``: never crawled)."""
    from storage.models import CrawlRun

    with db.read_session() as session:
        run: CrawlRun | None = session.scalars(
            select(CrawlRun)
            .where(CrawlRun.site == site)
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
            .limit(1)
        ).first()
    return run


def run_of_process(db: Database, site: str, pid: int) -> CrawlRun | None:
    """The newest run of ``site`` started by process ``pid`` (how a scheduler finds its child's)."""
    from storage.models import CrawlRun

    with db.read_session() as session:
        run: CrawlRun | None = session.scalars(
            select(CrawlRun)
            .where(CrawlRun.site == site, CrawlRun.pid == pid)
            .order_by(CrawlRun.id.desc())
            .limit(1)
        ).first()
    return run
