"""``newscrawler search``: Bengali full-text search over titles and bodies."""

from __future__ import annotations

import click

from newscrawler.cli.options import db_option, emit, format_option, open_db

COLUMNS = ("score", "published_at", "site", "title", "snippet", "url")


@click.command()
@click.argument("query")
@click.option("--site", help="Only this site (e.g. prothomalo.com).")
@click.option("--since", help="Published on/after this date (YYYY-MM-DD or ISO datetime).")
@click.option("--until", help="Published on/before this date (a bare date includes the day).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--include-duplicates", is_flag=True, help="Also show near duplicates.")
@format_option
@db_option
def search(
    query: str,
    site: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    include_duplicates: bool,
    fmt: str,
    db_url: str | None,
) -> None:
    """Search the archive; best matches first, with the matching words in [brackets].

    A word finds its inflected forms (পুতিন finds পুতিনের); "quoted words" must
    appear together, in order.

    \b
    Example:
        newscrawler search পুতিন --site prothomalo.com --since 2024-01-01
        newscrawler search '"রাশিয়ার নির্বাচন"' --format json --limit 5
    """
    from storage.archive import make_filter
    from storage.repository import search as run_search

    try:
        filters = make_filter(site, since, until, None, include_duplicates)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    with open_db(db_url) as db, db.read_session() as session:
        try:
            hits = run_search(session, query, filters, limit)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    emit([h.__dict__ for h in hits], fmt, COLUMNS if fmt == "table" else None)
