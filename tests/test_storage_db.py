"""Opening the archive: URL rule, migrations to head with no drift, SQLite settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import current_revision, head_revision, open_archive, resolve_url, schema_drift
from tests.storage_support import db_url

__all__ = ["db_url"]


@pytest.mark.parametrize(
    ("cli", "env", "expected"),
    [
        ("sqlite:///a.sqlite", "sqlite:///b.sqlite", "sqlite:///a.sqlite"),
        (None, "postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        (None, None, "sqlite:///newscrawler.sqlite"),
        ("data/news.sqlite", None, "sqlite:///data/news.sqlite"),
    ],
)
def test_resolve_url(
    cli: str | None, env: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is None:
        monkeypatch.delenv("NEWSCRAWLER_DB", raising=False)
    else:
        monkeypatch.setenv("NEWSCRAWLER_DB", env)
    assert resolve_url(cli) == expected


def test_empty_database_upgrades_to_head_without_drift(db_url: str) -> None:
    db = open_archive(db_url)
    assert current_revision(db.engine) == head_revision() == "0001"
    assert schema_drift(db.engine) == []
    db.dispose()
    again = open_archive(db_url)  # already at head: nothing to do
    assert current_revision(again.engine) == "0001"
    again.dispose()


def test_open_without_upgrade_leaves_the_database_alone(tmp_path: Path) -> None:
    db = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}", upgrade=False)
    assert current_revision(db.engine) is None
    db.dispose()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    db = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 10_000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        open_archive(f"sqlite:///{tmp_path / 'nope' / 'a.sqlite'}")
