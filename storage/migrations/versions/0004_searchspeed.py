"""PostgreSQL: a title-only search vector, so search ranks few candidates.

``articles_fts.title_document`` holds the title's lexemes (weight A, as in
``document``) behind its own GIN index. Search takes its candidates from the
best title matches and the newest matches, found through the indexes without
reading the large ``document`` vectors, and computes ``ts_rank`` on those
candidates only (:mod:`storage.ranking`). SQLite is unchanged.

Revision ID: searchspeed
Revises: warc
Create Date: 2026-12-03 10:20:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "searchspeed"
down_revision = "warc"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE articles_fts ADD COLUMN title_document TSVECTOR")
    op.execute(
        "UPDATE articles_fts AS f SET title_document = "
        "setweight(to_tsvector('simple', coalesce(a.title, '')), 'A') "
        "FROM articles AS a WHERE a.id = f.article_id"
    )
    op.execute(
        "CREATE INDEX ix_articles_fts_title_document ON articles_fts USING GIN (title_document)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_articles_fts_title_document")
    op.execute("ALTER TABLE articles_fts DROP COLUMN IF EXISTS title_document")
