"""Queries behind the web page: filtered search with pages and facets, one article
with its copies and revisions, and per-site overviews.

Everything here reads; nothing writes. Filters reach SQL only as bound
parameters and as parsed search terms (:mod:`storage.search`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, cast, func, select
from sqlalchemy.orm import Session

from storage import repository
from storage.models import Article, ArticleRevision, CrawlRun, Site
from storage.ranking import SearchHit, matching_ids, ranked_search
from storage.search import parse_query, snippet
from storage.types import with_offset

SORTS = ("relevance", "date")
# The deepest result a relevance-ranked page may show (ranking reads every candidate).
MAX_RANKED = 1000
# Facet counts are taken over at most this many matches, the newest (as ranking's window).
FACET_WINDOW = 5000


@dataclass(frozen=True)
class BrowseFilter:
    """What the search page asks for; ``until`` is exclusive, dates are publication times."""

    query: str = ""
    sites: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    section: str = ""
    author: str = ""
    include_duplicates: bool = False
    sort: str = "relevance"


@dataclass
class Page:
    """One page of results and the total behind it."""

    hits: list[SearchHit]
    ids: list[int]
    total: int
    offset: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def clauses(session: Session, f: BrowseFilter, *, with_query: bool) -> list[ColumnElement[bool]]:
    """SQL conditions on ``articles``/``sites`` for ``f`` (the text query only if asked)."""
    where: list[ColumnElement[bool]] = []
    if f.sites:
        where.append(Site.key.in_(f.sites))
    if f.since:
        where.append(Article.published_at >= f.since.astimezone(UTC))
    if f.until:
        where.append(Article.published_at < f.until.astimezone(UTC))
    if f.section:
        where.append(Article.section == f.section)
    if f.author:
        # Authors are a JSON list; a substring of its text finds a name in it.
        where.append(cast(Article.authors, String).contains(f.author))
    if with_query and f.query.strip():
        where.append(Article.id.in_(matching_ids(session, parse_query(f.query))))
    if with_query and not f.include_duplicates:
        where.append(Article.duplicate_of_id.is_(None))
    return where


def _base(session: Session, f: BrowseFilter) -> Any:
    query = select(Article.id).join(Site, Article.site_id == Site.id)
    return query.where(*clauses(session, f, with_query=True))


def _filtered(f: BrowseFilter) -> bool:
    """Whether ``f`` filters on article columns (beyond the text query and duplicates)."""
    return bool(f.sites or f.since or f.until or f.section or f.author)


def count(session: Session, f: BrowseFilter) -> int:
    """How many articles match ``f``.

    A text query with no other filter is counted in the full-text index alone
    (no article row is read), as :func:`storage.ranking.ranked_search` finds them.
    """
    if f.query.strip() and not _filtered(f):
        matches = matching_ids(session, parse_query(f.query))
        fts_id = matches.selected_columns[0]
        if not f.include_duplicates:
            duplicates = select(Article.id).where(Article.duplicate_of_id.is_not(None))
            matches = matches.where(fts_id.not_in(duplicates))
        return int(session.scalar(select(func.count()).select_from(matches.subquery())) or 0)
    ids = _base(session, f).subquery()
    return int(session.scalar(select(func.count()).select_from(ids)) or 0)


def _window(session: Session, f: BrowseFilter) -> Any:
    """``(site_id, month)`` of the newest :data:`FACET_WINDOW` matches of ``f``, a subquery."""
    month = _month(session, Article.published_at).label("month")
    if not f.query.strip():
        newest = _base(session, f).order_by(Article.id.desc()).limit(FACET_WINDOW).subquery()
        query = select(Article.site_id, month).join(newest, Article.id == newest.c.id)
        return query.subquery()
    matches = matching_ids(session, parse_query(f.query))
    fts_id = matches.selected_columns[0]
    newest = matches.order_by(fts_id.desc()).limit(FACET_WINDOW).subquery()
    query = select(Article.site_id, month).join(newest, Article.id == newest.c[0])
    if _filtered(f):
        query = query.join(Site, Article.site_id == Site.id)
    query = query.where(*clauses(session, f, with_query=False))
    if not f.include_duplicates:
        query = query.where(Article.duplicate_of_id.is_(None))
    return query.subquery()


def search_page(session: Session, f: BrowseFilter, offset: int, limit: int) -> Page:
    """Results ``offset`` to ``offset + limit`` of ``f``, with the total and facets.

    With a query and ``sort="relevance"`` results are ranked as
    ``newscrawler search`` ranks them (at most :data:`MAX_RANKED` deep);
    otherwise they come newest first. Raises ``QueryError`` for a query with no word.
    """
    total, groups = summary(session, f)
    if f.query.strip() and f.sort == "relevance":
        terms = parse_query(f.query)
        wanted = min(offset + limit, MAX_RANKED)
        where = clauses(session, f, with_query=False)
        hits = ranked_search(session, terms, where, f.include_duplicates, wanted)[offset:]
        ids = _ids_of(session, [h.url for h in hits])
        return Page(hits, ids, total, offset, groups)
    page = _dated_page(session, f, offset, limit, total)
    page.facets = groups
    return page


def _dated_page(session: Session, f: BrowseFilter, offset: int, limit: int, total: int) -> Page:
    terms = parse_query(f.query) if f.query.strip() else []
    query = (
        select(
            Article.id,
            Article.canonical_url,
            Article.title,
            Article.body,
            Site.key,
            Article.published_at,
            Article.published_offset_minutes,
        )
        .join(Site, Article.site_id == Site.id)
        .where(*clauses(session, f, with_query=True))
        .order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
        .offset(offset)
        .limit(limit)
    )
    hits, ids = [], []
    for row in session.execute(query):
        published = with_offset(row.published_at, row.published_offset_minutes)
        text_ = (snippet(row.body, terms) or snippet(row.title, terms)) if terms else None
        hits.append(
            SearchHit(
                url=row.canonical_url,
                title=row.title,
                site=row.key,
                published_at=published.isoformat() if published else None,
                snippet=text_ or lead(row.body),
                score=0.0,
            )
        )
        ids.append(row.id)
    return Page(hits, ids, total, offset)


def lead(body: str | None, words: int = 30) -> str:
    """The first ``words`` words of a body, for a result without a match to show.

    >>> lead("এক দুই তিন", 2)
    'এক দুই …'
    """
    tokens = (body or "").split()
    return " ".join(tokens[:words]) + (" …" if len(tokens) > words else "")


def _ids_of(session: Session, urls: Sequence[str]) -> list[int]:
    if not urls:
        return []
    query = select(Article.canonical_url, Article.id).where(Article.canonical_url.in_(urls))
    found = {url: id_ for url, id_ in session.execute(query)}
    return [found[u] for u in urls if u in found]


def summary(session: Session, f: BrowseFilter) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """How many articles match, and counts by site and by month (``YYYY-MM``).

    The counts by site and month are taken over the newest :data:`FACET_WINDOW`
    matches (all of them when there are fewer), in one grouped pass: the page
    says so when the total is larger. Sites come by count, months newest first.
    """
    total = count(session, f)
    window = _window(session, f)
    grouped = select(window.c.site_id, window.c.month, func.count()).group_by(
        window.c.site_id, window.c.month
    )
    keys = dict(session.execute(select(Site.id, Site.key)).all())
    by_site, by_month = Counter[str](), Counter[str]()
    for site_id, when, n in session.execute(grouped):
        by_site[keys[site_id]] += n
        if when:
            by_month[str(when)] += n
    sites = sorted(by_site.items(), key=lambda kv: (-kv[1], kv[0]))
    months = sorted(by_month.items(), reverse=True)
    return total, {"site": sites, "month": months}


def _month(session: Session, column: Any) -> Any:
    if session.get_bind().dialect.name == "sqlite":
        # Stored as ISO text in UTC: its first seven characters are the month.
        return func.substr(column, 1, 7)
    return func.to_char(func.timezone("UTC", column), "YYYY-MM")


def _day(session: Session, column: Any) -> Any:
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d", column)
    return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")


def daily_counts(session: Session, f: BrowseFilter) -> dict[str, dict[date, int]]:
    """Matching articles per site and UTC publication day."""
    ids = _base(session, f).subquery()
    day = _day(session, Article.published_at)
    query = (
        select(Site.key, day, func.count())
        .select_from(ids)
        .join(Article, Article.id == ids.c.id)
        .join(Site, Article.site_id == Site.id)
        .where(Article.published_at.is_not(None))
        .group_by(Site.key, day)
    )
    counts: dict[str, dict[date, int]] = {}
    for site, when, n in session.execute(query):
        counts.setdefault(site, {})[date.fromisoformat(when)] = int(n)
    return counts


def article(session: Session, article_id: int) -> dict[str, Any] | None:
    """One article's fields (dates in the page's own offset), or ``None``."""
    row = session.get(Article, article_id)
    if row is None:
        return None
    original = session.get(Article, row.duplicate_of_id) if row.duplicate_of_id else None
    return {
        "id": row.id,
        "url": row.url,
        "canonical_url": row.canonical_url,
        "site": row.site.key,
        "title": row.title,
        "subtitle": row.subtitle,
        "body": row.body,
        "authors": list(row.authors or []),
        "section": row.section,
        "tags": list(row.tags or []),
        "published_at": with_offset(row.published_at, row.published_offset_minutes),
        "updated_at": with_offset(row.updated_at, row.updated_offset_minutes),
        "fetched_at": row.fetched_at,
        "language": row.language,
        "word_count": row.word_count,
        "cluster_id": row.cluster_id,
        "similarity": row.similarity,
        "duplicate_of": original.canonical_url if original else None,
        "duplicate_of_id": row.duplicate_of_id,
    }


def copies(session: Session, article_id: int, cluster_id: str | None) -> list[dict[str, Any]]:
    """The other articles of a duplicate cluster, oldest publication first."""
    if not cluster_id:
        return []
    query = (
        select(Article.id, Article.title, Article.canonical_url, Site.key, Article.published_at)
        .join(Site, Article.site_id == Site.id)
        .where(Article.cluster_id == cluster_id, Article.id != article_id)
        .order_by(Article.published_at.nulls_last(), Article.id)
        .limit(100)
    )
    return [
        {"id": r.id, "title": r.title, "url": r.canonical_url, "site": r.key,
         "published_at": r.published_at}
        for r in session.execute(query)
    ]  # fmt: skip


def revisions(session: Session, article_id: int) -> list[dict[str, Any]]:
    """An article's earlier texts, oldest first."""
    query = (
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article_id)
        .order_by(ArticleRevision.seen_at, ArticleRevision.id)
    )
    return [
        {"seen_at": r.seen_at, "old_title": r.old_title, "old_body": r.old_body,
         "diff_chars": r.diff_chars}
        for r in session.scalars(query)
    ]  # fmt: skip


