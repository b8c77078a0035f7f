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
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

if TYPE_CHECKING:  # Alembic is imported only to migrate or compare (it costs ~0.3 s)
    from alembic.config import Config
    from sqlalchemy.orm import Session, sessionmaker

    # What the read-only queries take: an ORM session, or a plain connection
    # (Database.connect) for callers that should not import the ORM.
    Reader = Session | Connection

logger = logging.getLogger(__name__)

ENV_VAR = "NEWSCRAWLER_DB"
DEFAULT_URL = "sqlite:///newscrawler.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
# Any fixed number: serialises concurrent upgrades of one PostgreSQL database.
PG_UPGRADE_LOCK = 0x6E657773
# The databases the archive runs on (SQLAlchemy backend names).
DIALECTS = ("sqlite", "postgresql")
# PostgreSQL drivers whose SQLAlchemy dialect looks the HSTORE type up when it connects.
HSTORE_DRIVERS = ("psycopg", "psycopg2")
REVISION_RE = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
DOWN_RE = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(?:None|['\"]([^'\"]+)['\"])", re.M)


class ArchiveMissing(ValueError):
    """A command that only reads was pointed at a SQLite file that does not exist."""


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
    options: dict[str, Any] = {}
    if make_url(url).get_driver_name() in HSTORE_DRIVERS:
        # The archive has no HSTORE column: skip the type lookup (three round
        # trips) the driver would make on the first connection to register it.
        options["use_native_hstore"] = False
    engine = create_engine(url, future=True, json_serializer=dump_json, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def dialect_of(reader: Reader) -> str:
    """``sqlite`` or ``postgresql``: the database a session or connection talks to."""
    bind = reader if isinstance(reader, Connection) else reader.get_bind()
    return bind.dialect.name


class Database:
    """An open archive: the engine plus write and read session factories.

    Use ``with db.session() as s:`` for writes (committed on success, rolled
    back on error), ``with db.read_session() as s:`` for long reads, and
    ``with db.connect() as c:`` for reads that need no ORM (it is imported
    only when a session is first asked for: that costs ~0.15 s), and
    ``with db.begin() as c:`` for Core writes.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @functools.cached_property
    def _writes(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        writer = self.engine.execution_options(sqlite_immediate=True)
        return sessionmaker(bind=writer, expire_on_commit=False)

    @functools.cached_property
    def _reads(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(bind=self.engine, expire_on_commit=False)

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

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for Core reads, as :meth:`read_session` but without the ORM."""
        with self.engine.connect() as connection:
            yield connection

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in one write transaction, as :meth:`session` but without the ORM."""
        with self.engine.execution_options(sqlite_immediate=True).begin() as connection:
            yield connection

    def dispose(self) -> None:
        self.engine.dispose()


def check_dialect(url: str) -> None:
    """Refuse, in one line, a database the archive does not run on.

    >>> check_dialect("mysql://x/y")
    Traceback (most recent call last):
    ...
    ValueError: unsupported database 'mysql': use a SQLite file or postgresql+psycopg://...
    """
    backend = make_url(url).get_backend_name()
    if backend not in DIALECTS:
        raise ValueError(
            f"unsupported database {backend!r}: use a SQLite file or postgresql+psycopg://..."
        )


def nearby_archives(path: Path) -> list[Path]:
    """SQLite archives in the folder of ``path`` and in the current folder, by name."""
    found: set[Path] = set()
    for folder in {path.parent, Path()}:
        if folder.is_dir():
            found.update(p for p in folder.glob("*.sqlite") if p.is_file())
    return sorted(found)


def missing_message(path: Path) -> str:
    """The one line saying a SQLite archive is missing, naming the ones that exist."""
    others = nearby_archives(path)
    hint = (
        f"archives here: {', '.join(str(p) for p in others)} (pass one with --db)"
        if others
        else "run a crawl or 'newscrawler demo' first, or pass --db"
    )
    return f"no archive at {path}: {hint}"


def open_archive(url: str | None = None, *, upgrade: bool = True, create: bool = True) -> Database:
    """Open the archive at ``url`` (resolved by :func:`resolve_url`), upgrading it if needed.

    With ``create=False`` (commands that only read) a missing SQLite file is
    an :class:`ArchiveMissing` error, and no file is created.
    """
    resolved = resolve_url(url)
    check_dialect(resolved)
    path = sqlite_path(resolved)
    if path is not None and not create and not path.is_file():
        raise ArchiveMissing(missing_message(path))
    if path is not None and not path.parent.exists():
        raise ValueError(f"the folder of the SQLite database does not exist: {path.parent}")
    try:
        engine = make_engine(resolved)
    except ImportError as exc:
        raise ValueError(f"the database driver is not installed: {exc.name or exc}") from None
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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    return config


@functools.cache
def head_revision() -> str | None:
    """The latest migration, read from the scripts' ``revision``/``down_revision`` lines.

    Reading a few small files is much cheaper than importing Alembic; when the
    scripts do not form one chain, Alembic itself is asked (and explains).
    """
    versions = files("storage") / "migrations" / "versions"
    revisions: set[str] = set()
    parents: set[str] = set()
    for entry in versions.iterdir():
        if not entry.name.endswith(".py"):
            continue
        source = entry.read_text(encoding="utf-8")
        revision, down = REVISION_RE.search(source), DOWN_RE.search(source)
        if revision is None or down is None:
            return _alembic_head()
        revisions.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else _alembic_head()


def _alembic_head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` when it was never migrated)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_to_head(engine: Engine) -> None:
    """Migrate the database to the latest revision, safely against concurrent upgrades.

    An empty SQLite database is given the recorded schema of the latest
    revision instead (:mod:`storage.fresh`): the same schema, without Alembic.
    """
    with engine.execution_options(sqlite_immediate=True).begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_UPGRADE_LOCK})
        from storage.fresh import create_fresh  # only to create or migrate

        if create_fresh(conn, head_revision()):
            return
        from alembic import command

        logger.info("upgrading %s to %s", engine.url, head_revision())
        command.upgrade(alembic_config(conn), "head")


def include_name(name: str | None, type_: str, _parent: Any) -> bool:
    """Leave the full-text index (not a model) out of model/migration comparisons."""
    return not (type_ == "table" and name is not None and name.startswith("articles_fts"))


def schema_drift(engine: Engine) -> list[Any]:
    """Differences between the tables (:mod:`storage.tables`) and the migrated database."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage.tables import metadata

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": include_name, "compare_type": True}
        )
        return list(compare_metadata(context, metadata))


def describe_drift(diff: Any) -> str:
    """One readable line for one difference :func:`schema_drift` found.

    >>> describe_drift(("remove_table", type("T", (), {"name": "old"})()))
    'table old is in the database but not in the models'
    """
    if isinstance(diff, list):  # column modifications come grouped
        return "; ".join(describe_drift(d) for d in diff)
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        where = "in the models but not in the database"
        if kind == "remove_table":
            where = "in the database but not in the models"
        return f"table {diff[1].name} is {where}"
    if kind in ("add_column", "remove_column"):
        _, _, table, column = diff
        where = "missing from the database" if kind == "add_column" else "not in the models"
        return f"column {table}.{column.name} is {where}"
    if kind in ("add_index", "remove_index", "add_constraint", "remove_constraint"):
        thing = diff[1]
        action, noun = kind.split("_")
        where = "missing from the database" if action == "add" else "not in the models"
        table = getattr(getattr(thing, "table", None), "name", "?")
        return f"{noun} {thing.name} on {table} is {where}"
    if kind.startswith("modify_"):
        _, _, table, column, _existing, old, new = diff
        what = kind.removeprefix("modify_")
        return f"column {table}.{column}: {what} is {old} in the database, {new} in the models"
    return " ".join(str(part) for part in diff)


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
