"""``newscrawler search``: Bengali full-text search over titles and bodies."""

from __future__ import annotations

import click

from newscrawler.cli.errors import UsageFail
from newscrawler.cli.options import (
    check_site,
    check_window,
    db_option,
    emit,
    format_option,
    open_db,
    site_option,
    window_options,
)

COLUMNS = ("score", "published_at", "site", "title", "snippet", "url")
# More results than anyone reads; also keeps the number within the database's integers.
MAX_LIMIT = 10_000


@click.command()
@click.argument("query")
@site_option
@window_options
@click.option("--limit", type=click.IntRange(min=1, max=MAX_LIMIT), default=20, show_default=True)
@click.option("--include-duplicates", is_flag=True, help="Also show near duplicates.")
@format_option
@db_option
def search(
    query: str,
    site: str | None,
    since: str | None,
    until: str | None,
    tz: str,
    limit: int,
    include_duplicates: bool,
    fmt: str,
    db_url: str | None,
) -> None:
    """Search the archive; best matches first, with the matching words in [brackets].

    \b
    Query syntax:
      বৃষ্টি            a word also finds its forms (পুতিন finds পুতিনের)
      বৃষ্টি বন্যা      both words (AND is implied; writing AND is allowed)
      বৃষ্টি OR বন্যা   either word (OR in capitals, or |)
      বৃষ্টি -ঢাকা      without ঢাকা (also: NOT ঢাকা)
      "পদ্মা সেতু"      these words together, in this order
      (বৃষ্টি OR বন্যা) ঢাকা    parentheses group
    য় and ড় match whichever way they were typed. A query with only NOT terms
    is refused: say what to find.

    \b
    Example:
        newscrawler search পুতিন --site prothomalo --since 2024-01-01
        newscrawler search 'বৃষ্টি OR বন্যা' --since 7d
        newscrawler search '"রাশিয়ার নির্বাচন"' --format json --limit 5
    """
    from storage.archive import make_filter
    from storage.repository import search as run_search
    from storage.search import QueryError, parse_query

    check_window(since, until, tz)
    try:
        parse_query(query)
    except QueryError as exc:
        raise UsageFail(str(exc)) from None
    filters = make_filter(site, since, until, None, include_duplicates, tz)
    with open_db(db_url) as db:
        check_site(db, site)
        with db.connect() as connection:
            hits = run_search(connection, query, filters, limit)
    emit([h.__dict__ for h in hits], fmt, COLUMNS if fmt == "table" else None)
