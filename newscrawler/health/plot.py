"""Each site's field coverage per crawl, drawn with matplotlib (an optional extra)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from newscrawler.health.verdict import RunFigures

SHOWN = ("published", "body", "title", "authors")


def draw(histories: Mapping[str, Sequence[RunFigures]], path: Path) -> None:
    """One panel per site: the share of articles with each field, per crawl run."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sites = list(histories) or ["(no runs)"]
    fig, axes = plt.subplots(len(sites), 1, figsize=(9, 2.4 * len(sites)), squeeze=False)
    for ax, site in zip(axes[:, 0], sites, strict=True):
        runs = [r for r in histories.get(site, []) if r.figures.articles]
        for name in SHOWN:
            ax.plot(
                [r.started_at for r in runs],
                [r.figures.shares.get(name, 0.0) for r in runs],
                marker="o",
                label=name,
            )
        ax.set_title(site)
        ax.set_ylim(-0.05, 1.05)
        ax.set_ylabel("share of articles")
        ax.legend(loc="lower left", fontsize="small")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
