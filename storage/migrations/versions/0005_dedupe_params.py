"""The near-duplicate index records the parameters it was built with (``dedupe_params``).

One row: MinHash permutations, shingle size, LSH bands and rows, and the
threshold that chose them. A crawl with other settings refuses to use the index
until ``newscrawler dedupe reindex`` rebuilds it.

Revision ID: dedupe_params
Revises: searchspeed
Create Date: 2026-12-03 10:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "dedupe_params"
down_revision = "searchspeed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dedupe_params",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("num_perm", sa.Integer(), nullable=False),
        sa.Column("shingle_size", sa.Integer(), nullable=False),
        sa.Column("bands", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dedupe_params")),
    )


def downgrade() -> None:
    op.drop_table("dedupe_params")
