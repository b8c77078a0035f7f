"""Each site's recent runs, read from the crawl history, as :class:`RunFigures`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawler.health.figures import figures
from newscrawler.health.verdict import LEVELS, RunFigures, Thresholds, judge
from storage.runs import iter_runs

if TYPE_CHECKING:
    from storage.db import Reader

# Runs read back per call: enough for a 14-run window of each of many sites.
MAX_RUNS = 5000


def histories(reader: Reader, site: str | None = None) -> dict[str, list[RunFigures]]:
    """Per site, its runs that counted health figures, oldest first."""
    found: dict[str, list[RunFigures]] = {}
    for run in iter_runs(reader, limit=MAX_RUNS):
        if run.status == "running":
            continue
        for key, values in figures(run.stats or {}).items():
            if site is None or key == site:
                found.setdefault(key, []).append(
                    RunFigures(run.id, run.started_at, run.status, values)
                )
    return {key: runs[::-1] for key, runs in sorted(found.items())}


def run_levels(
    found: dict[str, list[RunFigures]], thresholds: Thresholds, wanted: set[int]
) -> dict[int, str]:
    """The health of the ``wanted`` runs as judged right after each ran (worst of its sites)."""
    levels: dict[int, str] = {}
    for site, runs in found.items():
        for index, run in enumerate(runs):
            if run.run_id not in wanted:
                continue
            level = judge(site, runs[: index + 1], thresholds, run.started_at).level
            worst = max(levels.get(run.run_id, "ok"), level, key=LEVELS.index)
            levels[run.run_id] = worst
    return levels
