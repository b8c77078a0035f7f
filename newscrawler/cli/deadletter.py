"""``newscrawler deadletter``: items a crawl could not store, and storing them later."""

from __future__ import annotations

from pathlib import Path

import click

from newscrawler.cli.errors import DatabaseFail, UsageFail


@click.group()
def deadletter() -> None:
    """Items that could not be stored, kept in a dead-letter file.

    \b
    Example:
        newscrawler deadletter replay --db sqlite:///news.sqlite
    """


@deadletter.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--db",
    "db_url",
    envvar="NEWSCRAWLER_DB",
    help="Database URL [default: $NEWSCRAWLER_DB, else sqlite:///newscrawler.sqlite].",
)
def replay(file: Path | None, db_url: str | None) -> None:
    """Store the items of a dead-letter FILE through dedupe and storage, as a crawl would.

    FILE defaults to ``deadletter.jsonl`` in the crawl data directory
    (``.newscrawler/`` beside the SQLite archive). A line is removed only once
    its item is committed; what still fails stays in the file.

    \b
    Example:
        newscrawler deadletter replay --db sqlite:///news.sqlite
        newscrawler deadletter replay /var/spool/news/deadletter.jsonl --db postgresql+psycopg://localhost/news
    """
    from sqlalchemy.exc import SQLAlchemyError

    from newscrawler.cli.options import one_line
    from newscrawler.crawling.replay import replay as replay_file
    from newscrawler.pipelines.storage import dead_letter_path
    from storage.db import resolve_url

    url = resolve_url(db_url)
    path = file or dead_letter_path(url)
    if not path.is_file():
        raise UsageFail(f"no dead-letter file at {path}")
    try:
        result = replay_file(path, url)
    except (SQLAlchemyError, ValueError) as exc:
        raise DatabaseFail(f"cannot replay {path}: {one_line(exc)}") from None
    except OSError as exc:
        raise click.ClickException(f"cannot replay {path}: {exc}") from None
    click.echo(
        f"{result.stored} items stored; {result.left} lines left in {path}"
        + (f" ({result.unreadable} unreadable)" if result.unreadable else "")
    )
    if result.left:
        raise SystemExit(3)
