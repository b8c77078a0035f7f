"""A new, empty SQLite archive created from the schema its migrations leave.

Migrating an empty SQLite file with Alembic costs about 0.25 s of CPU (importing
Alembic, which imports Mako and Pygments, then running every migration): a
noticeable share of a short crawl, which creates its archive first. The
migrations stay the schema's owner; what they leave in ``sqlite_master`` is
recorded in ``migrations/fresh_sqlite.json`` (the statements, in creation
order, and the revision they reach). An *empty* SQLite database is created by
running those statements and stamping that revision, in the transaction that
would have run the migrations; any other database, or a recording older than
the head revision, is migrated by Alembic as before.

A test migrates an empty file with Alembic and checks that the recording
matches it, statement for statement; after adding a migration, rewrite the
recording with ``python -m storage.fresh``.
"""

from __future__ import annotations

import functools
import json
import logging
import tempfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from sqlalchemy import Connection

logger = logging.getLogger(__name__)

RECORDING = "fresh_sqlite.json"


@dataclass(frozen=True)
class Recording:
    """The statements that build the schema of ``revision`` in an empty SQLite file."""

    revision: str
    statements: tuple[str, ...]


@functools.cache
def recording() -> Recording | None:
    """The recorded schema shipped with the migrations (``None`` when there is none)."""
    source = files("storage") / "migrations" / RECORDING
    if not source.is_file():
        return None
    data = json.loads(source.read_text(encoding="utf-8"))
    return Recording(data["revision"], tuple(data["statements"]))


def schema_statements(conn: Connection) -> list[str]:
    """The ``CREATE`` statements of a SQLite database, in creation order.

    Automatic indexes (no statement) and the shadow tables of full-text
    indexes (created by their virtual table) are left out.
    """
    shadow = {
        name
        for schema, name, kind, *_ in conn.exec_driver_sql("PRAGMA table_list")
        if schema == "main" and kind == "shadow"
    }
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    )
    return [sql for name, sql in rows if name not in shadow]


def is_empty(conn: Connection) -> bool:
    """True when a SQLite database holds no table, index, view or trigger."""
    return not conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()


def create_fresh(conn: Connection, head: str | None) -> bool:
    """Build the schema at ``head`` in an empty SQLite database: True when done.

    False (and nothing done) for another database, a database that is not
    empty, or when the recording is not of ``head``: Alembic migrates those.
    """
    recorded = recording()
    if conn.dialect.name != "sqlite" or recorded is None or recorded.revision != head:
        return False
    if not is_empty(conn):
        return False
    logger.info("creating the archive's schema at %s", head)
    for statement in recorded.statements:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (head,))
    return True


def record() -> Recording:
    """Migrate an empty SQLite file with Alembic and record the schema it leaves."""
    from storage.db import alembic_config, current_revision, make_engine

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'fresh.sqlite'}")
        try:
            with engine.begin() as conn:
                from alembic import command

                command.upgrade(alembic_config(conn), "head")
            revision = current_revision(engine)
            with engine.connect() as conn:
                statements = schema_statements(conn)
        finally:
            engine.dispose()
    if revision is None:
        raise RuntimeError("the migrations left no revision")
    return Recording(revision, tuple(statements))


def write_recording(target: Path) -> Recording:
    """Record the migrated schema (:func:`record`) into ``target``, as JSON."""
    recorded = record()
    data = {"revision": recorded.revision, "statements": list(recorded.statements)}
    target.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return recorded


if __name__ == "__main__":
    path = Path(__file__).resolve().parent / "migrations" / RECORDING
    written = write_recording(path)
    print(f"{path.name}: {len(written.statements)} statements at {written.revision}")
