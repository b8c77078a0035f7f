"""``newscrawler stats``: what the archive holds, per site and month."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import click

from newscrawler.cli.options import cell, db_option, emit, format_option, open_db


@click.command()
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw articles per day per site to this PNG (needs matplotlib).",
)
@format_option
@db_option
def stats(plot: Path | None, fmt: str, db_url: str | None) -> None:
    """Articles per site and month, share with a publication date, duplicates, last crawl.

    \b
    Example:
        newscrawler stats
        newscrawler stats --format json --plot per-day.png
    """
    from storage.stats import per_period, site_summary

    with open_db(db_url) as db, db.read_session() as session:
        sites = site_summary(session)
        months = per_period(session, "month")
        days = per_period(session, "day") if plot else []
    if fmt == "json":
        data = {"sites": sites, "months": months}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=cell))
    else:
        emit(sites, fmt)
        click.echo()
        emit(months, fmt)
    if plot:
        draw(days, plot)
        click.echo(f"plot written to {plot}", err=True)


def draw(days: list[dict[str, Any]], path: Path) -> None:
    """Plot articles per day, one line per site."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise click.ClickException(
            "--plot needs matplotlib: pip install 'newscrawler[plot]'"
        ) from None
    from datetime import date

    series: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for row in days:
        series[row["site"]].append((date.fromisoformat(row["day"]), row["articles"]))
    fig, ax = plt.subplots(figsize=(12, 5))
    for site, points in sorted(series.items()):
        xs: Any = [d for d, _ in points]  # matplotlib plots dates; its stubs say floats
        ax.plot(xs, [n for _, n in points], label=site, linewidth=1)
    ax.set_xlabel("publication day (UTC)")
    ax.set_ylabel("articles")
    if series:
        ax.legend(fontsize="small", ncol=2)
    fig.autofmt_xdate()
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
