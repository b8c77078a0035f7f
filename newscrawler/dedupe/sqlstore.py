"""The near-duplicate index in the archive's tables ``dedupe_signatures`` and ``dedupe_buckets``.

Memory stays bounded whatever the archive's size: a check reads only the rows
of its own buckets (one indexed query over ``(band, bucket)``, the primary key)
and the signatures of the best candidates found there.

Disk stays small: a bucket row is ``(band, bucket, signature_id)``, three
small integers (the URL is stored once, in ``dedupe_signatures``), kept on
SQLite in a table without rowid, so each row is stored once, in its primary
key. Candidates that share as many buckets are ranked by arrival (signature id).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, cast

from sqlalchemy import Table, and_, delete, event, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from newscrawler.dedupe.signature import Key, from_bytes, to_bytes
from newscrawler.dedupe.store import MAX_CANDIDATES, Stored
from storage.db import Database
from storage.models import DedupeBucket, DedupeSignature

logger = logging.getLogger(__name__)

SIGNATURES = cast(Table, DedupeSignature.__table__)
BUCKETS = cast(Table, DedupeBucket.__table__)
# Keys per IN (...) list: well under SQLite's limit on bound parameters.
CHUNK = 200
DEFAULT_CACHE_MB = 64


def _set_cache(dbapi_conn: Any, _record: Any, kib: int) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    cursor.close()


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bucket_row(band: int, bucket: int, signature_id: int) -> dict[str, int]:
    return {"band": band, "bucket": bucket, "signature_id": signature_id}


class SqlStore:
    """A :class:`~newscrawler.dedupe.store.SignatureStore` in an open archive."""

    def __init__(self, db: Database, cache_mb: int = DEFAULT_CACHE_MB) -> None:
        self.db = db
        if db.dialect == "sqlite" and cache_mb > 0:
            # A bounded page cache per connection keeps the upper levels of the
            # bucket index in memory when the archive is larger than RAM allows.
            event.listen(db.engine, "connect", partial(_set_cache, kib=cache_mb * 1024))
            db.engine.dispose()  # connections opened before the listener lack it

    def get(self, url: str) -> Stored | None:
        found = self.signatures([url])
        return found[0] if found else None

    def lookup(self, keys: Collection[Key]) -> list[str]:
        votes: Counter[int] = Counter()
        with self.db.read_session() as session:
            for chunk in _chunks(sorted(set(keys))):
                query = (
                    select(BUCKETS.c.signature_id, func.count())
                    # OR of equalities, not a row-value IN: SQLite searches the
                    # primary key for each term, but scans the table for IN (VALUES ...).
                    .where(
                        or_(*(and_(BUCKETS.c.band == b, BUCKETS.c.bucket == k) for b, k in chunk))
                    )
                    .group_by(BUCKETS.c.signature_id)
                )
                votes.update({sid: count for sid, count in session.execute(query)})
            best = sorted(votes, key=lambda sid: (-votes[sid], sid))[:MAX_CANDIDATES]
            if not best:
                return []
            query = select(SIGNATURES.c.id, SIGNATURES.c.canonical_url).where(
                SIGNATURES.c.id.in_(best)
            )
            urls: dict[int, str] = {sid: url for sid, url in session.execute(query)}
        return [urls[sid] for sid in best if sid in urls]

    def signatures(self, urls: Iterable[str]) -> list[Stored]:
        result: list[Stored] = []
        columns = (SIGNATURES.c.canonical_url, SIGNATURES.c.cluster_id, SIGNATURES.c.minhash)
        with self.db.read_session() as session:
            for chunk in _chunks(sorted(set(urls))):
                rows = session.execute(
                    select(*columns).where(SIGNATURES.c.canonical_url.in_(chunk))
                )
                result.extend(Stored(url, cluster, from_bytes(data)) for url, cluster, data in rows)
        return result

    def first_url(self, cluster_id: str) -> str | None:
        query = (
            select(SIGNATURES.c.canonical_url)
            .where(SIGNATURES.c.cluster_id == cluster_id)
            .order_by(SIGNATURES.c.id)  # ids follow the order of arrival
            .limit(1)
        )
        with self.db.read_session() as session:
            return session.execute(query).scalar_one_or_none()

    def add(self, entry: Stored, keys: Collection[Key]) -> None:
        try:
            self.add_many([(entry, keys)])
        except IntegrityError:
            # Another crawl stored the same URL between our check and this write.
            logger.debug("signature of %s was stored concurrently", entry.url)

    def add_many(self, entries: Sequence[tuple[Stored, Collection[Key]]]) -> None:
        """Store many new signatures in one transaction (bulk loads)."""
        now = datetime.now(UTC)
        signature_rows = [
            {
                "canonical_url": e.url,
                "cluster_id": e.cluster_id,
                "minhash": to_bytes(e.hashes),
                # Distinct times keep the order of arrival: the first of a cluster is its head.
                "created_at": now + timedelta(microseconds=i),
            }
            for i, (e, _) in enumerate(entries)
        ]
        with self.db.session() as session:
            ids = session.execute(
                insert(SIGNATURES).returning(SIGNATURES.c.id, sort_by_parameter_order=True),
                signature_rows,
            ).scalars()
            bucket_rows = sorted(
                (band, bucket, sid)
                for sid, (_, keys) in zip(ids, entries, strict=True)
                for band, bucket in set(keys)
            )
            if bucket_rows:
                session.execute(insert(BUCKETS), [_bucket_row(*row) for row in bucket_rows])

    def replace(self, entry: Stored, old_keys: Collection[Key], keys: Collection[Key]) -> None:
        with self.db.session() as session:
            sid = session.execute(
                select(SIGNATURES.c.id).where(SIGNATURES.c.canonical_url == entry.url)
            ).scalar_one_or_none()
            if sid is None:
                logger.debug("no stored signature of %s to replace", entry.url)
                return
            for band, bucket in sorted(set(old_keys)):
                session.execute(
                    delete(BUCKETS).where(
                        BUCKETS.c.band == band,
                        BUCKETS.c.bucket == bucket,
                        BUCKETS.c.signature_id == sid,
                    )
                )
            session.execute(
                update(SIGNATURES)
                .where(SIGNATURES.c.id == sid)
                .values(minhash=to_bytes(entry.hashes))
            )
            rows = [_bucket_row(band, bucket, sid) for band, bucket in sorted(set(keys))]
            if rows:
                session.execute(insert(BUCKETS), rows)

    def close(self) -> None:
        self.db.dispose()
