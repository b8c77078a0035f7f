"""Initial schema: every table of the archive, and the full-text index.

The full-text index is dialect-specific. SQLite: an FTS5 table whose unicode61
tokenizer counts the whole Bengali block (vowel signs, virama, nukta) and the
joiners as word characters, so Bengali words are indexed whole. PostgreSQL: a
``tsvector`` per article built with the ``simple`` configuration (no stemming)
behind a GIN index.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-28 00:01:23.038594
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

# Bengali block plus ZWNJ/ZWJ: characters FTS5 must treat as part of a word.
BENGALI_TOKENCHARS = "".join(chr(c) for c in range(0x0980, 0x0A00)) + "\u200c\u200d"

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crawl_locks",
        sa.Column("site", sa.String(length=255), nullable=False),
        sa.Column("owner", sa.String(length=255), nullable=False),
        sa.Column("acquired_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("site", name=op.f("pk_crawl_locks")),
    )
    op.create_table(
        "crawl_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site", sa.String(length=255), nullable=True),
        sa.Column("started_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("pages_fetched", sa.Integer(), nullable=False),
        sa.Column("articles_stored", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("revisions", sa.Integer(), nullable=False),
        sa.Column("dropped", sa.JSON(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_runs")),
    )
    op.create_index(op.f("ix_crawl_runs_site"), "crawl_runs", ["site"])

    op.create_table(
        "dedupe_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("canonical_url", sa.String(length=2048), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dedupe_signatures")),
        sa.UniqueConstraint("canonical_url", name=op.f("uq_dedupe_signatures_canonical_url")),
    )
    op.create_index(op.f("ix_dedupe_signatures_cluster_id"), "dedupe_signatures", ["cluster_id"])
    # Without a rowid on SQLite: the primary key is the whole row, stored once.
    op.create_table(
        "dedupe_buckets",
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("signature_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["signature_id"],
            ["dedupe_signatures.id"],
            name=op.f("fk_dedupe_buckets_signature_id_dedupe_signatures"),
        ),
        sa.PrimaryKeyConstraint("band", "bucket", "signature_id", name=op.f("pk_dedupe_buckets")),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "fetch_state",
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("site", sa.String(length=255), nullable=True),
        sa.Column("etag", sa.String(length=255), nullable=True),
        sa.Column("last_modified", sa.String(length=255), nullable=True),
        sa.Column("lastmod", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("fetched_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=True),
        sa.Column("expires_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_fetch_state")),
    )
    op.create_index(op.f("ix_fetch_state_site"), "fetch_state", ["site"])

    op.create_table(
        "site_state",
        sa.Column("site", sa.String(length=255), nullable=False),
        sa.Column("high_water_mark", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("site", name=op.f("pk_site_state")),
    )
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("home_url", sa.String(length=2048), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sites")),
        sa.UniqueConstraint("key", name=op.f("uq_sites_key")),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("published_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_offset_minutes", sa.Integer(), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_offset_minutes", sa.Integer(), nullable=True),
        sa.Column("fetched_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("first_seen_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("crawl_run_id", sa.Integer(), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("word_count", sa.Integer(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("cluster_id", sa.String(length=64), nullable=True),
        sa.Column("section", sa.String(length=255), nullable=True),
        sa.Column("canonical_url", sa.String(length=2048), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("image_url", sa.String(length=2048), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("published_raw", sa.Text(), nullable=True),
        sa.Column("updated_raw", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("subtitle", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["crawl_run_id"], ["crawl_runs.id"], name=op.f("fk_articles_crawl_run_id_crawl_runs")
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"], ["articles.id"], name=op.f("fk_articles_duplicate_of_id_articles")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_articles_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("canonical_url", name=op.f("uq_articles_canonical_url")),
    )
    op.create_index(op.f("ix_articles_cluster_id"), "articles", ["cluster_id"])
    op.create_index(op.f("ix_articles_content_hash"), "articles", ["content_hash"])
    op.create_index(op.f("ix_articles_duplicate_of_id"), "articles", ["duplicate_of_id"])
    op.create_index(
        op.f("ix_articles_site_id_published_at"), "articles", ["site_id", "published_at"]
    )

    op.create_table(
        "article_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("crawl_run_id", sa.Integer(), nullable=True),
        sa.Column("old_content_hash", sa.String(length=64), nullable=True),
        sa.Column("new_content_hash", sa.String(length=64), nullable=True),
        sa.Column("old_title", sa.Text(), nullable=True),
        sa.Column("old_body", sa.Text(), nullable=True),
        sa.Column("diff_chars", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_article_revisions_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["crawl_run_id"],
            ["crawl_runs.id"],
            name=op.f("fk_article_revisions_crawl_run_id_crawl_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_revisions")),
    )
    op.create_index(op.f("ix_article_revisions_article_id"), "article_revisions", ["article_id"])

    create_search_index()


def create_search_index() -> None:
    if op.get_bind().dialect.name == "sqlite":
        tokenize = f"unicode61 remove_diacritics 0 tokenchars '{BENGALI_TOKENCHARS}'"
        op.execute(
            f'CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = "{tokenize}")'
        )
        return
    op.execute(
        "CREATE TABLE articles_fts ("
        "article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE, "
        "document TSVECTOR NOT NULL)"
    )
    op.execute("CREATE INDEX ix_articles_fts_document ON articles_fts USING GIN (document)")


def drop_search_index() -> None:
    op.execute("DROP TABLE IF EXISTS articles_fts")


def downgrade() -> None:
    drop_search_index()
    op.drop_table("article_revisions")
    op.drop_table("articles")
    op.drop_table("sites")
    op.drop_table("site_state")
    op.drop_table("fetch_state")
    op.drop_table("dedupe_buckets")
    op.drop_table("dedupe_signatures")
    op.drop_table("crawl_runs")
    op.drop_table("crawl_locks")