def sites_overview(session: Session) -> list[dict[str, Any]]:
    """Per site: articles, share with a published date, newest article, last crawl."""
    dated = func.count(Article.published_at)
    query = (
        select(Site.key, func.count(Article.id), dated, func.max(Article.published_at))
        .join(Article, Article.site_id == Site.id)
        .where(Article.duplicate_of_id.is_(None))
        .group_by(Site.key)
        .order_by(Site.key)
    )
    runs = select(CrawlRun.site, func.max(CrawlRun.started_at)).group_by(CrawlRun.site)
    last = {site: started for site, started in session.execute(runs)}
    return [
        {"site": key, "articles": int(n), "share_dated": round(int(d) / int(n), 3) if n else 0.0,
         "newest": newest, "last_crawl": last.get(key)}
        for key, n, d, newest in session.execute(query)
    ]  # fmt: skip


def choices(session: Session) -> dict[str, list[str]]:
    """The values the filters offer: sites and the 200 most common sections."""
    sites = list(session.scalars(select(Site.key).order_by(Site.key)))
    sections = [
        str(section)
        for section in session.scalars(
            select(Article.section)
            .where(Article.section.is_not(None))
            .group_by(Article.section)
            .order_by(func.count().desc(), Article.section)
            .limit(200)
        )
    ]
    return {"sites": sites, "sections": sections}


def iter_rows(
    session: Session, f: BrowseFilter, columns: Sequence[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Every matching article, streamed, keyed like ``export``'s columns."""
    base = repository.ArticleFilter(include_duplicates=f.include_duplicates)
    names = list(columns or repository.default_columns(base))
    query = repository.articles_query(session, base, names).where(
        *clauses(session, f, with_query=True)
    )
    query = query.execution_options(yield_per=1000, stream_results=True)
    offsets = [n for n in names if n in repository.OFFSETS]
    for row in session.execute(query):
        values = dict(zip(names, row[: len(names)], strict=True))
        for i, name in enumerate(offsets):
            values[name] = with_offset(values[name], row[len(names) + i])
        yield values
