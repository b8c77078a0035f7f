"""``newscrawler export``: stream the archive to CSV, JSONL or Parquet."""

from __future__ import annotations

import os
import sys
from dataclasses import asdict
from typing import Any

import click

from newscrawler.cli.options import db_option, open_db


def split_columns(value: str | None) -> list[str] | None:
    """``--columns url,title`` as a list.

    >>> split_columns("url, title")
    ['url', 'title']
    """
    if not value:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl", "parquet"]),
    default="csv",
    show_default=True,
)
@click.option("--out", "out", required=True, help="Output file (.gz compresses), or - for stdout.")
@click.option("--site", help="Only this site (e.g. prothomalo.com).")
@click.option("--since", help="Published on/after this date (YYYY-MM-DD or ISO datetime).")
@click.option("--until", help="Published on/before this date (a bare date includes the day).")
@click.option("--query", help="Only articles matching this search query.")
@click.option("--columns", help="Comma-separated columns [default: all].")
@click.option("--excel", is_flag=True, help="UTF-8 BOM and formula-safe cells, for Excel.")
@click.option(
    "--include-duplicates", is_flag=True, help="Add near duplicates (duplicate_of column)."
)
@db_option
def export(
    fmt: str,
    out: str,
    site: str | None,
    since: str | None,
    until: str | None,
    query: str | None,
    columns: str | None,
    excel: bool,
    include_duplicates: bool,
    db_url: str | None,
) -> None:
    """Export articles, one row per distinct article, streaming in constant memory.

    A manifest (filters, row count, sha256, time) is written beside the file as
    PATH.manifest.json.

    \b
    Example:
        newscrawler export --excel --out news.csv --site prothomalo.com --since 2024-01-01
        newscrawler export --format jsonl --out - --query "নির্বাচন" | head
    """
    from storage import export as exporting
    from storage.archive import make_filter
    from storage.csvsql import csv_lines
    from storage.repository import COLUMNS, count, default_columns
    from storage.search import parse_query

    try:
        filters = make_filter(site, since, until, query, include_duplicates)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    names = split_columns(columns) or default_columns(filters)
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise click.BadParameter(f"unknown {', '.join(unknown)}; choose from {', '.join(COLUMNS)}")
    if query is not None:
        try:
            parse_query(query)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--query") from None
    with open_db(db_url) as db, db.read_session() as session:
        manifest = exporting.Manifest(
            file=out, format=fmt, columns=names, filters=_describe(filters), database=db.url
        )
        try:
            fast = fmt == "csv" and db.dialect == "sqlite"
            rows = (csv_lines if fast else _rows)(session, filters, names, excel)
            if out != "-" and sys.stderr.isatty():
                total = count(session, filters)
                with click.progressbar(length=total, label="exporting", file=sys.stderr) as bar:
                    n = exporting.export(
                        rows,
                        fmt,
                        out,
                        names,
                        excel=excel,
                        manifest=manifest,
                        progress=bar.update,
                        prerendered=fast,
                    )
            else:
                n = exporting.export(
                    rows, fmt, out, names, excel=excel, manifest=manifest, prerendered=fast
                )
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:
            # The reader (head, less) stopped: not an error. Point stdout at
            # /dev/null so the interpreter's final flush does not complain.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        except OSError as exc:
            raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from None
    if out != "-":
        click.echo(f"{n} articles written to {out}", err=True)


def _rows(session: Any, filters: Any, names: list[str], _excel: bool) -> Any:
    from storage.repository import iter_articles

    return iter_articles(session, filters, names)


def _describe(filters: Any) -> dict[str, Any]:
    return {
        k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(filters).items()
    }
