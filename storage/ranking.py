"""Ranked full-text queries: which articles match, the best first, with snippets.

Queries reach the index as parsed terms (:mod:`storage.search`); filters come
in as SQL clauses on ``articles`` and ``sites`` built by :mod:`storage.repository`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
from sqlalchemy.orm import Session

from storage.models import Article, Site
from storage.search import Term, fts5_match, pg_tsquery
from storage.types import with_offset

# The full-text index tables (not models: created by the migration, per dialect).
SQLITE_FTS = table("articles_fts", column("rowid", Integer), column("title"), column("body"))
PG_FTS = table("articles_fts", column("article_id", Integer), column("document", TSVECTOR))
# Most matches a search ranks (the newest ones); see ranked_search().
RANK_WINDOW = 5000
HIGHLIGHT = "StartSel=[, StopSel=], MaxWords=30, MinWords=12, MaxFragments=2"


@dataclass(frozen=True)
class SearchHit:
    url: str
    title: str | None
    site: str
    published_at: str | None
    snippet: str
    score: float


def _index(session: Session, terms: Sequence[Term]) -> tuple[Any, Any]:
    """The index's id column and the match condition for ``terms`` on this dialect."""
    if session.get_bind().dialect.name == "sqlite":
        match = text("articles_fts MATCH :match").bindparams(match=fts5_match(terms))
        return SQLITE_FTS.c.rowid, match
    tsquery = cast(literal(pg_tsquery(terms)), TSQUERY)
    return PG_FTS.c.article_id, PG_FTS.c.document.op("@@")(tsquery)


def matching_ids(session: Session, terms: Sequence[Term]) -> Select[Any]:
    """A SELECT of the ids of articles matching ``terms`` (for ``IN`` filters)."""
    fts_id, match = _index(session, terms)
    return select(fts_id).where(match)


def ranked_search(
    session: Session,
    terms: Sequence[Term],
    clauses: list[ColumnElement[bool]],
    limit: int = 20,
    rank_window: int | None = RANK_WINDOW,
) -> list[SearchHit]:
    """The best ``limit`` matches among the newest ``rank_window`` (all when ``None``)."""
    fts_id, match = _index(session, terms)
    floor = _window_floor(session, fts_id, match, clauses, rank_window)
    if floor is not None:
        clauses = [*clauses, fts_id >= floor]
    if session.get_bind().dialect.name == "sqlite":
        stmt = _sqlite_search(fts5_match(terms), clauses, limit)
    else:
        stmt = _pg_search(pg_tsquery(terms), clauses, limit)
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


def _window_floor(
    session: Session,
    fts_id: Any,
    match: Any,
    clauses: list[ColumnElement[bool]],
    window: int | None,
) -> int | None:
    """The lowest article id among the newest ``window`` matches, if more match."""
    if window is None:
        return None
    query = (
        select(fts_id)
        .select_from(fts_id.table)
        .join(Article, Article.id == fts_id)
        .join(Site, Article.site_id == Site.id)
        .where(match, *clauses)
        .order_by(fts_id.desc())
        .offset(window - 1)
        .limit(1)
    )
    floor = session.scalar(query)
    return None if floor is None else int(floor)


def _hits(top: Any, snippet: ColumnElement[Any], score: ColumnElement[Any]) -> Select[Any]:
    return (
        select(
            Article.canonical_url,
            Article.title,
            Site.key.label("site"),
            Article.published_at,
            Article.published_offset_minutes,
            snippet.label("snippet"),
            score.label("score"),
        )
        .select_from(top)
        .join(Article, Article.id == top.c.id)
        .join(Site, Article.site_id == Site.id)
    )


def _sqlite_search(match: str, clauses: list[ColumnElement[bool]], limit: int) -> Select[Any]:
    rank: ColumnElement[Any] = literal_column("bm25(articles_fts, 5.0, 1.0)")
    top = (
        select(SQLITE_FTS.c.rowid.label("id"), rank.label("rank"))
        .select_from(SQLITE_FTS)
        .join(Article, Article.id == SQLITE_FTS.c.rowid)
        .join(Site, Article.site_id == Site.id)
        .where(text("articles_fts MATCH :top_match").bindparams(top_match=match), *clauses)
        .order_by(rank)
        .limit(limit)
        .subquery("top")
    )
    snippet: ColumnElement[Any] = literal_column("snippet(articles_fts, -1, '[', ']', '…', 16)")
    return (
        _hits(top, snippet, -top.c.rank)
        .join(SQLITE_FTS, SQLITE_FTS.c.rowid == top.c.id)
        .where(text("articles_fts MATCH :hit_match").bindparams(hit_match=match))
        .order_by(top.c.rank)
    )


def _pg_search(tsquery: str, clauses: list[ColumnElement[bool]], limit: int) -> Select[Any]:
    query = cast(literal(tsquery), TSQUERY)
    rank = func.ts_rank(PG_FTS.c.document, query)
    top = (
        select(PG_FTS.c.article_id.label("id"), rank.label("rank"))
        .join(Article, Article.id == PG_FTS.c.article_id)
        .join(Site, Article.site_id == Site.id)
        .where(PG_FTS.c.document.op("@@")(query), *clauses)
        .order_by(rank.desc(), PG_FTS.c.article_id)
        .limit(limit)
        .subquery("top")
    )
    document = func.concat_ws(" — ", Article.title, Article.body)
    snippet = func.ts_headline(literal_column("'simple'::regconfig"), document, query, HIGHLIGHT)
    return _hits(top, snippet, top.c.rank).order_by(top.c.rank.desc(), top.c.id)
