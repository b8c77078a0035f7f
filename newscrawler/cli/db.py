"""``newscrawler db``: migrate the archive and check it against the models."""

from __future__ import annotations

import click

from newscrawler.cli.options import db_option, open_db


@click.group()
def db() -> None:
    """Manage the archive's database schema.

    \b
    Example:
        newscrawler db upgrade --db postgresql+psycopg://user@host/news
        newscrawler db check
    """


@db.command()
@db_option
def upgrade(db_url: str | None) -> None:
    """Create the archive or migrate it to the latest schema (safe to repeat).

    \b
    Example:
        newscrawler db upgrade --db archive.sqlite
    """
    from storage.db import current_revision

    with open_db(db_url, create=True) as database:
        click.echo(f"{database.url} is at revision {current_revision(database.engine)}")


@db.command()
@db_option
def check(db_url: str | None) -> None:
    """Check that the database is migrated and matches the models; exit 1 if not.

    Never creates a database: a missing SQLite file exits 3, like every
    command that cannot open the archive.

    \b
    Example:
        newscrawler db check --db archive.sqlite
    """
    from storage.db import current_revision, describe_drift, head_revision, schema_drift

    with open_db(db_url, upgrade=False) as database:
        current, head = current_revision(database.engine), head_revision()
        if current != head:
            raise click.ClickException(
                f"{database.url} is at revision {current}, not {head}: run newscrawler db upgrade"
            )
        drift = schema_drift(database.engine)
        if drift:
            shown = "; ".join(describe_drift(d) for d in drift)
            raise click.ClickException(f"schema differs from the models: {shown}")
        click.echo(f"{database.url} is at revision {head} and matches the models")
