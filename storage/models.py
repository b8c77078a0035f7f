"""The archive's tables as typed SQLAlchemy 2.0 ORM classes, for code that writes.

Each class is mapped onto its ``Table`` in :mod:`storage.tables`, where the
schema is defined once; the annotations here type the attributes. Read-only
paths (search, stats) use those tables directly and never import the ORM.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from storage import tables

# ``enqueued``: a scheduler put the crawl on a shared frontier for workers (their own
# runs record the crawl itself, grouped by the ``frontier_crawl`` id in ``options``).
RUN_STATUSES = ("running", "finished", "failed", "killed", "resumed", "enqueued")


class Base(DeclarativeBase):
    metadata = tables.metadata


class Site(Base):
    """A news site, keyed by its registered domain (``prothomalo.com``)."""

    __table__ = tables.sites

    id: Mapped[int]
    key: Mapped[str]
    name: Mapped[str | None]
    home_url: Mapped[str | None]
    timezone: Mapped[str | None]


class CrawlRun(Base):
    """One crawl, scheduled or manual, with its outcome counters."""

    __table__ = tables.crawl_runs

    id: Mapped[int]
    site: Mapped[str | None]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str]
    pages_fetched: Mapped[int]
    articles_stored: Mapped[int]
    duplicates: Mapped[int]
    revisions: Mapped[int]
    dropped: Mapped[dict[str, Any]]
    errors: Mapped[int]
    stats: Mapped[dict[str, Any]]
    options: Mapped[dict[str, Any]]
    pid: Mapped[int | None]


class Article(Base):
    """One article, unique by canonical URL; the latest text of the page."""

    __table__ = tables.articles

    # Small columns first, long texts last: SQLite reads a row's columns in order,
    # so filters on these never walk a body's overflow pages.
    id: Mapped[int]
    site_id: Mapped[int]
    duplicate_of_id: Mapped[int | None]
    published_at: Mapped[datetime | None]
    published_offset_minutes: Mapped[int | None]
    updated_at: Mapped[datetime | None]
    updated_offset_minutes: Mapped[int | None]
    fetched_at: Mapped[datetime | None]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    crawl_run_id: Mapped[int | None]
    http_status: Mapped[int | None]
    word_count: Mapped[int | None]
    similarity: Mapped[float | None]
    # The WARC response record the text was extracted from (see docs/warc.md).
    warc_offset: Mapped[int | None]
    warc_record_id: Mapped[str | None]
    warc_file: Mapped[str | None]
    language: Mapped[str | None]
    content_hash: Mapped[str | None]
    cluster_id: Mapped[str | None]
    section: Mapped[str | None]
    canonical_url: Mapped[str]
    url: Mapped[str]
    image_url: Mapped[str | None]
    authors: Mapped[list[str]]
    tags: Mapped[list[str]]
    published_raw: Mapped[str | None]
    updated_raw: Mapped[str | None]
    title: Mapped[str | None]
    subtitle: Mapped[str | None]
    body: Mapped[str | None]

    site: Mapped[Site] = relationship(lazy="joined")


class ArticleRevision(Base):
    """The text an article had before a re-crawl found it changed."""

    __table__ = tables.article_revisions

    id: Mapped[int]
    article_id: Mapped[int]
    seen_at: Mapped[datetime]
    crawl_run_id: Mapped[int | None]
    old_content_hash: Mapped[str | None]
    new_content_hash: Mapped[str | None]
    old_title: Mapped[str | None]
    old_body: Mapped[str | None]
    diff_chars: Mapped[int]
    # "crawl": the site changed the page; "reextract": our extraction of the same capture did.
    kind: Mapped[str]
    # The capture the old text was extracted from.
    warc_offset: Mapped[int | None]
    warc_record_id: Mapped[str | None]
    warc_file: Mapped[str | None]


class DedupeSignature(Base):
    """The persistent MinHash signature of one stored article (near-duplicate index).

    ``id`` is the short key the bucket rows use instead of the URL; ``minhash``
    holds 16-bit values (2 bytes each).
    """

    __table__ = tables.dedupe_signatures

    id: Mapped[int]
    cluster_id: Mapped[str]
    created_at: Mapped[datetime]
    canonical_url: Mapped[str]
    minhash: Mapped[bytes]


class DedupeBucket(Base):
    """One LSH band bucket of a signature; ``bucket`` is a signed 32-bit integer.

    The primary key is the whole row; on SQLite the table has no rowid, so each
    row is stored once (about 15 bytes), in the primary key's B-tree.
    """

    __table__ = tables.dedupe_buckets

    band: Mapped[int]
    bucket: Mapped[int]
    signature_id: Mapped[int]


class DedupeParams(Base):
    """The parameters the near-duplicate index was built with (one row, ``id`` 1).

    Bucket keys depend on them: an index is only usable with the same ones.
    """

    __table__ = tables.dedupe_params

    id: Mapped[int]
    num_perm: Mapped[int]
    shingle_size: Mapped[int]
    bands: Mapped[int]
    rows: Mapped[int]
    threshold: Mapped[float]


class CrawlLock(Base):
    """Who is crawling a site right now (the scheduler's cross-process lock)."""

    __table__ = tables.crawl_locks

    site: Mapped[str]
    owner: Mapped[str]
    acquired_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]


class FetchState(Base):
    """Validators of the last fetch of a URL, for conditional GET and incremental crawls."""

    __table__ = tables.fetch_state

    url: Mapped[str]
    site: Mapped[str | None]
    etag: Mapped[str | None]
    last_modified: Mapped[str | None]
    lastmod: Mapped[datetime | None]
    fetched_at: Mapped[datetime | None]
    content_hash: Mapped[str | None]
    # consecutive failed fetches of a URL that gave no article (back-off), and when the
    # row's verdict expires: the back-off of a failed URL, or a sitemap's validators
    failures: Mapped[int | None]
    expires_at: Mapped[datetime | None]


class SiteState(Base):
    """Per-site crawl progress: the newest publication time already walked."""

    __table__ = tables.site_state

    site: Mapped[str]
    high_water_mark: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]


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
