"""Shared fixtures: the saved real pages, and fresh PostgreSQL databases / Redis prefixes.

Tests that need a service (or the saved pages) skip with a reason when it is
unreachable, except when ``NEWSCRAWLER_REQUIRE_SERVICES=1`` (set by ``.ci/run``):
then they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

# Shared 2-core machines are noisy: no per-example deadline. On CI the examples
# are derandomised, so a run is repeatable (locally they stay random and find bugs).
settings.register_profile("default", deadline=None)
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "default")

if TYPE_CHECKING:
    from storage.db import Database

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
PG_ADMIN_URL = os.environ.get(
    "NEWSCRAWLER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("NEWSCRAWLER_TEST_REDIS", "redis://127.0.0.1:6379/0")


def services_required() -> bool:
    return os.environ.get("NEWSCRAWLER_REQUIRE_SERVICES") == "1"


def unavailable(what: str, exc: Exception) -> None:
    """Skip, or fail when services are required, because ``what`` is unreachable."""
    message = f"{what} is not reachable: {exc}"
    if services_required():
        pytest.fail(message + " (NEWSCRAWLER_REQUIRE_SERVICES=1)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The saved real pages (``../shared/corpus``); skips when the folder is absent,
    fails then under ``NEWSCRAWLER_REQUIRE_SERVICES=1`` (CI has the pages)."""
    return require_corpus(CORPUS)


def require_corpus(folder: Path) -> Path:
    """``folder`` when it holds the saved pages; else skip, or fail when services are required."""
    if not (folder / "expected.jsonl").is_file():
        message = f"saved real pages not present at {folder}"
        if services_required():
            pytest.fail(message + " (NEWSCRAWLER_REQUIRE_SERVICES=1)")
        pytest.skip(message)
    return folder


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """Create an empty PostgreSQL database, yield its URL, drop it afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"nc_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        unavailable("PostgreSQL", exc)
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database, dropped after the test."""
    with fresh_pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh archive URL: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.sqlite'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """The archive at ``db_url``, opened (and migrated); disposed after the test."""
    from storage.db import open_archive

    database = open_archive(db_url)
    yield database
    database.dispose()


@pytest.fixture
def redis_prefix() -> Iterator[tuple[str, str]]:
    """``(redis_url, key_prefix)``; every key under the prefix is deleted afterwards."""
    import redis

    prefix = f"nc_test:{uuid.uuid4().hex[:12]}:"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except Exception as exc:
        unavailable("Redis", exc)
    try:
        yield REDIS_URL, prefix
    finally:
        for key in client.scan_iter(match=prefix + "*"):
            client.delete(key)
        client.close()
