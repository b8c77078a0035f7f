"""Crawl-run history: one row per crawl, opened at start and closed with its stats.

The writers take an ORM session; :func:`iter_runs` reads through Core, so
``newscrawler runs`` never imports the ORM (it is imported by the writers,
when first called).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, select

from storage.tables import crawl_runs
from storage.types import utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from storage.db import Reader

# Scrapy stats keys -> crawl_runs counters. These are THE definitions of the
# counts, used by the crawl's summary line, ``runs`` and the scheduler alike
# (docs/crawl-counts.md): "pages fetched" is every response that reached the
# crawl engine (a redirect chain or a retried request counts once; requests
# skipped by the incremental middleware or refused before sending do not).
COUNTERS = {
    "pages_fetched": ("response_received_count",),
    "articles_stored": ("storage/inserted", "storage/revised"),
    "duplicates": ("dedupe/exact", "dedupe/near"),
    "revisions": ("storage/revised",),
    "errors": ("log_count/ERROR", "storage/errors"),
}
# Stats that count pages or items that did not become articles, by reason
# (``validate/dropped/no_body``, ``pages/failed/http_404``, ...). Pages left
# alone because ``--max-articles`` was reached (``pages/skipped/max_articles``)
# are not dropped: nothing was wrong with them.
DROPPED_PREFIXES = ("pages/dropped/", "pages/failed/", "validate/dropped/", "extract/error/")


def count(stats: Mapping[str, Any], column: str) -> int:
    """One of :data:`COUNTERS` computed from a crawl's Scrapy stats.

    >>> count({"response_received_count": 3, "downloader/response_count": 5}, "pages_fetched")
    3
    """
    return sum(int(stats.get(k) or 0) for k in COUNTERS[column])


def dropped(stats: Mapping[str, Any]) -> dict[str, int]:
    """What did not become an article, by counted reason (see :data:`DROPPED_PREFIXES`).

    >>> dropped({"pages/failed/http_404": 2, "pages/skipped/max_articles": 9, "x": 1})
    {'pages/failed/http_404': 2}
    """
    return {k: int(v) for k, v in stats.items() if k.startswith(DROPPED_PREFIXES)}


def start_run(session: Session, site: str | None, options: Mapping[str, Any] | None = None) -> int:
    """Open a crawl run (status ``running``) and return its id."""
    from storage.models import CrawlRun

    run = CrawlRun(
        site=site,
        started_at=utcnow(),
        status="running",
        options=dict(options or {}),
        dropped={},
        stats={},
        pid=os.getpid(),
    )
    session.add(run)
    session.flush()
    return run.id


def record_enqueued(session: Session, site: str | None, options: Mapping[str, Any]) -> int:
    """Record a crawl handed to a shared frontier (status ``enqueued``, no process of its
    own, started and finished now) and return its id: the scheduler's history of it."""
    from storage.models import CrawlRun

    now = utcnow()
    run = CrawlRun(
        site=site,
        started_at=now,
        finished_at=now,
        status="enqueued",
        options=dict(options),
        dropped={},
        stats={},
        pid=None,
    )
    session.add(run)
    session.flush()
    return run.id


def json_safe(stats: Mapping[str, Any]) -> dict[str, Any]:
    """Scrapy stats as JSON values: datetimes become ISO 8601 text.

    >>> from datetime import datetime, UTC
    >>> json_safe({"start_time": datetime(2024, 1, 1, tzinfo=UTC), "n": 3})
    {'start_time': '2024-01-01T00:00:00+00:00', 'n': 3}
    """
    safe: dict[str, Any] = {}
    for key, value in stats.items():
        if isinstance(value, int | float | str | bool) or value is None:
            safe[key] = value
        elif hasattr(value, "isoformat"):
            safe[key] = value.isoformat()
        else:
            safe[key] = str(value)
    return safe


def finish_run(
    session: Session, run_id: int, status: str, stats: Mapping[str, Any] | None = None
) -> None:
    """Close a crawl run with its final status and Scrapy stats (counters derived from them)."""
    from storage.models import RUN_STATUSES, CrawlRun

    if status not in RUN_STATUSES:
        raise ValueError(f"unknown run status {status!r}: use one of {', '.join(RUN_STATUSES)}")
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise ValueError(f"no crawl run with id {run_id}")
    stats = json_safe(stats or {})
    run.status = status
    run.finished_at = utcnow()
    run.stats = stats
    for column in COUNTERS:
        setattr(run, column, count(stats, column))
    run.dropped = dropped(stats)


def iter_runs(
    reader: Reader, site: str | None = None, limit: int | None = None
) -> Iterator[Row[Any]]:
    """Crawl runs, newest first, optionally of one site: rows named like the columns."""
    query = select(crawl_runs).order_by(crawl_runs.c.started_at.desc(), crawl_runs.c.id.desc())
    if site is not None:
        query = query.where(crawl_runs.c.site == site)
    if limit is not None:
        query = query.limit(limit)
    yield from reader.execute(query)
