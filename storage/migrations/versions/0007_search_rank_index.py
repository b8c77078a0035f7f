"""PostgreSQL: a GIN index on the ranking vector, so several-word queries find candidates in it.

A query of several words (none excluded) that many articles match takes its
candidates from the articles matching it within ``articles_fts.rank_document``
(the title, the first 24 positions and the other forms of the title's words):
each is a match of the whole document, found without reading the document or
checking the whole document index, which costs tens of milliseconds for two
common words (:mod:`storage.ranking`). The index is about a fifth of the
document index. SQLite is unchanged.

Revision ID: search_rank_index
Revises: search_rank_vector
Create Date: 2026-12-03 15:30:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "search_rank_index"
down_revision = "search_rank_vector"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE INDEX ix_articles_fts_rank_document ON articles_fts USING GIN (rank_document)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_articles_fts_rank_document")
