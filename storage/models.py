"""The archive's tables as typed SQLAlchemy 2.0 models.

The full-text index is not a model: it is dialect-specific (an FTS5 virtual
table on SQLite, a ``tsvector`` table on PostgreSQL), created by the migration
and kept in sync by :mod:`storage.search`.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import (
    intpk,
    json_dict,
    json_list,
    short_str,
    text,
    url_str,
    utc,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# ``enqueued``: a scheduler put the crawl on a shared frontier for workers (their own
# runs record the crawl itself, grouped by the ``frontier_crawl`` id in ``options``).
RUN_STATUSES = ("running", "finished", "failed", "killed", "resumed", "enqueued")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Site(Base):
    """A news site, keyed by its registered domain (``prothomalo.com``)."""

    __tablename__ = "sites"

    id: Mapped[intpk]
    key: Mapped[short_str] = mapped_column(unique=True)
    name: Mapped[short_str | None]
    home_url: Mapped[url_str | None]
    timezone: Mapped[str | None] = mapped_column(String(64))


class CrawlRun(Base):
    """One crawl, scheduled or manual, with its outcome counters."""

    __tablename__ = "crawl_runs"

    id: Mapped[intpk]
    site: Mapped[short_str | None] = mapped_column(index=True)
    started_at: Mapped[utc]
    finished_at: Mapped[utc | None]
    status: Mapped[str] = mapped_column(String(16), default="running")
    pages_fetched: Mapped[int] = mapped_column(default=0)
    articles_stored: Mapped[int] = mapped_column(default=0)
    duplicates: Mapped[int] = mapped_column(default=0)
    revisions: Mapped[int] = mapped_column(default=0)
    dropped: Mapped[json_dict]
    errors: Mapped[int] = mapped_column(default=0)
    stats: Mapped[json_dict]
    options: Mapped[json_dict]
    pid: Mapped[int | None]


class Article(Base):
    """One article, unique by canonical URL; the latest text of the page."""

    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_site_id_published_at", "site_id", "published_at"),)

    # Small columns first, long texts last: SQLite reads a row's columns in order,
    # so filters on these never walk a body's overflow pages.
    id: Mapped[intpk]
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    published_at: Mapped[utc | None]
    published_offset_minutes: Mapped[int | None]
    updated_at: Mapped[utc | None]
    updated_offset_minutes: Mapped[int | None]
    fetched_at: Mapped[utc | None]
    first_seen_at: Mapped[utc]
    last_seen_at: Mapped[utc]
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    http_status: Mapped[int | None]
    word_count: Mapped[int | None]
    similarity: Mapped[float | None] = mapped_column(Float)
    # The WARC response record the text was extracted from (see docs/warc.md).
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    warc_record_id: Mapped[str | None] = mapped_column(String(64))
    warc_file: Mapped[text | None]
    language: Mapped[str | None] = mapped_column(String(16))
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    cluster_id: Mapped[str | None] = mapped_column(String(64), index=True)
    section: Mapped[short_str | None]
    canonical_url: Mapped[url_str] = mapped_column(unique=True)
    url: Mapped[url_str]
    image_url: Mapped[url_str | None]
    authors: Mapped[json_list]
    tags: Mapped[json_list]
    published_raw: Mapped[text | None]
    updated_raw: Mapped[text | None]
    title: Mapped[text | None]
    subtitle: Mapped[text | None]
    body: Mapped[text | None]

    site: Mapped[Site] = relationship(lazy="joined")


class ArticleRevision(Base):
    """The text an article had before a re-crawl found it changed."""

    __tablename__ = "article_revisions"

    id: Mapped[intpk]
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    seen_at: Mapped[utc]
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    old_content_hash: Mapped[str | None] = mapped_column(String(64))
    new_content_hash: Mapped[str | None] = mapped_column(String(64))
    old_title: Mapped[text | None]
    old_body: Mapped[text | None]
    diff_chars: Mapped[int] = mapped_column(default=0)
    # "crawl": the site changed the page; "reextract": our extraction of the same capture did.
    kind: Mapped[str] = mapped_column(String(16), default="crawl", server_default="crawl")
    # The capture the old text was extracted from.
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    warc_record_id: Mapped[str | None] = mapped_column(String(64))
    warc_file: Mapped[text | None]


class DedupeSignature(Base):
    """The persistent MinHash signature of one stored article (near-duplicate index).

    ``id`` is the short key the bucket rows use instead of the URL; ``minhash``
    holds 16-bit values (2 bytes each).
    """

    __tablename__ = "dedupe_signatures"

    id: Mapped[intpk]
    cluster_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[utc]
    canonical_url: Mapped[url_str] = mapped_column(unique=True)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)


class DedupeBucket(Base):
    """One LSH band bucket of a signature; ``bucket`` is a signed 32-bit integer.

    The primary key is the whole row; on SQLite the table has no rowid, so each
    row is stored once (about 15 bytes), in the primary key's B-tree.
    """

    __tablename__ = "dedupe_buckets"
    __table_args__ = ({"sqlite_with_rowid": False},)

    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)
    signature_id: Mapped[int] = mapped_column(ForeignKey("dedupe_signatures.id"), primary_key=True)


class DedupeParams(Base):
    """The parameters the near-duplicate index was built with (one row, ``id`` 1).

    Bucket keys depend on them: an index is only usable with the same ones.
    """

    __tablename__ = "dedupe_params"

    id: Mapped[intpk]
    num_perm: Mapped[int]
    shingle_size: Mapped[int]
    bands: Mapped[int]
    rows: Mapped[int]
    threshold: Mapped[float] = mapped_column(Float)


class CrawlLock(Base):
    """Who is crawling a site right now (the scheduler's cross-process lock)."""

    __tablename__ = "crawl_locks"

    site: Mapped[short_str] = mapped_column(primary_key=True)
    owner: Mapped[short_str]
    acquired_at: Mapped[utc]
    heartbeat_at: Mapped[utc]


class FetchState(Base):
    """Validators of the last fetch of a URL, for conditional GET and incremental crawls."""

    __tablename__ = "fetch_state"

    url: Mapped[url_str] = mapped_column(primary_key=True)
    site: Mapped[short_str | None] = mapped_column(index=True)
    etag: Mapped[short_str | None]
    last_modified: Mapped[short_str | None]
    lastmod: Mapped[utc | None]
    fetched_at: Mapped[utc | None]
    content_hash: Mapped[str | None] = mapped_column(String(64))
    # consecutive failed fetches of a URL that gave no article (back-off), and when the
    # row's verdict expires: the back-off of a failed URL, or a sitemap's validators
    failures: Mapped[int | None]
    expires_at: Mapped[utc | None]


class SiteState(Base):
    """Per-site crawl progress: the newest publication time already walked."""

    __tablename__ = "site_state"

    site: Mapped[short_str] = mapped_column(primary_key=True)
    high_water_mark: Mapped[utc | None]
    updated_at: Mapped[utc | None]


__all__ = [
    "RUN_STATUSES",
    "Article",
    "ArticleRevision",
    "Base",
    "CrawlLock",
    "CrawlRun",
    "DedupeBucket",
    "DedupeParams",
    "DedupeSignature",
    "FetchState",
    "Site",
    "SiteState",
]
