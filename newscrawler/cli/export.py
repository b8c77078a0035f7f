"""``newscrawler export``: stream the archive to CSV, TSV, JSONL, Parquet or Excel.

A thin layer over :meth:`storage.Archive.export`; the format list is the
exporters' registry (:data:`storage.export.EXPORTERS`).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from newscrawler.cli.errors import UsageFail
from newscrawler.cli.options import (
    check_site,
    check_window,
    db_option,
    open_db,
    site_option,
    window_options,
)
from storage.export import EXPORTERS


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
    type=click.Choice(list(EXPORTERS)),
    default="csv",
    show_default=True,
    help="csv and tsv are text; xlsx is an Excel workbook.",
)
@click.option("--out", "out", required=True, help="Output file (.gz compresses), or - for stdout.")
@site_option
@window_options
@click.option("--query", help="Only articles matching this search query.")
@click.option("--columns", help="Comma-separated columns [default: all].")
@click.option("--excel", is_flag=True, help="csv/tsv only: UTF-8 BOM and formula-safe cells.")
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
    tz: str,
    query: str | None,
    columns: str | None,
    excel: bool,
    include_duplicates: bool,
    db_url: str | None,
) -> None:
    """Export articles, one row per distinct article, streaming in constant memory.

    A manifest (filters, row count, sha256, time) is written beside the file as
    PATH.manifest.json. CSV cells keep the line breaks of bodies (quoted, as
    RFC 4180 allows): count rows with a CSV reader, not 'wc -l'. TSV writes one
    line per article, with tabs and line breaks escaped as \\t and \\n. Excel
    (xlsx) cells hold at most 32,767 characters: longer texts are cut with a
    marker, and the number cut is reported and kept in the manifest.

    \b
    Example:
        newscrawler export --out news.xlsx --format xlsx --site prothomalo --since 2024-01-01
        newscrawler export --format jsonl --out - --query "নির্বাচন" --since 7d | head
    """
    from storage import export as exporting
    from storage.archive import Archive
    from storage.columns import COLUMN_KINDS, unknown_columns
    from storage.search import QueryError, parse_query

    check_window(since, until, tz)
    names = split_columns(columns)
    unknown = unknown_columns(names or [])
    if unknown:
        raise click.BadParameter(
            f"unknown {', '.join(unknown)}; choose from {', '.join(COLUMN_KINDS)}",
            param_hint="--columns",
        )
    try:
        exporting.check_format(fmt, out, excel)
        if query is not None:
            parse_query(query)
    except (QueryError, ValueError) as exc:
        raise UsageFail(str(exc)) from None
    with open_db(db_url) as db:
        check_site(db, site)
        archive = Archive.over(db, tz=tz)
        bars: list[Any] = []  # the progress bar, made once the total is known
        show = out != "-" and sys.stderr.isatty()

        def start(total: int) -> None:
            bar = click.progressbar(length=total, label="exporting", file=sys.stderr)
            bars.append(bar.__enter__())

        try:
            result = archive.export(
                out,
                fmt,
                site=site,
                since=since,
                until=until,
                query=query,
                include_duplicates=include_duplicates,
                columns=names,
                excel=excel,
                progress=(lambda n: bars[0].update(n)) if show else None,
                on_total=start if show else None,
            )
        except BrokenPipeError:
            # The reader (head, less) stopped: not an error. Point stdout at
            # /dev/null so the interpreter's final flush does not complain.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        except OSError as exc:
            raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        finally:
            for bar in bars:
                bar.__exit__(None, None, None)
    if out != "-":
        cut = result.notes.get("cut_cells")
        extra = f" ({cut} cells cut to Excel's 32,767 characters)" if cut else ""
        click.echo(f"{result.rows} articles written to {out}{extra}", err=True)
