"""Per-site crawl locks held in the database, so two schedulers never crawl one site at once.

A lock is a ``crawl_locks`` row (site, owner, acquired_at, heartbeat_at). The
holder refreshes ``heartbeat_at`` while its crawl runs; a lock whose heartbeat
is older than ``stale_after`` belongs to a dead holder and may be taken over.
Every step is one statement whose outcome the database decides (a primary-key
insert, an update guarded by the old heartbeat), so it is safe between
processes and machines on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import delete, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from storage.db import Database
from storage.models import CrawlLock
from storage.types import utcnow

logger = logging.getLogger(__name__)


def _affected(session: Session, statement: Executable) -> int:
    """Rows changed by an UPDATE or DELETE."""
    result = cast(CursorResult[Any], session.execute(statement))
    return result.rowcount


def new_owner() -> str:
    """A lock owner name unique to this process: ``host:pid:random``."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(db: Database, site: str, owner: str, *, stale_after: timedelta) -> bool:
    """Take the lock of ``site`` for ``owner``; True when ``owner`` now holds it.

    Re-acquiring a lock one already holds refreshes it. A stale lock (no
    heartbeat for ``stale_after``) is taken over, and the takeover is logged.
    """
    now = utcnow()
    try:
        with db.session() as session:
            session.add(CrawlLock(site=site, owner=owner, acquired_at=now, heartbeat_at=now))
        return True
    except IntegrityError:
        pass  # somebody holds it (maybe us, maybe a dead process)
    if heartbeat(db, site, owner):
        return True
    holder = holder_of(db, site)
    if holder is None:  # released in the meantime: try once more
        return acquire(db, site, owner, stale_after=stale_after)
    old_owner, last_beat = holder
    if last_beat > now - stale_after:
        return False
    with db.session() as session:
        taken = _affected(
            session,
            update(CrawlLock)
            .where(CrawlLock.site == site, CrawlLock.heartbeat_at == last_beat)
            .values(owner=owner, acquired_at=now, heartbeat_at=now),
        )
    if taken:
        logger.warning(
            "took over the stale lock of %s from %s (last heartbeat %s)",
            site,
            old_owner,
            last_beat.isoformat(timespec="seconds"),
        )
    return bool(taken)


def heartbeat(db: Database, site: str, owner: str) -> bool:
    """Refresh ``owner``'s lock on ``site``; False when ``owner`` does not hold it (any more)."""
    with db.session() as session:
        count = _affected(
            session,
            update(CrawlLock)
            .where(CrawlLock.site == site, CrawlLock.owner == owner)
            .values(heartbeat_at=utcnow()),
        )
    return bool(count)


def release(db: Database, site: str, owner: str) -> bool:
    """Give the lock back; False when ``owner`` did not hold it."""
    with db.session() as session:
        count = _affected(
            session, delete(CrawlLock).where(CrawlLock.site == site, CrawlLock.owner == owner)
        )
    return bool(count)


def holder_of(db: Database, site: str) -> tuple[str, datetime] | None:
    """``(owner, heartbeat_at)`` of the lock on ``site``, or ``None`` when it is free."""
    with db.read_session() as session:
        row = session.execute(
            select(CrawlLock.owner, CrawlLock.heartbeat_at).where(CrawlLock.site == site)
        ).first()
    return None if row is None else (row[0], row[1])
