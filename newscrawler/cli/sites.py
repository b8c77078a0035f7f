"""``newscrawler sites``: the sites of the archive, with their article counts."""

from __future__ import annotations

from dataclasses import asdict

import click

from newscrawler.cli.options import db_option, emit, format_option, open_db


@click.command()
@format_option
@db_option
def sites(fmt: str, db_url: str | None) -> None:
    """List the sites the archive holds: the key to pass to --site, and articles stored.

    \b
    Example:
        newscrawler sites
        newscrawler export --site prothomalo --out prothomalo.csv
    """
    from storage.sites import site_counts

    with open_db(db_url) as db, db.connect() as connection:
        rows = [asdict(s) for s in site_counts(connection)]
        where = db.url
    if not rows:
        click.echo(f"the archive {where} holds no sites yet", err=True)
    emit(rows, fmt, ["key", "articles", "name", "home_url"])
