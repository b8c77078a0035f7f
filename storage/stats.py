"""Archive statistics: per-site summaries, articles per month and per day."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, select

from storage.db import dialect_of
from storage.tables import articles, crawl_runs, sites

if TYPE_CHECKING:
    from storage.db import Reader


def _period(session: Reader, unit: str) -> Any:
    """``published_at`` truncated to ``month`` (YYYY-MM) or ``day`` (YYYY-MM-DD), UTC."""
    if dialect_of(session) == "sqlite":
        return func.strftime("%Y-%m" if unit == "month" else "%Y-%m-%d", articles.c.published_at)
    utc = func.timezone("UTC", articles.c.published_at)
    return func.to_char(utc, "YYYY-MM" if unit == "month" else "YYYY-MM-DD")


def site_summary(session: Reader) -> list[dict[str, Any]]:
    """Per site: articles, share with a publication date, duplicates, last crawl and last seen."""
    dated = func.sum(case((articles.c.published_at.is_not(None), 1), else_=0))
    dupes = func.sum(case((articles.c.duplicate_of_id.is_not(None), 1), else_=0))
    query = (
        select(
            sites.c.key.label("site"),
            func.count(articles.c.id).label("articles"),
            dated.label("dated"),
            dupes.label("duplicates"),
            func.max(articles.c.last_seen_at).label("last_seen_at"),
        )
        .join(articles, articles.c.site_id == sites.c.id)
        .group_by(sites.c.key)
        .order_by(sites.c.key)
    )
    last_runs = dict(
        session.execute(
            select(crawl_runs.c.site, func.max(crawl_runs.c.started_at)).group_by(crawl_runs.c.site)
        ).all()
    )
    rows = []
    for row in session.execute(query):
        total = int(row.articles)
        rows.append(
            {
                "site": row.site,
                "articles": total,
                "share_dated": round(int(row.dated or 0) / total, 3) if total else 0.0,
                "duplicates": int(row.duplicates or 0),
                "last_crawl": last_runs.get(row.site),
                "last_seen_at": row.last_seen_at,
            }
        )
    return rows


def per_period(session: Reader, unit: str = "month") -> list[dict[str, Any]]:
    """Distinct articles per site and ``month`` or ``day`` of publication (undated left out)."""
    period = _period(session, unit).label(unit)
    query = (
        select(sites.c.key.label("site"), period, func.count(articles.c.id).label("articles"))
        .join(articles, articles.c.site_id == sites.c.id)
        .where(articles.c.published_at.is_not(None), articles.c.duplicate_of_id.is_(None))
        .group_by(sites.c.key, period)
        .order_by(sites.c.key, period)
    )
    return [dict(row._mapping) for row in session.execute(query)]
