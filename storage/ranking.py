"""Ranked full-text queries: which articles match, the best first, with snippets.

Queries reach the index as parsed terms (:mod:`storage.search`); filters come
in as SQL clauses on ``articles`` and ``sites`` built by :mod:`storage.repository`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
    union,
)

from storage.db import dialect_of
from storage.search import Query, Term, fts5_match, pg_tsquery, snippet
from storage.tables import articles, sites
from storage.types import with_offset

if TYPE_CHECKING:
    from storage.db import Reader

# The full-text index tables (not models: created by the migration, per dialect).
SQLITE_FTS = table("articles_fts", column("rowid", Integer), column("title"), column("body"))
PG_FTS = table(
    "articles_fts",
    column("article_id", Integer),
    column("document"),  # tsvector: typed only where used (importing the dialect costs)
    column("title_document"),
)
# Most matches a search ranks (the newest ones); see ranked_search().
RANK_WINDOW = 5000
# PostgreSQL ranks the title matches (at most this many, best title rank first) and the
# newest matches (NEWEST of them): reading each candidate's vector is most of a search.
PG_TITLE_CANDIDATES = 2000
PG_NEWEST_CANDIDATES = 200


@dataclass(frozen=True)
class SearchHit:
    """One search result; ``snippet`` has the matching words in ``[brackets]``."""

    url: str
    title: str | None
    site: str
    published_at: str | None
    snippet: str
    score: float


def _index(session: Reader, terms: Sequence[Term]) -> tuple[Any, Any]:
    """The index's id column and the match condition for ``terms`` on this dialect."""
    if dialect_of(session) == "sqlite":
        match = text("articles_fts MATCH :match").bindparams(match=fts5_match(terms))
        return SQLITE_FTS.c.rowid, match
    tsquery = _pg_query(terms)
    return PG_FTS.c.article_id, PG_FTS.c.document.op("@@")(tsquery)


def _pg_query(terms: Sequence[Term]) -> Any:
    """The terms as a PostgreSQL ``tsquery`` value (the dialect is imported here, on use)."""
    from sqlalchemy.dialects.postgresql import TSQUERY

    return cast(literal(pg_tsquery(terms)), TSQUERY)


def matching_ids(session: Reader, terms: Sequence[Term]) -> Select[Any]:
    """A SELECT of the ids of articles matching ``terms`` (for ``IN`` filters)."""
    fts_id, match = _index(session, terms)
    return select(fts_id).where(match)


def ranked_search(
    session: Reader,
    terms: Sequence[Term],
    clauses: list[ColumnElement[bool]],
    include_duplicates: bool = False,
    limit: int = 20,
    rank_window: int | None = RANK_WINDOW,
) -> list[SearchHit]:
    """The best ``limit`` matches among the candidates (all matches when ``None``).

    On SQLite the candidates are the newest ``rank_window`` matches; on
    PostgreSQL the title matches (up to PG_TITLE_CANDIDATES, best title rank
    first) and the newest matches (up to PG_NEWEST_CANDIDATES). ``clauses``
    filter on ``articles``/``sites`` columns; near duplicates are left out
    unless ``include_duplicates``.
    """
    fts_id, match = _index(session, terms)
    candidates = select(fts_id).select_from(fts_id.table)
    if clauses:  # only then is each match looked up in articles: that costs a page read
        candidates = candidates.join(articles, articles.c.id == fts_id).join(
            sites, articles.c.site_id == sites.c.id
        )
    others = list(clauses)
    if not include_duplicates:
        duplicates = select(articles.c.id).where(articles.c.duplicate_of_id.is_not(None))
        others.append(fts_id.not_in(duplicates))
    window = _scored_window(session, candidates, match, others, fts_id, terms, rank_window)
    top = select(window.c.id, window.c.score).order_by(window.c.score.desc(), window.c.id)
    ranked = top.limit(limit).subquery("top")
    return [_hit(row, terms) for row in session.execute(_hits(ranked))]


def _scored_window(
    session: Reader,
    base: Select[Any],
    match: Any,
    others: list[Any],
    fts_id: Any,
    terms: Sequence[Term],
    window: int | None,
) -> Any:
    """``(id, score)`` of the candidates (all matches when ``window`` is ``None``), as a subquery.

    ``base`` selects from the index (joined to articles and sites when the
    ``others`` conditions need them); ``match`` is the full-text condition.
    """
    candidates = base.where(match, *others)
    if dialect_of(session) == "sqlite":
        # bm25() only works inside the MATCH query: one pass, newest first, which
        # stops after ``window`` matches and scores only those.
        bm25: ColumnElement[float] = literal_column("bm25(articles_fts, 5.0, 1.0)")
        scored = candidates.with_only_columns(fts_id.label("id"), (-bm25).label("score"))
        if window is not None:
            scored = scored.order_by(fts_id.desc()).limit(window)
        return scored.subquery("window")
    # PostgreSQL scores before it sorts: pick the candidates' ids first, then score them.
    query = _pg_query(terms)
    ids: Any = candidates.with_only_columns(fts_id.label("id"))
    if window is not None:
        session.execute(text("SET LOCAL enable_seqscan = off"))
        newest = ids.order_by((fts_id + 0).desc()).limit(min(window, PG_NEWEST_CANDIDATES))
        title_match = PG_FTS.c.title_document.op("@@")(query)
        # Without NOT, a title match is a match: the large document need not be read.
        titled = base.where(title_match, *others) if not _excludes(terms) else candidates
        title_rank = func.ts_rank(PG_FTS.c.title_document, query)
        titled = (
            titled.where(title_match)
            .with_only_columns(fts_id.label("id"))
            .order_by(title_rank.desc(), (fts_id + 0).desc())
            .limit(PG_TITLE_CANDIDATES)
        )
        ids = union(newest.subquery().select(), titled.subquery().select())
    chosen = ids.subquery("chosen")
    fts = PG_FTS.alias("scored")
    score = func.ts_rank(fts.c.document, query)
    scored = select(chosen.c.id, score.label("score")).join_from(
        chosen, fts, fts.c.article_id == chosen.c.id
    )
    return scored.subquery("window")


def _excludes(terms: Sequence[Term]) -> bool:
    """Whether a parsed query leaves something out (NOT): then matches need the document."""
    return isinstance(terms, Query) and terms.excludes


def _hit(row: Any, terms: Sequence[Term]) -> SearchHit:
    published = with_offset(row.published_at, row.published_offset_minutes)
    text_ = snippet(row.body, terms) or snippet(row.title, terms) or ""
    return SearchHit(
        url=row.canonical_url,
        title=row.title,
        site=row.site,
        published_at=published.isoformat() if published else None,
        snippet=text_,
        score=round(float(row.score), 6),
    )


def _hits(top: Any) -> Select[Any]:
    return (
        select(
            articles.c.canonical_url,
            articles.c.title,
            articles.c.body,
            sites.c.key.label("site"),
            articles.c.published_at,
            articles.c.published_offset_minutes,
            top.c.score,
        )
        .select_from(top)
        .join(articles, articles.c.id == top.c.id)
        .join(sites, articles.c.site_id == sites.c.id)
        .order_by(top.c.score.desc(), top.c.id)
    )
