"""The archive's tables, defined once, with SQLAlchemy Core.

The ORM classes of :mod:`storage.models` are mapped onto these same
``Table`` objects; code that only reads (search, stats, the site list) uses
them directly, so a command such as ``newscrawler search`` never imports
SQLAlchemy's ORM (importing and mapping it cost ~0.2 s of a 0.8 s start).

The full-text index is not here: it is dialect-specific (an FTS5 virtual
table on SQLite, a ``tsvector`` table on PostgreSQL), created by the migration
and kept in sync by :mod:`storage.search`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

from storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# Lengths: a URL_STR, a short name or key, a content hash or cluster id.
URL_STR, SHORT_STR, HASH_STR = String(2048), String(255), String(64)

metadata = MetaData(naming_convention=NAMING_CONVENTION)

sites = Table(
    "sites",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", SHORT_STR, nullable=False, unique=True),
    Column("name", SHORT_STR),
    Column("home_url", URL_STR),
    Column("timezone", String(64)),
)

crawl_runs = Table(
    "crawl_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("site", SHORT_STR, index=True),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("finished_at", UTCDateTime()),
    Column("status", String(16), nullable=False, default="running"),
    Column("pages_fetched", Integer, nullable=False, default=0),
    Column("articles_stored", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("revisions", Integer, nullable=False, default=0),
    Column("dropped", JSON, nullable=False, default=dict),
    Column("errors", Integer, nullable=False, default=0),
    Column("stats", JSON, nullable=False, default=dict),
    Column("options", JSON, nullable=False, default=dict),
    Column("pid", Integer),
)

articles = Table(
    "articles",
    metadata,
    # Small columns first, long texts last: SQLite reads a row's columns in order,
    # so filters on these never walk a body's overflow pages.
    Column("id", Integer, primary_key=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("duplicate_of_id", Integer, ForeignKey("articles.id"), index=True),
    Column("published_at", UTCDateTime()),
    Column("published_offset_minutes", Integer),
    Column("updated_at", UTCDateTime()),
    Column("updated_offset_minutes", Integer),
    Column("fetched_at", UTCDateTime()),
    Column("first_seen_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
    Column("crawl_run_id", Integer, ForeignKey("crawl_runs.id")),
    Column("http_status", Integer),
    Column("word_count", Integer),
    Column("similarity", Float),
    # The WARC response record the text was extracted from (see docs/warc.md).
    Column("warc_offset", BigInteger),
    Column("warc_record_id", String(64)),
    Column("warc_file", Text),
    Column("language", String(16)),
    Column("content_hash", HASH_STR, index=True),
    Column("cluster_id", HASH_STR),
    Column("section", SHORT_STR),
    Column("canonical_url", URL_STR, nullable=False, unique=True),
    Column("url", URL_STR, nullable=False),
    Column("image_url", URL_STR),
    Column("authors", JSON, nullable=False, default=list),
    Column("tags", JSON, nullable=False, default=list),
    Column("published_raw", Text),
    Column("updated_raw", Text),
    Column("title", Text),
    Column("subtitle", Text),
    Column("body", Text),
    Index("ix_articles_site_id_published_at", "site_id", "published_at"),
    # A duplicate cluster's members in the order that elects its representative,
    # with what they point at (storage.clusters reads no article row).
    Index(
        "ix_articles_cluster_members",
        "cluster_id",
        "published_at",
        "canonical_url",
        "duplicate_of_id",
    ),
)

article_revisions = Table(
    "article_revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    Column("seen_at", UTCDateTime(), nullable=False),
    Column("crawl_run_id", Integer, ForeignKey("crawl_runs.id")),
    Column("old_content_hash", HASH_STR),
    Column("new_content_hash", HASH_STR),
    Column("old_title", Text),
    Column("old_body", Text),
    Column("diff_chars", Integer, nullable=False, default=0),
    # "crawl": the site changed the page; "reextract": our extraction of the same capture did.
    Column("kind", String(16), nullable=False, default="crawl", server_default="crawl"),
    # The capture the old text was extracted from.
    Column("warc_offset", BigInteger),
    Column("warc_record_id", String(64)),
    Column("warc_file", Text),
)

dedupe_signatures = Table(
    "dedupe_signatures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cluster_id", HASH_STR, nullable=False, index=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("canonical_url", URL_STR, nullable=False, unique=True),
    Column("minhash", LargeBinary, nullable=False),
)

# The primary key is the whole row; on SQLite the table has no rowid, so each
# row is stored once (about 15 bytes), in the primary key's B-tree.
dedupe_buckets = Table(
    "dedupe_buckets",
    metadata,
    Column("band", SmallInteger, primary_key=True),
    Column("bucket", Integer, primary_key=True),
    Column("signature_id", Integer, ForeignKey("dedupe_signatures.id"), primary_key=True),
    sqlite_with_rowid=False,
)

dedupe_params = Table(
    "dedupe_params",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("num_perm", Integer, nullable=False),
    Column("shingle_size", Integer, nullable=False),
    Column("bands", Integer, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("threshold", Float, nullable=False),
)

crawl_locks = Table(
    "crawl_locks",
    metadata,
    Column("site", SHORT_STR, primary_key=True),
    Column("owner", SHORT_STR, nullable=False),
    Column("acquired_at", UTCDateTime(), nullable=False),
    Column("heartbeat_at", UTCDateTime(), nullable=False),
)

fetch_state = Table(
    "fetch_state",
    metadata,
    Column("url", URL_STR, primary_key=True),
    Column("site", SHORT_STR, index=True),
    Column("etag", SHORT_STR),
    Column("last_modified", SHORT_STR),
    Column("lastmod", UTCDateTime()),
    Column("fetched_at", UTCDateTime()),
    Column("content_hash", HASH_STR),
    # consecutive failed fetches of a URL that gave no article (back-off), and when the
    # row's verdict expires: the back-off of a failed URL_STR, or a sitemap's validators
    Column("failures", Integer),
    Column("expires_at", UTCDateTime()),
)

site_state = Table(
    "site_state",
    metadata,
    Column("site", SHORT_STR, primary_key=True),
    Column("high_water_mark", UTCDateTime()),
    Column("updated_at", UTCDateTime()),
)
