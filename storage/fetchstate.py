"""What incremental crawls remember about fetched URLs: validators, lastmod, high-water marks.

Queries behind :mod:`newscrawler.incremental.middleware`: the stored state of an article
URL, the ``fetch_state`` row of a URL (ETag, Last-Modified, the sitemap/feed
``lastmod`` seen when it was fetched, failed fetches and their back-off), and
the per-site high-water mark.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.exc import SQLAlchemyError

from storage.db import DIALECTS, Database
from storage.models import Article, FetchState, Site, SiteState
from storage.tables import fetch_state
from storage.types import utcnow

logger = logging.getLogger(__name__)

# every column but the key, cleared: a saved row says all there is
CLEARED: dict[str, Any] = dict.fromkeys(c.name for c in fetch_state.columns if c.name != "url")

FETCH_STATE = fetch_state
# Built once: the incremental middleware asks these for every article request.
STORED_ARTICLE = (
    select(Article.published_at, Article.updated_at, Article.last_seen_at)
    .where(Article.canonical_url.in_(bindparam("urls", expanding=True)))
    .limit(1)
)
VALIDATORS = select(
    FETCH_STATE.c.etag,
    FETCH_STATE.c.last_modified,
    FETCH_STATE.c.lastmod,
    FETCH_STATE.c.fetched_at,
    FETCH_STATE.c.content_hash,
    FETCH_STATE.c.failures,
    FETCH_STATE.c.expires_at,
).where(FETCH_STATE.c.url == bindparam("url"))


@functools.cache
def upsert_statement(dialect: str) -> Any:
    """The statement saving rows of ``fetch_state`` on ``dialect`` (``None`` for others).

    Built on first use: a crawl into SQLite need not import SQLAlchemy's
    PostgreSQL dialect (about 0.07 s of CPU), and the reverse.
    """
    if dialect not in DIALECTS:
        return None
    dml = importlib.import_module(f"sqlalchemy.dialects.{dialect}")
    stmt = dml.insert(FETCH_STATE)
    return stmt.on_conflict_do_update(
        index_elements=[FETCH_STATE.c.url], set_={name: stmt.excluded[name] for name in CLEARED}
    )


@dataclass(frozen=True)
class StoredArticle:
    """The dates of a stored article that decide whether to fetch it again."""

    published_at: datetime | None
    updated_at: datetime | None
    last_seen_at: datetime


@dataclass(frozen=True)
class Validators:
    """A URL's ``fetch_state`` row."""

    etag: str | None
    last_modified: str | None
    lastmod: datetime | None
    fetched_at: datetime | None
    content_hash: str | None = None  # set for pages a finished crawl found not to be articles
    failures: int | None = None  # consecutive failed fetches (back-off)
    expires_at: datetime | None = None  # when the back-off, or a sitemap's validators, expire


def reading(db: Database) -> AbstractContextManager[Connection]:
    """A connection for several reads below (one checkout and transaction for all)."""
    return db.engine.connect()


def _reader(source: Database | Connection) -> AbstractContextManager[Connection]:
    return nullcontext(source) if isinstance(source, Connection) else source.engine.connect()


def stored_article(source: Database | Connection, urls: Iterable[str]) -> StoredArticle | None:
    """The stored article whose canonical URL is one of ``urls``, or ``None``.

    ``source`` is the archive, or a connection from :func:`reading`.
    """
    candidates = list(dict.fromkeys(urls))
    with _reader(source) as conn:
        row = conn.execute(STORED_ARTICLE, {"urls": candidates}).first()
    return None if row is None else StoredArticle(row[0], row[1], row[2])


def validators(source: Database | Connection, url: str) -> Validators | None:
    """The ``fetch_state`` of ``url``, or ``None`` when it was never recorded.

    ``source`` is the archive, or a connection from :func:`reading`.
    """
    with _reader(source) as conn:
        row = conn.execute(VALIDATORS, {"url": url}).first()
    return None if row is None else Validators(*row)


def save_fetch_states(db: Database, rows: list[dict[str, Any]]) -> int:
    """Insert or replace ``fetch_state`` rows (dicts of its columns); returns how many.

    Columns a row leaves out are cleared, so a row always says all there is.

    The rows are written in one transaction; if that fails (a row that another
    crawl writes at the same moment), one by one, and a row that still fails is
    skipped with a warning: fetch state is an optimisation, never worth failing
    a crawl for.
    """
    latest = {row["url"]: CLEARED | row for row in rows}  # the last row of a URL wins
    upsert = upsert_statement(db.dialect)
    if upsert is not None and latest:
        try:
            with db.engine.execution_options(sqlite_immediate=True).begin() as conn:
                conn.execute(upsert, list(latest.values()))
            return len(rows)
        except SQLAlchemyError as exc:
            logger.debug("fetch states not saved in one batch, saving one by one: %s", exc)
    saved = 0
    for row in rows:
        try:
            with db.session() as session:
                session.merge(FetchState(**(CLEARED | row)))
            saved += 1
        except SQLAlchemyError as exc:
            logger.warning("fetch state of %s not saved: %s", row.get("url"), exc)
    return saved


def high_water_mark(db: Database, site: str) -> datetime | None:
    """The newest publication time a finished crawl of ``site`` had walked to."""
    with db.read_session() as session:
        state = session.get(SiteState, site)
        return None if state is None else state.high_water_mark


def advance_high_water_mark(db: Database, site: str) -> datetime | None:
    """Set the site's high-water mark to its newest stored publication time; return it."""
    with db.read_session() as session:
        newest: datetime | None = session.scalar(
            select(func.max(Article.published_at)).join(Site).where(Site.key == site)
        )
    if newest is None:
        return None
    with db.session() as session:
        session.merge(SiteState(site=site, high_water_mark=newest, updated_at=utcnow()))
    return newest
