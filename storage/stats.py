"""Archive statistics: per-site summaries, articles per month and per day."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from storage.models import Article, CrawlRun, Site


def _period(session: Session, unit: str) -> Any:
    """``published_at`` truncated to ``month`` (YYYY-MM) or ``day`` (YYYY-MM-DD), UTC."""
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m" if unit == "month" else "%Y-%m-%d", Article.published_at)
    utc = func.timezone("UTC", Article.published_at)
    return func.to_char(utc, "YYYY-MM" if unit == "month" else "YYYY-MM-DD")


def site_summary(session: Session) -> list[dict[str, Any]]:
    """Per site: articles, share with a publication date, duplicates, last crawl and last seen."""
    dated = func.sum(case((Article.published_at.is_not(None), 1), else_=0))
    dupes = func.sum(case((Article.duplicate_of_id.is_not(None), 1), else_=0))
    query = (
        select(
            Site.key.label("site"),
            func.count(Article.id).label("articles"),
            dated.label("dated"),
            dupes.label("duplicates"),
            func.max(Article.last_seen_at).label("last_seen_at"),
        )
        .join(Article, Article.site_id == Site.id)
        .group_by(Site.key)
        .order_by(Site.key)
    )
    last_runs = dict(
        session.execute(
            select(CrawlRun.site, func.max(CrawlRun.started_at)).group_by(CrawlRun.site)
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


def per_period(session: Session, unit: str = "month") -> list[dict[str, Any]]:
    """Distinct articles per site and ``month`` or ``day`` of publication (undated left out)."""
    period = _period(session, unit).label(unit)
    query = (
        select(Site.key.label("site"), period, func.count(Article.id).label("articles"))
        .join(Article, Article.site_id == Site.id)
        .where(Article.published_at.is_not(None), Article.duplicate_of_id.is_(None))
        .group_by(Site.key, period)
        .order_by(Site.key, period)
    )
    return [dict(row._mapping) for row in session.execute(query)]
