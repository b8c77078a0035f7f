"""The representative of a duplicate cluster, chosen by a rule that does not depend on timing.

A cluster's representative is its earliest published article; articles without
a publication time come after every dated one; equal times are broken by the
smaller canonical URL. Every other member points at it (``duplicate_of_id``),
the representative at nothing. The rule reads only what is stored, so the same
articles give the same representative whatever order they arrived in and
whichever database holds them; it is applied again to every cluster a batch
touches, so better evidence (a date found on a re-crawl, a new earlier copy)
moves the representative.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import Article

logger = logging.getLogger(__name__)

CHUNK = 500  # cluster ids per query (well under every database's parameter limit)


def representative_key(published_at: datetime | None, canonical_url: str) -> tuple[Any, ...]:
    """The sort key of a cluster member: the smallest is the representative.

    >>> from datetime import UTC
    >>> early = representative_key(datetime(2024, 3, 3, tzinfo=UTC), "https://b.com/2")
    >>> late = representative_key(datetime(2024, 3, 4, tzinfo=UTC), "https://a.com/1")
    >>> undated = representative_key(None, "https://a.com/0")
    >>> sorted([undated, late, early]) == [early, late, undated]
    True
    """
    if published_at is None:
        return (1, 0, canonical_url)
    return (0, published_at.timestamp(), canonical_url)


def elect_representatives(session: Session, cluster_ids: Iterable[str | None]) -> int:
    """Re-choose the representative of each of ``cluster_ids``; return the rows changed."""
    wanted = sorted({c for c in cluster_ids if c})
    changed = 0
    for start in range(0, len(wanted), CHUNK):
        changed += _elect(session, wanted[start : start + CHUNK])
    return changed


def _elect(session: Session, cluster_ids: list[str]) -> int:
    query = select(
        Article.id,
        Article.cluster_id,
        Article.published_at,
        Article.canonical_url,
        Article.duplicate_of_id,
    ).where(Article.cluster_id.in_(cluster_ids))
    members: dict[str, list[Any]] = defaultdict(list)
    for row in session.execute(query):
        members[row.cluster_id].append(row)
    moves: dict[int | None, list[int]] = defaultdict(list)  # new duplicate_of_id -> article ids
    for rows in members.values():
        head = min(rows, key=lambda r: representative_key(r.published_at, r.canonical_url))
        for row in rows:
            target = None if row.id == head.id else head.id
            if row.duplicate_of_id != target:
                moves[target].append(row.id)
    for target, ids in moves.items():
        session.execute(update(Article).where(Article.id.in_(ids)).values(duplicate_of_id=target))
    count = sum(len(ids) for ids in moves.values())
    if count:
        logger.debug("cluster representatives: %d articles re-pointed", count)
    return count
