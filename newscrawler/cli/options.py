"""Options shared by the archive commands: ``--db`` and ``--format``, and their output.

``--db`` falls back to ``$NEWSCRAWLER_DB``, then ``sqlite:///newscrawler.sqlite``.
``--format table|json|csv`` prints a list of dicts the same way everywhere.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

import click

from newscrawler.cli.errors import DatabaseFail, UsageFail

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "csv")
# Longest text shown in one table cell; json and csv show everything.
TABLE_CELL_CHARS = 80


def db_option(func: F) -> F:
    """``--db URL`` (else ``$NEWSCRAWLER_DB``, else ``./newscrawler.sqlite``)."""
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        help="Database URL or SQLite file [default: $NEWSCRAWLER_DB, else newscrawler.sqlite].",
    )(func)


def format_option(func: F) -> F:
    """``--format table|json|csv``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(func)


@contextmanager
def open_db(db_url: str | None, *, upgrade: bool = True, create: bool = False) -> Iterator[Any]:
    """Open the archive, turning any failure into one line and exit code 3.

    Commands that only read leave ``create`` false: a missing SQLite file is
    then an error naming the archives nearby, and no file is created.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from storage.db import open_archive

    try:
        db = open_archive(db_url, upgrade=upgrade, create=create)
    except (SQLAlchemyError, ValueError, OSError) as exc:
        raise DatabaseFail(f"cannot open the archive: {one_line(exc)}") from None
    try:
        yield db
    except SQLAlchemyError as exc:
        raise DatabaseFail(f"database error: {one_line(exc)}") from None
    finally:
        db.dispose()


def one_line(exc: BaseException) -> str:
    """The first line of an error message, without SQLAlchemy's background link.

    >>> one_line(ValueError("no such table: x\\n[SQL: SELECT 1]"))
    'no such table: x'
    """
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def cell(value: Any, limit: int | None = None) -> Any:
    """A value for text output: ISO dates, joined lists, trimmed for tables.

    >>> cell(["ক", "খ"]), cell("x" * 100, 5)
    ('ক; খ', 'xxxx…')
    """
    if isinstance(value, datetime):
        value = value.isoformat()
    elif isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    if limit and isinstance(value, str) and len(value) > limit:
        value = value[: limit - 1] + "…"
    return value


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> None:
    """Print rows as a table, a JSON array, or CSV with a header."""
    names = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        data = [{k: r.get(k) for k in names} for r in rows]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=cell))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([cell(r.get(k)) for k in names] for r in rows)
    else:
        from tabulate import tabulate

        table = [[cell(r.get(k), TABLE_CELL_CHARS) for k in names] for r in rows]
        click.echo(tabulate(table, headers=names, tablefmt="simple") if rows else "(no rows)")


def window_options(func: F) -> F:
    """``--since``, ``--until`` and ``--tz``: a publication window in the archive's zone."""
    func = click.option(
        "--tz",
        default="Asia/Dhaka",
        show_default=True,
        help="Zone of --since/--until given without one (an IANA name).",
    )(func)
    func = click.option(
        "--until",
        help="Published on/before this (a bare date includes the whole day).",
    )(func)
    return click.option(
        "--since",
        help="Published on/after this: YYYY-MM-DD, an ISO datetime, or 7d / 12h / 2w back.",
    )(func)


def site_option(func: F) -> F:
    """``--site KEY``: one site, by the key ``newscrawler sites`` lists."""
    return click.option(
        "--site", metavar="KEY", help="Only this site (its key: see 'newscrawler sites')."
    )(func)


def check_window(since: str | None, until: str | None, tz: str) -> None:
    """Refuse a bad --since/--until/--tz in one line (exit 2) before opening anything."""
    from storage.when import window

    try:
        window(since, until, tz)
    except ValueError as exc:
        raise UsageFail(str(exc)) from None


def check_site(db: Any, site: str | None) -> None:
    """Refuse a --site the archive does not hold, listing the sites it does (exit 2)."""
    from storage.sites import UnknownSite, require_site

    try:
        with db.connect() as connection:
            require_site(connection, site)
    except UnknownSite as exc:
        raise UsageFail(str(exc)) from None
