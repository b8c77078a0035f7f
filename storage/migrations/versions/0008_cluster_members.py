"""One index holds each duplicate cluster's members in the order that elects its representative.

``ix_articles_cluster_members`` is ``(cluster_id, published_at, canonical_url,
duplicate_of_id)``: the representative of a cluster is its first dated entry
(else its first undated one), and whether every member points at it is read
from the index alone (:mod:`storage.clusters`), so electing the representatives
of a batch no longer reads every member's row. It replaces ``ix_articles_cluster_id``,
of which it is an extension.

Revision ID: cluster_members
Revises: search_rank_index
Create Date: 2026-12-03 15:40:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "cluster_members"
down_revision = "search_rank_index"
branch_labels = None
depends_on = None

COLUMNS = ["cluster_id", "published_at", "canonical_url", "duplicate_of_id"]


def upgrade() -> None:
    op.create_index("ix_articles_cluster_members", "articles", COLUMNS)
    op.drop_index("ix_articles_cluster_id", table_name="articles")


def downgrade() -> None:
    op.create_index("ix_articles_cluster_id", "articles", ["cluster_id"])
    op.drop_index("ix_articles_cluster_members", table_name="articles")
