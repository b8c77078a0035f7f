"""``newscrawler stats``: what the archive holds, per site and month."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from newscrawler.cli.errors import UsageFail
from newscrawler.cli.options import cell, db_option, emit, format_option, open_db

# Image formats the plot can be written in (matplotlib's, by file suffix).
PLOT_SUFFIXES = (".png", ".svg", ".pdf")


def check_plot_path(path: Path) -> None:
    """Refuse, before any work, a plot file that cannot be written (one line, exit 2)."""
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise UsageFail(f"--plot {path}: name a {', '.join(PLOT_SUFFIXES)} file (e.g. per-day.png)")
    folder = path.parent
    if not folder.is_dir():
        raise UsageFail(f"--plot {path}: the folder {folder} does not exist")


def zero_filled(days: list[dict[str, Any]]) -> dict[str, list[tuple[date, int]]]:
    """Articles per day per site, with 0 on every day of the span that had none.

    >>> rows = [{"site": "a", "day": "2024-05-01", "articles": 2},
    ...         {"site": "a", "day": "2024-05-03", "articles": 1}]
    >>> [n for _, n in zero_filled(rows)["a"]]
    [2, 0, 1]
    """
    counts: dict[str, dict[date, int]] = defaultdict(dict)
    for row in days:
        counts[row["site"]][date.fromisoformat(row["day"])] = int(row["articles"])
    if not counts:
        return {}
    first = min(min(c) for c in counts.values())
    last = max(max(c) for c in counts.values())
    span = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return {site: [(d, c.get(d, 0)) for d in span] for site, c in sorted(counts.items())}


@click.command()
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw articles per day per site to this .png/.svg/.pdf (needs matplotlib).",
)
@format_option
@db_option
def stats(plot: Path | None, fmt: str, db_url: str | None) -> None:
    """Articles per site and month, share with a publication date, duplicates, last crawl.

    Days and months are publication days in UTC. Days without articles count
    as 0 in the plot.

    \b
    Example:
        newscrawler stats
        newscrawler stats --format json --plot per-day.png
    """
    from storage.stats import per_period, site_summary

    if plot is not None:
        check_plot_path(plot)
    with open_db(db_url) as db, db.connect() as connection:
        sites = site_summary(connection)
        months = per_period(connection, "month")
        days = per_period(connection, "day") if plot else []
        where = db.url
    if not sites:
        if plot is not None:
            raise click.ClickException(f"nothing to plot: the archive {where} holds no articles")
        click.echo(f"the archive {where} holds no articles yet", err=True)
        if fmt == "json":
            click.echo(json.dumps({"sites": [], "months": []}))
        return
    if fmt == "json":
        data = {"sites": sites, "months": months}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=cell))
    else:
        emit(sites, fmt)
        click.echo()
        emit(months, fmt)
    if plot:
        series = zero_filled(days)
        if not series:
            raise click.ClickException("nothing to plot: no article has a publication date")
        draw(series, plot)
        click.echo(f"plot written to {plot}", err=True)


def draw(series: dict[str, list[tuple[date, int]]], path: Path) -> None:
    """Plot articles per day, one line per site."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise click.ClickException(
            "--plot needs matplotlib: pip install 'newscrawler[plot]'"
        ) from None
    fig, ax = plt.subplots(figsize=(12, 5))
    for site, points in series.items():
        xs: Any = [d for d, _ in points]  # matplotlib plots dates; its stubs say floats
        ax.plot(xs, [n for _, n in points], label=site, linewidth=1)
    ax.set_xlabel("publication day (UTC)")
    ax.set_ylabel("articles")
    ax.legend(fontsize="small", ncol=2)
    fig.autofmt_xdate()
    try:
        fig.savefig(path, dpi=100, bbox_inches="tight")
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)
