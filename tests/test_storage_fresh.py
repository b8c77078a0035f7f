"""A new SQLite archive from the recorded schema: the same schema Alembic's migrations leave."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import fresh
from storage.db import (
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    open_archive,
    schema_drift,
)
from storage.fresh import Recording, create_fresh, record, recording
from tests.conftest import pg_url

__all__ = ["pg_url"]

# Every entry of sqlite_master (shadow tables and automatic indexes included),
# as `sqlite3 file .schema` would show them, and the stamped revision.
SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"


def dump(path: Path) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(SCHEMA).fetchall(), conn.execute(
            "SELECT version_num FROM alembic_version"
        ).fetchall()


def migrate_with_alembic(path: Path, revision: str = "head") -> None:
    from alembic import command

    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
    engine.dispose()


def test_the_recording_is_what_the_migrations_leave() -> None:
    # If this fails after adding a migration: python -m storage.fresh
    assert recording() == record()
    assert record().revision == head_revision()


def test_a_fresh_archive_has_the_migrated_schema(tmp_path: Path) -> None:
    migrate_with_alembic(tmp_path / "migrated.sqlite")
    db = open_archive(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    assert schema_drift(db.engine) == []
    db.dispose()
    assert dump(tmp_path / "fresh.sqlite") == dump(tmp_path / "migrated.sqlite")
    assert any(name == "articles_fts_data" for _, name, _, _ in dump(tmp_path / "fresh.sqlite")[0])


def test_a_fresh_archive_does_not_import_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    code = (
        "import sys; from storage.db import open_archive; "
        f"open_archive({url!r}).dispose(); "
        "print(any(m.startswith('alembic') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_an_older_archive_is_migrated_by_alembic(tmp_path: Path) -> None:
    migrate_with_alembic(tmp_path / "old.sqlite", "0001")
    migrate_with_alembic(tmp_path / "migrated.sqlite")
    db = open_archive(f"sqlite:///{tmp_path / 'old.sqlite'}")
    assert current_revision(db.engine) == head_revision()
    db.dispose()
    # Migrated step by step from 0001: the same as from scratch.
    assert dump(tmp_path / "old.sqlite") == dump(tmp_path / "migrated.sqlite")


def test_a_database_with_tables_is_left_to_alembic(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes (x INTEGER)"))
        assert not create_fresh(conn, head_revision())
    engine.dispose()


def test_a_recording_of_another_revision_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = Recording("older", ("CREATE TABLE alembic_version (version_num VARCHAR(32))",))
    monkeypatch.setattr(fresh, "recording", lambda: stale)
    db = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")  # Alembic migrates it
    assert current_revision(db.engine) == head_revision()
    assert schema_drift(db.engine) == []
    db.dispose()


@pytest.mark.postgres
def test_postgresql_is_migrated_by_alembic(pg_url: str) -> None:
    engine = make_engine(pg_url)
    with engine.begin() as conn:
        assert not create_fresh(conn, head_revision())
    engine.dispose()
