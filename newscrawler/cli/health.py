"""``newscrawler health``: is each site's extraction still working?"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from newscrawler.cli.options import db_option, emit, open_db

FORMATS = ("table", "json", "prometheus")
TABLE_COLUMNS = ["site", "health", "why", "last_run", "articles", "published", "runs"]


def verdicts(db: Any, site: str | None) -> list[Any]:
    """Every site's verdict (or one site's), judged now with its profile's thresholds."""
    from newscrawler.health.history import histories
    from newscrawler.health.verdict import judge
    from storage.types import utcnow

    with db.connect() as connection:
        found = histories(connection, site)
    if site is not None and not found:
        raise click.ClickException(f"no crawl of site {site!r} has health figures yet")
    return [judge(key, runs, thresholds_for(key), utcnow()) for key, runs in found.items()]


def thresholds_for(site: str) -> Any:
    """The thresholds of ``site``: its shipped profile's ``[health]`` table, else defaults."""
    from newscrawler.health.verdict import Thresholds
    from newscrawler.profiles import builtin_profiles

    profile = builtin_profiles().get(site)
    try:
        return Thresholds.from_mapping(profile.health if profile else None, source=site)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None


@click.command()
@click.option("--site", help="Only this site (its key, e.g. prothomalo).")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output: a table, JSON (every check and figure), or Prometheus text exposition.",
)  # fmt: skip
@click.option("--examples", is_flag=True, help="Show URLs of articles that lack a field.")
@click.option(
    "--plot", type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw each site's field coverage per crawl to this PNG (needs matplotlib).",
)  # fmt: skip
@db_option
def health(
    site: str | None, fmt: str, examples: bool, plot: Path | None, db_url: str | None
) -> None:
    """Judge each site's latest crawl against its own history: ok, warn or fail.

    Compares the share of articles with a headline, body, published date,
    author and section, the median body length, blocked pages and HTTP errors
    with the median of the site's last 14 good crawls, and flags a site whose
    new articles stopped for much longer than usual. Exits 1 when any site
    fails, so cron or systemd (OnFailure=) can alert.

    \b
    Examples:
        newscrawler health
        newscrawler health --site prothomalo --examples
        newscrawler health --format prometheus > /var/lib/node_exporter/newscrawler.prom
    """
    from newscrawler.health.report import json_row, prometheus, row

    if plot is not None and plot.suffix.lower() != ".png":
        raise click.BadParameter(f"{plot} is not a .png file", param_hint="--plot")
    with open_db(db_url, upgrade=False) as db:
        found = verdicts(db, site)
    if fmt == "prometheus":
        click.echo(prometheus(found), nl=False)
    elif fmt == "json":
        emit([json_row(v, examples) for v in found], "json")
    else:
        emit([row(v) for v in found], "table", TABLE_COLUMNS)
        if examples:
            for v in found:
                for field, urls in (v.latest.figures.examples if v.latest else {}).items():
                    for url in urls:
                        click.echo(f"{v.site}: no {field}: {url}")
    if plot is not None:
        from newscrawler.health.plot import draw

        try:
            draw(found_histories(db_url, site), plot)
        except ImportError:
            raise click.ClickException("--plot needs matplotlib: pip install matplotlib") from None
        except OSError as exc:
            raise click.ClickException(f"cannot write {plot}: {exc.strerror}") from None
        click.echo(f"plot written to {plot}", err=True)
    if any(v.level == "fail" for v in found):
        sys.exit(1)


def found_histories(db_url: str | None, site: str | None) -> Any:
    from newscrawler.health.history import histories

    with open_db(db_url, upgrade=False) as db, db.connect() as connection:
        return histories(connection, site)
