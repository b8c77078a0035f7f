"""WARC capture: each article and revision points at the response record it came from.

``warc_file``/``warc_offset``/``warc_record_id`` locate the record (see
docs/warc.md); a revision's ``kind`` says whether the site changed the page
(``crawl``) or our extraction of the same capture changed (``reextract``).

Revision ID: warc
Revises: 0002
Create Date: 2026-12-03 09:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "warc"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("articles", "article_revisions")


def capture_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("warc_offset", sa.BigInteger(), nullable=True),
        sa.Column("warc_record_id", sa.String(length=64), nullable=True),
        sa.Column("warc_file", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    for table in TABLES:
        for column in capture_columns():
            op.add_column(table, column)
    op.add_column(
        "article_revisions",
        sa.Column("kind", sa.String(length=16), nullable=False, server_default="crawl"),
    )


def downgrade() -> None:
    with op.batch_alter_table("article_revisions") as batch:
        batch.drop_column("kind")
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            for column in capture_columns():
                batch.drop_column(column.name)
