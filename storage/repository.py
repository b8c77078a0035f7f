"""Named queries over the archive: the only place SQL for articles is written.

Callers pass a :class:`~sqlalchemy.orm.Session`; writes happen in the caller's
transaction (``with db.session() as s: upsert_articles(s, items, run_id)``).
The read queries (search, count, iteration) are SQLAlchemy Core over
:mod:`storage.tables` and also take a plain connection (``db.connect()``); the
writers they sit beside (:mod:`storage.upsert`, :mod:`storage.runs`) use the
ORM, so they are imported on first use: ``newscrawler search`` never loads it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, func, select

from storage.ranking import RANK_WINDOW, SearchHit, matching_ids, ranked_search
from storage.search import QueryError, parse_query
from storage.tables import articles, sites
from storage.types import with_offset

if TYPE_CHECKING:
    from storage.db import Reader
    from storage.runs import finish_run, iter_runs, start_run
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

original = articles.alias("original")
# Export/API column name (the item's field name) -> SQL expression.
COLUMNS: dict[str, Any] = {
    "url": articles.c.url,
    "canonical_url": articles.c.canonical_url,
    "site": sites.c.key,
    "title": articles.c.title,
    "subtitle": articles.c.subtitle,
    "body": articles.c.body,
    "authors": articles.c.authors,
    "section": articles.c.section,
    "tags": articles.c.tags,
    "published_at": articles.c.published_at,
    "updated_at": articles.c.updated_at,
    "published_raw": articles.c.published_raw,
    "updated_raw": articles.c.updated_raw,
    "language": articles.c.language,
    "image_url": articles.c.image_url,
    "fetched_at": articles.c.fetched_at,
    "http_status": articles.c.http_status,
    "content_hash": articles.c.content_hash,
    "word_count": articles.c.word_count,
    "cluster_id": articles.c.cluster_id,
    "similarity": articles.c.similarity,
    "first_seen_at": articles.c.first_seen_at,
    "last_seen_at": articles.c.last_seen_at,
    "duplicate_of": original.c.canonical_url,
}
# Columns that carry the original UTC offset in a companion column.
OFFSETS = {
    "published_at": articles.c.published_offset_minutes,
    "updated_at": articles.c.updated_offset_minutes,
}


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a query returns. ``until`` is exclusive; dates are publication times."""

    site: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    query: str | None = None
    include_duplicates: bool = False


def _clauses(session: Reader, filters: ArticleFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if filters.site:
        clauses.append(sites.c.key == filters.site)
    if filters.since:
        clauses.append(articles.c.published_at >= filters.since.astimezone(UTC))
    if filters.until:
        clauses.append(articles.c.published_at < filters.until.astimezone(UTC))
    if not filters.include_duplicates:
        clauses.append(articles.c.duplicate_of_id.is_(None))
    if filters.query:
        clauses.append(articles.c.id.in_(matching_ids(session, parse_query(filters.query))))
    return clauses


def articles_query(
    session: Reader, filters: ArticleFilter, columns: Sequence[str] | None = None
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
    query = select(*selected).select_from(articles).join(sites, articles.c.site_id == sites.c.id)
    if "duplicate_of" in names:
        query = query.outerjoin(original, articles.c.duplicate_of_id == original.c.id)
    return query.where(*_clauses(session, filters)).order_by(articles.c.id)


def default_columns(filters: ArticleFilter) -> list[str]:
    """Every column; ``duplicate_of`` only when duplicates are included."""
    return [n for n in COLUMNS if n != "duplicate_of" or filters.include_duplicates]


def iter_articles(
    session: Reader,
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


def count(session: Reader, filters: ArticleFilter | None = None) -> int:
    """How many articles match the filter."""
    filters = filters or ArticleFilter()
    query = select(func.count()).select_from(articles).join(sites, articles.c.site_id == sites.c.id)
    return int(session.scalar(query.where(*_clauses(session, filters))) or 0)


def search(
    session: Reader,
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


# The writers re-exported above, imported when first asked for (they import the ORM).
_WRITERS = {
    "finish_run": "storage.runs",
    "iter_runs": "storage.runs",
    "start_run": "storage.runs",
    "UpsertOutcome": "storage.upsert",
    "register_site": "storage.upsert",
    "upsert_articles": "storage.upsert",
}


def __getattr__(name: str) -> Any:
    module = _WRITERS.get(name)
    if module is None:
        raise AttributeError(f"module 'storage.repository' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
