"""Per-site crawl locks in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from storage import locks
from storage.db import Database

STALE = timedelta(seconds=30)


def test_one_holder_at_a_time(db: Database) -> None:
    assert locks.acquire(db, "site", "a", stale_after=STALE)
    assert not locks.acquire(db, "site", "b", stale_after=STALE)
    assert locks.acquire(db, "site", "a", stale_after=STALE)  # re-entrant for the holder
    assert locks.acquire(db, "other", "b", stale_after=STALE)  # locks are per site
    assert locks.holder_of(db, "site") is not None
    assert locks.holder_of(db, "site")[0] == "a"  # type: ignore[index]


def test_release_and_heartbeat_only_by_owner(db: Database) -> None:
    assert locks.acquire(db, "site", "a", stale_after=STALE)
    assert not locks.heartbeat(db, "site", "b")
    assert not locks.release(db, "site", "b")
    assert locks.heartbeat(db, "site", "a")
    assert locks.release(db, "site", "a")
    assert locks.holder_of(db, "site") is None
    assert locks.acquire(db, "site", "b", stale_after=STALE)


def test_stale_lock_is_taken_over(db: Database) -> None:
    assert locks.acquire(db, "site", "dead", stale_after=STALE)
    time.sleep(0.05)
    assert not locks.acquire(db, "site", "b", stale_after=timedelta(seconds=5))
    assert locks.acquire(db, "site", "b", stale_after=timedelta(milliseconds=10))
    assert not locks.heartbeat(db, "site", "dead")  # the old holder learns it lost the lock


def test_racing_acquirers_get_one_winner(db: Database) -> None:
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(
            pool.map(lambda n: locks.acquire(db, "site", f"o{n}", stale_after=STALE), range(6))
        )
    assert results.count(True) == 1


def test_new_owner_is_unique() -> None:
    assert locks.new_owner() != locks.new_owner()
