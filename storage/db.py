"""Engines, sessions and migrations: how the archive is opened.

``open_archive(url)`` gives a :class:`Database` whose schema is at the latest
migration (it upgrades an older or empty database on first use). SQLite runs
in WAL mode with a busy timeout, and its write transactions start with
``BEGIN IMMEDIATE`` so that two crawls writing at once queue for the lock
instead of failing with "database is locked".
"""

from __future__ import annotations

import atexit
import functools
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Base

logger = logging.getLogger(__name__)

ENV_VAR = "NEWSCRAWLER_DB"
DEFAULT_URL = "sqlite:///newscrawler.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
# Any fixed number: serialises concurrent upgrades of one PostgreSQL database.
PG_UPGRADE_LOCK = 0x6E657773


def resolve_url(cli_value: str | None = None) -> str:
    """The database URL: ``--db``, else ``$NEWSCRAWLER_DB``, else ``./newscrawler.sqlite``.

    A bare file path (no ``://``) is taken as a SQLite file.

    >>> resolve_url("postgresql+psycopg://postgres@127.0.0.1:5432/news")
    'postgresql+psycopg://postgres@127.0.0.1:5432/news'
    >>> resolve_url("archive.sqlite")
    'sqlite:///archive.sqlite'
    """
    url = cli_value or os.environ.get(ENV_VAR) or DEFAULT_URL
    return url if "://" in url else f"sqlite:///{url}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or ``None`` for other databases and ``:memory:``.

    >>> sqlite_path("sqlite:///data/a.sqlite")
    PosixPath('data/a.sqlite')
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _on_sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module: we emit BEGIN ourselves.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def dump_json(value: Any) -> str:
    """JSON text with non-ASCII characters kept as they are.

    >>> dump_json(["নিজস্ব প্রতিবেদক"])
    '["নিজস্ব প্রতিবেদক"]'
    """
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the archive's connection settings.

    JSON columns (authors, tags, stats) are written as readable UTF-8, not
    ``\\u`` escapes, so that ``sqlite3`` and ``psql`` users see Bengali.
    """
    engine = create_engine(url, future=True, json_serializer=dump_json)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
    return engine


class Database:
    """An open archive: the engine plus write and read session factories.

    Use ``with db.session() as s:`` for writes (committed on success, rolled
    back on error) and ``with db.read_session() as s:`` for long reads.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        writer = engine.execution_options(sqlite_immediate=True)
        self._writes = sessionmaker(bind=writer, expire_on_commit=False)
        self._reads = sessionmaker(bind=engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write session in one transaction, committed when the block ends."""
        with self._writes() as session, session.begin():
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reads; it never takes SQLite's write lock up front."""
        with self._reads() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_archive(url: str | None = None, *, upgrade: bool = True) -> Database:
    """Open the archive at ``url`` (resolved by :func:`resolve_url`), upgrading it if needed."""
    resolved = resolve_url(url)
    path = sqlite_path(resolved)
    if path is not None and not path.parent.exists():
        raise ValueError(f"the folder of the SQLite database does not exist: {path.parent}")
    engine = make_engine(resolved)
    if upgrade and current_revision(engine) != head_revision():
        upgrade_to_head(engine)
    return Database(engine)


@functools.cache
def migrations_dir() -> Path:
    """A real folder holding the migration scripts, for Alembic's ``script_location``.

    Normally ``storage/migrations`` itself. When ``storage`` is imported from a
    zip (a Scrapyd egg), Alembic cannot read the scripts there, so they are
    copied once per process into a temporary folder removed at exit.
    """
    if MIGRATIONS.is_dir():
        return MIGRATIONS
    target = Path(tempfile.mkdtemp(prefix="newscrawler-migrations-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    _copy_tree(files("storage") / "migrations", target)
    logger.debug("migrations extracted from %s to %s", MIGRATIONS, target)
    return target


def _copy_tree(source: Traversable, target: Path) -> None:
    if not source.is_dir():
        raise RuntimeError(f"the storage package has no migrations folder: {source}")
    target.mkdir(exist_ok=True)
    for entry in source.iterdir():
        if entry.name == "__pycache__" or entry.name.endswith(".pyc"):
            continue
        if entry.is_dir():
            _copy_tree(entry, target / entry.name)
        else:
            (target / entry.name).write_bytes(entry.read_bytes())


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configured in code: no ``alembic.ini`` is needed."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` when it was never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Migrate the database to the latest revision, safely against concurrent upgrades."""
    with engine.execution_options(sqlite_immediate=True).begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_UPGRADE_LOCK})
        logger.info("upgrading %s to %s", engine.url, head_revision())
        command.upgrade(alembic_config(conn), "head")


def include_name(name: str | None, type_: str, _parent: Any) -> bool:
    """Leave the full-text index (not a model) out of model/migration comparisons."""
    return not (type_ == "table" and name is not None and name.startswith("articles_fts"))


def schema_drift(engine: Engine) -> list[Any]:
    """Differences between the models and the migrated database (empty when none)."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": include_name, "compare_type": True}
        )
        return list(compare_metadata(context, Base.metadata))


def unreachable(exc: BaseException) -> bool:
    """True when a database error means the server cannot be reached (an outage).

    A lost connection, a refused one, or a server shutting down: the same call
    may succeed once the database is back. SQLite's "database is locked" is
    not one (it is retried where it happens).
    """
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated or isinstance(exc, InterfaceError):
        return True
    return isinstance(exc, OperationalError) and "locked" not in str(exc.orig).lower()
