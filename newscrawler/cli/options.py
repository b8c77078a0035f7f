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

from newscrawler.cli.errors import DatabaseFail

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
def open_db(db_url: str | None, *, upgrade: bool = True) -> Iterator[Any]:
    """Open the archive, turning any failure into a one-line error."""
    from sqlalchemy.exc import SQLAlchemyError

    from storage.db import open_archive

    try:
        db = open_archive(db_url, upgrade=upgrade)
    except (SQLAlchemyError, ValueError, OSError) as exc:
        raise DatabaseFail(f"cannot open the archive: {one_line(exc)}") from None
    try:
        yield db
    except SQLAlchemyError as exc:
        raise click.ClickException(f"database error: {one_line(exc)}") from None
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
