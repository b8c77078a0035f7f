"""The representative of a duplicate cluster, chosen by a rule that does not depend on timing.

A cluster's representative is its earliest published article; articles without
a publication time come after every dated one; equal times are broken by the
smaller canonical URL. Every other member points at it (``duplicate_of_id``),
the representative at nothing. The rule reads only what is stored, so the same
articles give the same representative whatever order they arrived in and
whichever database holds them; it is applied again to every cluster a batch
touches, so better evidence (a date found on a re-crawl, a new earlier copy)
moves the representative.

The database applies the rule and re-points only the members that point
elsewhere, on an index that keeps each cluster's members in the rule's order:
a cluster may grow to thousands of articles (a templated daily report, a wire
story every outlet prints) and a crawl touches it with every batch, so
reading its members' rows would make each batch cost as much as the cluster.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Update,
    and_,
    bindparam,
    case,
    func,
    null,
    select,
    update,
)
from sqlalchemy.orm import Session

from storage.tables import articles

logger = logging.getLogger(__name__)

CHUNK = 500  # cluster ids per query (well under every database's parameter limit)
# Canonical URLs compare by code point, as Python's str does: PostgreSQL's "C"
# collation and SQLite's default (UTF-8 bytes, the same order).
BYTEWISE = {"postgresql": "C"}


def _target(member_id: ColumnElement[Any], head: ColumnElement[Any]) -> ColumnElement[Any]:
    """What a member's ``duplicate_of_id`` should be: the head, or nothing for the head."""
    return case((member_id == head, null()), else_=head)


@cache
def _statements(dialect: str) -> tuple[Select[Any], Update]:
    """The election's two statements for a dialect, built once.

    The first gives ``(cluster_id, head id)`` of each cluster among the bound
    ``clusters`` that has a member pointing elsewhere than the rule says; the
    second re-points the members of one cluster (``cluster``) at ``head``. The
    index ``ix_articles_cluster_members`` holds a cluster's members in the
    rule's order, with their ``duplicate_of_id``: the head is its first entry
    (dated members first), and the check reads no article row.
    """
    member, other = articles.alias("member"), articles.alias("other")
    touched = (
        select(articles.c.cluster_id)
        .where(articles.c.cluster_id.in_(bindparam("clusters", expanding=True)))
        .group_by(articles.c.cluster_id)
        .subquery("touched")
    )
    url = member.c.canonical_url
    if dialect in BYTEWISE:
        url = url.collate(BYTEWISE[dialect])  # type: ignore[assignment]
    first = select(member.c.id).where(member.c.cluster_id == touched.c.cluster_id).limit(1)
    dated = first.where(member.c.published_at.is_not(None)).order_by(member.c.published_at, url)
    undated = first.where(member.c.published_at.is_(None)).order_by(url)
    heads = select(
        touched.c.cluster_id,
        func.coalesce(dated.scalar_subquery(), undated.scalar_subquery()).label("head"),
    ).cte("heads")
    # Computed once per cluster, not again for each member the check reads.
    heads = heads.prefix_with("MATERIALIZED")
    astray = (
        select(other.c.id)
        .where(
            other.c.cluster_id == heads.c.cluster_id,
            other.c.duplicate_of_id.is_distinct_from(_target(other.c.id, heads.c.head)),
        )
        .exists()
    )
    stale = select(heads.c.cluster_id, heads.c.head).where(astray)
    head = bindparam("head", type_=Integer)
    repoint = (
        update(articles)
        .where(
            and_(
                articles.c.cluster_id == bindparam("cluster"),
                articles.c.duplicate_of_id.is_distinct_from(_target(articles.c.id, head)),
            )
        )
        .values(duplicate_of_id=_target(articles.c.id, head))
    )
    return stale, repoint


def elect_representatives(session: Session, cluster_ids: Iterable[str | None]) -> int:
    """Re-choose the representative of each of ``cluster_ids``; return the rows changed."""
    wanted = sorted({c for c in cluster_ids if c})
    if not wanted:
        return 0
    stale, repoint = _statements(session.get_bind().dialect.name)
    changed = 0
    for start in range(0, len(wanted), CHUNK):
        heads = session.execute(stale, {"clusters": wanted[start : start + CHUNK]}).all()
        for cluster, head in sorted(heads):
            result = session.execute(repoint, {"cluster": cluster, "head": head})
            changed += result.rowcount  # type: ignore[attr-defined]
    if changed:
        logger.debug("cluster representatives: %d articles re-pointed", changed)
    return changed
