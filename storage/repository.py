"""Named queries over the archive: the only place SQL for articles is written.

Callers pass a :class:`~sqlalchemy.orm.Session`; writes happen in the caller's
transaction (``with db.session() as s: upsert_articles(s, items, run_id)``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, aliased

from storage.models import Article, Site
from storage.ranking import RANK_WINDOW, SearchHit, matching_ids, ranked_search
from storage.runs import finish_run, iter_runs, start_run
from storage.search import QueryError, parse_query
from storage.types import with_offset
from storage.upsert import UpsertOutcome, register_site, upsert_articles

__all__ = [
    "COLUMNS",
    "ArticleFilter",
    "QueryError",
    "SearchHit",
    "UpsertOutcome",
    "count",
    "finish_run",
    "iter_articles",
    "iter_runs",
    "register_site",
    "search",
    "start_run",
    "upsert_articles",
]

Original = aliased(Article, name="original")
# Export/API column name (the item's field name) -> SQL expression.
COLUMNS: dict[str, Any] = {
    "url": Article.url,
    "canonical_url": Article.canonical_url,
    "site": Site.key,
    "title": Article.title,
    "subtitle": Article.subtitle,
    "body": Article.body,
    "authors": Article.authors,
    "section": Article.section,
    "tags": Article.tags,
    "published_at": Article.published_at,
    "updated_at": Article.updated_at,
    "published_raw": Article.published_raw,
    "updated_raw": Article.updated_raw,
    "language": Article.language,
    "image_url": Article.image_url,
    "fetched_at": Article.fetched_at,
    "http_status": Article.http_status,
    "content_hash": Article.content_hash,
    "word_count": Article.word_count,
    "cluster_id": Article.cluster_id,
    "similarity": Article.similarity,
    "first_seen_at": Article.first_seen_at,
    "last_seen_at": Article.last_seen_at,
    "duplicate_of": Original.canonical_url,
}
# Columns that carry the original UTC offset in a companion column.
OFFSETS = {
    "published_at": Article.published_offset_minutes,
    "updated_at": Article.updated_offset_minutes,
}


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a query returns. ``until`` is exclusive; dates are publication times."""

    site: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    query: str | None = None
    include_duplicates: bool = False


def _clauses(session: Session, filters: ArticleFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if filters.site:
        clauses.append(Site.key == filters.site)
    if filters.since:
        clauses.append(Article.published_at >= filters.since.astimezone(UTC))
    if filters.until:
        clauses.append(Article.published_at < filters.until.astimezone(UTC))
    if not filters.include_duplicates:
        clauses.append(Article.duplicate_of_id.is_(None))
    if filters.query:
        clauses.append(Article.id.in_(matching_ids(session, parse_query(filters.query))))
    return clauses


def articles_query(
    session: Session, filters: ArticleFilter, columns: Sequence[str] | None = None
) -> Select[Any]:
    """The SELECT behind export and iteration: one row per article, columns by item name."""
    names = list(columns or default_columns(filters))
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise ValueError(
            f"unknown column(s) {', '.join(unknown)}: choose from {', '.join(COLUMNS)}"
        )
    selected = [COLUMNS[n].label(n) for n in names]
    selected += [OFFSETS[n].label(f"_{n}_offset") for n in names if n in OFFSETS]
    query = select(*selected).select_from(Article).join(Site, Article.site_id == Site.id)
    if "duplicate_of" in names:
        query = query.outerjoin(Original, Article.duplicate_of_id == Original.id)
    return query.where(*_clauses(session, filters)).order_by(Article.id)


def default_columns(filters: ArticleFilter) -> list[str]:
    """Every column; ``duplicate_of`` only when duplicates are included."""
    return [n for n in COLUMNS if n != "duplicate_of" or filters.include_duplicates]


def iter_articles(
    session: Session,
    filters: ArticleFilter | None = None,
    columns: Sequence[str] | None = None,
    batch_size: int = 1000,
) -> Iterator[dict[str, Any]]:
    """Stream articles as dicts keyed by item field names, in constant memory.

    Datetimes come back aware, in the offset the page gave them.
    """
    filters = filters or ArticleFilter()
    names = list(columns or default_columns(filters))
    query = articles_query(session, filters, names).execution_options(
        yield_per=batch_size, stream_results=True
    )
    # (position of a datetime, position of its offset) pairs; offsets follow the columns.
    shifted = [
        (names.index(n), len(names) + i) for i, n in enumerate(n for n in names if n in OFFSETS)
    ]
    for row in session.execute(query):
        values = list(row[: len(names)])
        for at, offset in shifted:
            values[at] = with_offset(values[at], row[offset])
        yield dict(zip(names, values, strict=True))


def count(session: Session, filters: ArticleFilter | None = None) -> int:
    """How many articles match the filter."""
    filters = filters or ArticleFilter()
    query = select(func.count()).select_from(Article).join(Site, Article.site_id == Site.id)
    return int(session.scalar(query.where(*_clauses(session, filters))) or 0)


def search(
    session: Session,
    query: str,
    filters: ArticleFilter | None = None,
    limit: int = 20,
    rank_window: int | None = RANK_WINDOW,
) -> list[SearchHit]:
    """Ranked matches of ``query`` in titles and bodies, with a highlighted snippet.

    Ranking reads every candidate, so on SQLite, when more than ``rank_window``
    articles match, only the ``rank_window`` most recently stored of them are
    ranked; PostgreSQL ranks its best title matches when many match
    (:func:`storage.ranking.ranked_search`). ``None`` ranks every match. Raises
    ``QueryError`` for a query with no word.
    """
    terms = parse_query(query)
    filters = filters or ArticleFilter()
    base = ArticleFilter(filters.site, filters.since, filters.until, None, True)
    clauses = _clauses(session, base)
    return ranked_search(session, terms, clauses, filters.include_duplicates, limit, rank_window)
