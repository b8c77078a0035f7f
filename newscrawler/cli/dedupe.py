"""``newscrawler dedupe``: the archive's near-duplicate index."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from newscrawler.cli.errors import UsageFail
from newscrawler.cli.options import db_option, open_db

if TYPE_CHECKING:
    from newscrawler.dedupe.signature import Signer


@click.group()
def dedupe() -> None:
    """Inspect or rebuild the archive's near-duplicate index.

    \b
    Example:
        newscrawler dedupe show --db archive.sqlite
        newscrawler dedupe reindex -s DEDUPE_THRESHOLD=0.5 --db archive.sqlite
    """


def signer_of(pairs: tuple[str, ...]) -> Signer:
    from scrapy.settings import Settings

    from newscrawler.cli.crawl import parse_overrides
    from newscrawler.pipelines.dedupe import signer_from

    settings = Settings()
    settings.setmodule("newscrawler.settings", priority="project")
    settings.update(parse_overrides(pairs), priority="cmdline")
    try:
        return signer_from(settings)
    except ValueError as exc:
        raise UsageFail(str(exc)) from None


@dedupe.command()
@db_option
def show(db_url: str | None) -> None:
    """Print the parameters the index was built with and its number of signatures.

    \b
    Example:
        newscrawler dedupe show --db archive.sqlite
    """
    from storage.dedupe import DedupeTables

    with open_db(db_url) as database:
        tables = DedupeTables(database)
        params = tables.params()
        built = params.describe() if params else "no parameters recorded yet"
        click.echo(f"{tables.count()} signatures; built with {built}")


@dedupe.command()
@db_option
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="DEDUPE_* setting.")
def reindex(db_url: str | None, settings: tuple[str, ...]) -> None:
    """Re-sign every stored article for the DEDUPE_* settings and record them.

    Run it after changing DEDUPE_THRESHOLD, DEDUPE_SHINGLE_SIZE or
    DEDUPE_NUM_PERM: a crawl refuses an index built with other parameters.

    \b
    Example:
        newscrawler dedupe reindex -s DEDUPE_SHINGLE_SIZE=3 --db archive.sqlite
    """
    from newscrawler.dedupe.reindex import reindex as rebuild

    signer = signer_of(settings)
    with open_db(db_url) as database:
        signed, dropped = rebuild(database, signer)
    bands, rows = signer.bands_rows
    click.echo(
        f"re-signed {signed} articles ({dropped} signatures without a stored body dropped) "
        f"with num_perm={signer.num_perm} shingle_size={signer.shingle_size} "
        f"bands={bands} rows={rows}"
    )
