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
)

from storage.db import dialect_of
from storage.search import (
    RANK_PREFIX,
    Node,
    Query,
    Term,
    fts5_match,
    pg_any_tsquery,
    pg_tsquery,
    snippet,
    whole_words,
)
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
    column("rank_document"),
)
# Most matches a search ranks (the newest ones); see ranked_search().
RANK_WINDOW = 5000
# PostgreSQL: when at most this many articles match, every match is ranked (on its
# document, which costs a TOAST read each). Otherwise the candidates are the articles
# matching in the title (one word) or within their small rank_document (several words),
# ordered by ts_rank on rank_document, and only the best PG_RERANK of them are ranked on
# the document (none for one word: there the two ranks are equal).
PG_RANK_ALL = 300
PG_RERANK = 50


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
    PostgreSQL every match when at most PG_RANK_ALL match, else the best title
    matches (one word) or ranking-vector matches (several) by their ranking
    vector (see :func:`_pg_candidates`);
    ``rank_window`` only says whether to take candidates at all. ``clauses``
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
    window = _scored_window(
        session, candidates, match, others, fts_id, terms, rank_window, limit, bool(clauses)
    )
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
    limit: int,
    filtered: bool,
) -> Any:
    """``(id, score)`` of the candidates (all matches when ``window`` is ``None``), as a subquery.

    ``base`` selects from the index (joined to articles and sites when the
    ``others`` conditions need them); ``match`` is the full-text condition;
    ``filtered`` says whether ``others`` holds filters on those tables.
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
    fts = PG_FTS.alias("scored")
    if window is None:
        chosen = candidates.with_only_columns(fts_id.label("id")).subquery("chosen")
        scored = _pg_scored(fts, fts.c.document, query)
        return scored.join_from(chosen, fts, fts.c.article_id == chosen.c.id).subquery("window")
    ids, exact = _pg_candidates(session, base, match, others, fts_id, terms, limit, filtered)
    # When the ranking vector ranks every candidate as the document does, the large
    # document (a TOAST read each) need not be read.
    scored = _pg_scored(fts, fts.c.rank_document if exact else fts.c.document, query)
    return scored.where(fts.c.article_id.in_(ids)).subquery("window")


def _pg_scored(fts: Any, vector: Any, query: Any) -> Select[Any]:
    return select(fts.c.article_id.label("id"), func.ts_rank(vector, query).label("score"))


def _pg_candidates(
    session: Reader,
    base: Select[Any],
    match: Any,
    others: list[Any],
    fts_id: Any,
    terms: Sequence[Term],
    limit: int,
    filtered: bool,
) -> tuple[list[int], bool]:
    """Ids of the articles worth ranking on PostgreSQL: all matches when few match.

    Otherwise the best by ``ts_rank`` on their ``rank_document`` among: for
    one term (or terms joined by OR), the articles with it in the title,
    whose rank there equals the rank on the whole document (so ``limit`` of
    them suffice); for several terms, the articles matching the query within
    their ``rank_document`` (a lower bound of the rank: the best PG_RERANK
    are taken, to rank on the document); with a NOT, the title matches that
    match the whole document. When at most PG_RANK_ALL candidates (or fewer
    than ``limit``) exist and no more matches are known to exist (see
    :func:`_sure_matches`), other matches are added, up to PG_RANK_ALL + 1 in
    all (without filters: with them, only the candidates can show many
    match). All are found through GIN indexes; candidates never need a large
    ``document`` read, nor, unless few match, a prefix expanded in its index.
    Also says whether ``ts_rank`` on ``rank_document`` is that on ``document``
    for every candidate (one term's title matches only).
    """
    query = _pg_query(terms)
    in_title = PG_FTS.c.title_document.op("@@")(cast(literal(pg_any_tsquery(terms)), query.type))
    in_rank = PG_FTS.c.rank_document.op("@@")(query)
    columns = [fts_id.label("id"), func.count().over().label("found")]
    # Whole-word matches prove many match only without a NOT, and differ from the full
    # query's (cheaper to count) only if it has a prefix. With filters, counting them
    # checks each on the articles table until enough pass: that costs what looking for
    # the other matches does.
    countable = not filtered and not _excludes(terms) and any(t.prefix for t in terms)
    # Without a NOT, a match of the ranking vector is a match: it holds some of the
    # document's lexemes, each with all its positions. When any one term makes a match,
    # a title match is one of the ranking vector (not checked: its index would be read).
    any_term = _any_term(terms)
    if any_term:
        found_by = [in_title]
    elif _excludes(terms):
        found_by = [in_title, match]
    else:
        found_by = [in_rank]
        if countable:
            columns.append(_sure_matches(base, others, fts_id, terms).label("sure"))
    exact = len(terms) == 1 and not _excludes(terms) and _ranked_exactly(terms[0])
    cheap_rank = func.ts_rank(PG_FTS.c.rank_document, query)
    session.execute(text("SET LOCAL enable_seqscan = off"))  # else it reads every vector
    titled = (
        base.where(*found_by, *others)
        .with_only_columns(*columns)
        .order_by(cheap_rank.desc(), fts_id)
        .limit(limit if exact else max(PG_RERANK, limit))
    )
    rows = session.execute(titled).all()
    best = [row.id for row in rows]
    known = max(rows[0].found, rows[0]._mapping.get("sure", 0)) if rows else 0
    if known <= PG_RANK_ALL and len(best) >= limit and countable and any_term:
        # Few title candidates (a rarer word, or a filter): whether many match in all.
        known = session.scalar(select(_sure_matches(base, others, fts_id, terms))) or 0
    if known > PG_RANK_ALL and len(best) >= limit:
        return best, exact
    # Few candidates: the other matches too, all of them when at most PG_RANK_ALL match
    # in all, else the first found (in the table's order: reading the newest would read
    # every match), so that the other matches compete and a page is filled.
    wanted = max(PG_RANK_ALL + 1 - len(best), limit - len(best))
    rest = base.where(match, *others, *([fts_id.not_in(best)] if best else []))
    return best + list(session.scalars(rest.with_only_columns(fts_id).limit(wanted))), False


def _sure_matches(base: Select[Any], others: list[Any], fts_id: Any, terms: Sequence[Term]) -> Any:
    """How many articles surely match ``terms`` (with ``others``), counted up to PG_RANK_ALL + 1.

    For a query without a NOT: the matches of its words as whole words
    (prefixes dropped) are matches. They are found through the document
    index as the full query would be, but without expanding a common prefix
    into all its words: one or two milliseconds for two common words, against
    tens for the full query.
    """
    whole = PG_FTS.c.document.op("@@")(_pg_query(whole_words(terms)))
    sure = base.where(whole, *others).with_only_columns(fts_id).limit(PG_RANK_ALL + 1)
    return select(func.count()).select_from(sure.subquery("sure")).scalar_subquery()


def _any_term(terms: Sequence[Term]) -> bool:
    """Whether one of ``terms`` alone makes a match: one term, or terms joined by OR."""
    if len(terms) == 1 and not _excludes(terms):
        return True
    node = terms.node if isinstance(terms, Query) else None
    return (
        isinstance(node, Node) and node.op == "or" and all(isinstance(p, Term) for p in node.parts)
    )


def _ranked_exactly(term: Term) -> bool:
    """Whether the ranking vector ranks a title match of ``term`` as the document does."""
    return not term.prefix or len(term.words[0]) >= RANK_PREFIX


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
