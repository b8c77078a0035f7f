"""``newscrawler runs``: the crawl history, newest first."""

from __future__ import annotations

from typing import Any

import click

from newscrawler.cli.options import db_option, emit, format_option, open_db

TABLE_COLUMNS = [
    "id", "site", "status", "started_at", "finished_at", "seconds", "pages_fetched",
    "articles_stored", "duplicates", "revisions", "dropped", "errors", "health",
]  # fmt: skip
JSON_COLUMNS = [*TABLE_COLUMNS, "pid", "options"]


def run_row(run: Any) -> dict[str, Any]:
    """One crawl run as a row of plain values (``dropped`` is reason -> count)."""
    seconds = None
    if run.finished_at is not None:
        seconds = round((run.finished_at - run.started_at).total_seconds(), 1)
    return {
        "id": run.id,
        "site": run.site,
        "status": run.status,
        "started_at": run.started_at.isoformat(timespec="seconds"),
        "finished_at": run.finished_at.isoformat(timespec="seconds") if run.finished_at else None,
        "seconds": seconds,
        "pages_fetched": run.pages_fetched,
        "articles_stored": run.articles_stored,
        "duplicates": run.duplicates,
        "revisions": run.revisions,
        "dropped": dict(run.dropped or {}),
        "errors": run.errors,
        "pid": run.pid,
        "options": dict(run.options or {}),
    }


def dropped_text(dropped: dict[str, int]) -> str:
    """``reason=count`` pairs for the table.

    >>> dropped_text({"no_body": 2, "not_bengali": 1})
    'no_body=2 not_bengali=1'
    """
    return " ".join(f"{k}={v}" for k, v in sorted(dropped.items()))


@click.command()
@click.option("--site", help="Only runs of this site (its key, e.g. prothomalo).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@db_option
@format_option
def runs(site: str | None, limit: int, db_url: str | None, fmt: str) -> None:
    """Show the crawl history: every crawl, scheduled or manual, newest first.

    Status is running, finished, failed, killed (its process died without
    closing the run) or resumed (a --resume crawl that continued a stopped or
    killed one, and finished). Runs whose process is gone are marked killed
    before listing.

    \b
    Examples:
        newscrawler runs --site prothomalo --limit 5
        newscrawler runs --format json | jq '.[0].status'
    """
    from newscrawler.health.history import histories, run_levels
    from newscrawler.health.verdict import Thresholds
    from storage.history import reap_dead_runs
    from storage.runs import iter_runs

    with open_db(db_url) as db:
        reap_dead_runs(db, site=site)
        with db.connect() as connection:
            rows = [run_row(run) for run in iter_runs(connection, site=site, limit=limit)]
            shown = {row["id"] for row in rows}
            levels = run_levels(histories(connection), Thresholds(), shown)
    for row in rows:
        # a run that counted no health figures (an old one, or one that fetched nothing): blank
        row["health"] = levels.get(row["id"], "")
    if fmt != "json":
        for row in rows:
            row["dropped"] = dropped_text(row["dropped"])
    emit(rows, fmt, JSON_COLUMNS if fmt == "json" else TABLE_COLUMNS)
