"""Named queries over the archive: the only place SQL for articles is written.

Callers pass a :class:`~sqlalchemy.orm.Session`; writes happen in the caller's
transaction (``with db.session() as s: upsert_articles(s, items, run_id)``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    cast,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY, TSVECTOR
from sqlalchemy.orm import Session, aliased

from storage.models import Article, Site
from storage.runs import finish_run, iter_runs, start_run
from storage.search import QueryError, fts5_match, parse_query, pg_tsquery
from storage.upsert import UpsertOutcome, upsert_articles

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
    "search",
    "start_run",
    "upsert_articles",
]

Original = aliased(Article, name="original")
# The full-text index tables (not models: see storage.search).
SQLITE_FTS = table("articles_fts", column("rowid", Integer), column("title"), column("body"))
PG_FTS = table("articles_fts", column("article_id", Integer), column("document", TSVECTOR))
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


@dataclass(frozen=True)
class SearchHit:
    url: str
    title: str | None
    site: str
    published_at: str | None
    snippet: str
    score: float


def with_offset(value: datetime | None, minutes: int | None) -> datetime | None:
    """A stored UTC datetime shown again in its original offset.

    >>> with_offset(datetime(2024, 5, 1, 4, tzinfo=UTC), 360).isoformat()
    '2024-05-01T10:00:00+06:00'
    """
    if value is None or minutes is None:
        return value
    return value.astimezone(timezone(timedelta(minutes=minutes)))


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
        clauses.append(Article.id.in_(_matching_ids(session, filters.query)))
    return clauses


def _matching_ids(session: Session, query: str) -> Select[Any]:
    terms = parse_query(query)
    if session.get_bind().dialect.name == "sqlite":
        match = text("articles_fts MATCH :match").bindparams(match=fts5_match(terms))
        return select(SQLITE_FTS.c.rowid).where(match)
    tsquery = cast(literal(pg_tsquery(terms)), TSQUERY)
    return select(PG_FTS.c.article_id).where(PG_FTS.c.document.op("@@")(tsquery))


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
    query = articles_query(session, filters, columns).execution_options(
        yield_per=batch_size, stream_results=True
    )
    for row in session.execute(query).mappings():
        record = {k: v for k, v in row.items() if not k.startswith("_")}
        for name in OFFSETS:
            if name in record:
                record[name] = with_offset(record[name], row[f"_{name}_offset"])
        yield record


def count(session: Session, filters: ArticleFilter | None = None) -> int:
    """How many articles match the filter."""
    filters = filters or ArticleFilter()
    query = select(func.count()).select_from(Article).join(Site, Article.site_id == Site.id)
    return int(session.scalar(query.where(*_clauses(session, filters))) or 0)


def search(
    session: Session, query: str, filters: ArticleFilter | None = None, limit: int = 20
) -> list[SearchHit]:
    """Ranked matches of ``query`` in titles and bodies, with a highlighted snippet."""
    filters = filters or ArticleFilter()
    terms = parse_query(query)
    base = dict(filters.__dict__, query=None)
    clauses = _clauses(session, ArticleFilter(**base))
    if session.get_bind().dialect.name == "sqlite":
        stmt = _sqlite_search(fts5_match(terms))
    else:
        stmt = _pg_search(pg_tsquery(terms))
    stmt = stmt.where(*clauses).limit(limit)
    hits = []
    for row in session.execute(stmt):
        published = with_offset(row.published_at, row.published_offset_minutes)
        hits.append(
            SearchHit(
                url=row.canonical_url,
                title=row.title,
                site=row.site,
                published_at=published.isoformat() if published else None,
                snippet=" ".join((row.snippet or "").split()),
                score=round(float(row.score), 6),
            )
        )
    return hits


def _hit_columns() -> list[Any]:
    return [
        Article.canonical_url,
        Article.title,
        Site.key.label("site"),
        Article.published_at,
        Article.published_offset_minutes,
    ]


def _sqlite_search(match: str) -> Select[Any]:
    score: ColumnElement[Any] = literal_column("bm25(articles_fts, 5.0, 1.0)")
    snippet: ColumnElement[Any] = literal_column("snippet(articles_fts, -1, '[', ']', '…', 16)")
    return (
        select(*_hit_columns(), snippet.label("snippet"), (-score).label("score"))
        .select_from(SQLITE_FTS)
        .join(Article, Article.id == SQLITE_FTS.c.rowid)
        .join(Site, Article.site_id == Site.id)
        .where(text("articles_fts MATCH :match").bindparams(match=match))
        .order_by(score)
    )


def _pg_search(tsquery: str) -> Select[Any]:
    query = cast(literal(tsquery), TSQUERY)
    score = func.ts_rank(PG_FTS.c.document, query)
    options = "StartSel=[, StopSel=], MaxWords=30, MinWords=12, MaxFragments=2"
    document = func.concat_ws(" — ", Article.title, Article.body)
    snippet = func.ts_headline(literal_column("'simple'::regconfig"), document, query, options)
    return (
        select(*_hit_columns(), snippet.label("snippet"), score.label("score"))
        .select_from(Article)
        .join(PG_FTS, PG_FTS.c.article_id == Article.id)
        .join(Site, Article.site_id == Site.id)
        .where(PG_FTS.c.document.op("@@")(query))
        .order_by(score.desc(), Article.id)
    )
