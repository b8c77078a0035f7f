"""PostgreSQL: a small ranking vector per article, so search never ranks on the large one.

``articles_fts.rank_document`` holds the lexemes of ``document`` that ranking a
title match can need, each with all its positions: those in the title or the
first 24 positions, and those whose first 3 characters begin a title word.
Search orders its title-matching candidates by ``ts_rank`` on this vector
(stored in the row, not in TOAST) and reads the large ``document`` only for the
best of them (:mod:`storage.ranking`). The SQL is :data:`storage.search.PG_RANK_VECTOR`,
copied here as it was when this migration was written. SQLite is unchanged.

Revision ID: search_rank_vector
Revises: dedupe_params
Create Date: 2026-12-03 13:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "search_rank_vector"
down_revision = "dedupe_params"
branch_labels = None
depends_on = None

RANK_VECTOR = (
    "ts_delete(document, ARRAY(SELECT u.lexeme FROM unnest(document) AS u "
    "WHERE u.positions[1] > 24 AND left(u.lexeme, 3) <> ALL "
    "(ARRAY(SELECT left(w, 3) FROM unnest(tsvector_to_array(title_document)) AS w))))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE articles_fts ADD COLUMN rank_document TSVECTOR")
    op.execute(f"UPDATE articles_fts SET rank_document = {RANK_VECTOR}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE articles_fts DROP COLUMN IF EXISTS rank_document")
