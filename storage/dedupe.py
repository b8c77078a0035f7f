"""The near-duplicate index's SQL (``dedupe_signatures``, ``dedupe_buckets``, ``dedupe_params``).

The index logic (signing, comparing, clustering) lives in ``newscrawler.dedupe``;
this module only stores and finds rows, in plain values: a signature is
``(canonical_url, cluster_id, minhash bytes)``, a key is ``(band, bucket)``.

Every statement is built once (module constants, or one per number of keys)
and run on a Core connection, never through the ORM: a crawl runs several per
article, and building SQLAlchemy expressions cost more than running them.

Memory stays bounded whatever the archive's size: a lookup reads only the rows
of its own buckets (an OR of ``(band, bucket)`` equalities, each searched in
the primary key; SQLite scans the table for a row-value ``IN (VALUES ...)``)
and the URLs of the best-ranked signatures.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    TextClause,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)

from storage.db import Database
from storage.tables import dedupe_buckets, dedupe_params, dedupe_signatures

logger = logging.getLogger(__name__)

SIGNATURES, BUCKETS, PARAMS = dedupe_signatures, dedupe_buckets, dedupe_params
# Keys per statement: well under SQLite's limit on bound parameters.
CHUNK = 200

Key = tuple[int, int]  # (band, bucket)
Row = tuple[str, str, bytes]  # (canonical_url, cluster_id, minhash)

SELECT_SIGNATURES = select(
    SIGNATURES.c.canonical_url, SIGNATURES.c.cluster_id, SIGNATURES.c.minhash
).where(SIGNATURES.c.canonical_url.in_(bindparam("urls", expanding=True)))
SELECT_URLS = select(SIGNATURES.c.id, SIGNATURES.c.canonical_url).where(
    SIGNATURES.c.id.in_(bindparam("ids", expanding=True))
)
SELECT_ID = select(SIGNATURES.c.id).where(SIGNATURES.c.canonical_url == bindparam("url"))
FIRST_URL = (
    select(SIGNATURES.c.canonical_url)
    .where(SIGNATURES.c.cluster_id == bindparam("cluster"))
    .order_by(SIGNATURES.c.id)  # ids follow the order of arrival
    .limit(1)
)
INSERT_SIGNATURE = insert(SIGNATURES).returning(SIGNATURES.c.id)
INSERT_BUCKETS = insert(BUCKETS)
DELETE_BUCKET = delete(BUCKETS).where(
    BUCKETS.c.band == bindparam("b"),
    BUCKETS.c.bucket == bindparam("k"),
    BUCKETS.c.signature_id == bindparam("sid"),
)
UPDATE_MINHASH = (
    update(SIGNATURES).where(SIGNATURES.c.id == bindparam("sid")).values(minhash=bindparam("mh"))
)
COUNT_SIGNATURES = select(func.count()).select_from(SIGNATURES)


@dataclass(frozen=True)
class IndexParams:
    """What shapes the stored bucket keys (and the threshold that chose bands and rows)."""

    num_perm: int
    shingle_size: int
    bands: int
    rows: int
    threshold: float

    def layout(self) -> tuple[int, int, int, int]:
        return self.num_perm, self.shingle_size, self.bands, self.rows

    def describe(self) -> str:
        """``num_perm=256 shingle_size=2 bands=85 rows=3 (threshold 0.3)``."""
        return (
            f"num_perm={self.num_perm} shingle_size={self.shingle_size} "
            f"bands={self.bands} rows={self.rows} (threshold {self.threshold:g})"
        )


@cache
def bucket_votes(count: int) -> TextClause:
    """Signature ids and their number of matching keys among ``count`` ``(band, bucket)`` keys."""
    terms = " OR ".join(f"(band = :b{i} AND bucket = :k{i})" for i in range(count))
    return text(
        f"SELECT signature_id, count(*) FROM dedupe_buckets WHERE {terms} GROUP BY signature_id"
    )


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bucket_rows(sid: int, keys: Iterable[Key]) -> list[dict[str, int]]:
    return [{"band": b, "bucket": k, "signature_id": sid} for b, k in sorted(set(keys))]


def _insert_buckets(conn: Connection, rows: list[tuple[int, int, int]]) -> None:
    """Insert ``(band, bucket, signature_id)`` rows with the driver's own executemany:
    tens of thousands per batch, where SQLAlchemy's per-row parameter handling would
    cost more than the insert."""
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(
        f"INSERT INTO dedupe_buckets (band, bucket, signature_id) VALUES ({mark}, {mark}, {mark})",
        rows,
    )


class DedupeTables:
    """The index's rows in an open archive."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._writer = db.engine.execution_options(sqlite_immediate=True)

    # -- reads ---------------------------------------------------------------------------------

    def signatures(self, urls: Iterable[str]) -> list[Row]:
        """The stored ``(url, cluster_id, minhash)`` of ``urls`` (unknown ones are skipped)."""
        wanted = sorted(set(urls))
        if not wanted:
            return []
        with self.db.engine.connect() as conn:
            return [
                (url, cluster, bytes(data))
                for chunk in _chunks(wanted)
                for url, cluster, data in conn.execute(SELECT_SIGNATURES, {"urls": list(chunk)})
            ]

    def lookup(self, keys: Collection[Key], limit: int) -> list[tuple[str, int]]:
        """``(url, shared keys)`` of the signatures in any of ``keys``: most shared keys
        first, then by arrival; at most ``limit``."""
        votes: Counter[int] = Counter()
        with self.db.engine.connect() as conn:
            for chunk in _chunks(sorted(set(keys))):
                params = {}
                for i, (band, bucket) in enumerate(chunk):
                    params[f"b{i}"], params[f"k{i}"] = band, bucket
                votes.update({sid: n for sid, n in conn.execute(bucket_votes(len(chunk)), params)})
            best = sorted(votes, key=lambda sid: (-votes[sid], sid))[:limit]
            if not best:
                return []
            urls = {sid: url for sid, url in conn.execute(SELECT_URLS, {"ids": best})}
        return [(urls[sid], votes[sid]) for sid in best if sid in urls]

    def first_url(self, cluster_id: str) -> str | None:
        """The URL of the first signature added to a cluster."""
        with self.db.engine.connect() as conn:
            return conn.execute(FIRST_URL, {"cluster": cluster_id}).scalar_one_or_none()

    def count(self) -> int:
        with self.db.engine.connect() as conn:
            return int(conn.execute(COUNT_SIGNATURES).scalar_one())

    # -- writes --------------------------------------------------------------------------------

    def add_many(self, rows: Sequence[tuple[Row, Collection[Key]]]) -> None:
        """Store new signatures and their keys in one transaction, in order of arrival.

        Raises :class:`sqlalchemy.exc.IntegrityError` when a URL is stored already.
        """
        now = datetime.now(UTC)
        buckets: list[tuple[int, int, int]] = []
        with self._writer.begin() as conn:
            for i, ((url, cluster, data), keys) in enumerate(rows):
                signature = {
                    "canonical_url": url,
                    "cluster_id": cluster,
                    "minhash": data,
                    # Distinct times keep the order of arrival: the first of a cluster is its head.
                    "created_at": now + timedelta(microseconds=i),
                }
                sid = conn.execute(INSERT_SIGNATURE, signature).scalar_one()
                buckets += [(band, bucket, sid) for band, bucket in sorted(set(keys))]
            _insert_buckets(conn, buckets)

    def replace(
        self, url: str, data: bytes, old_keys: Collection[Key], keys: Collection[Key]
    ) -> bool:
        """Replace the minhash of ``url`` and move its keys; False when ``url`` is not stored."""
        with self._writer.begin() as conn:
            return self._replace(conn, url, data, old_keys, keys)

    @staticmethod
    def _replace(
        conn: Connection, url: str, data: bytes, old_keys: Collection[Key], keys: Collection[Key]
    ) -> bool:
        sid = conn.execute(SELECT_ID, {"url": url}).scalar_one_or_none()
        if sid is None:
            return False
        old = [{"b": b, "k": k, "sid": sid} for b, k in sorted(set(old_keys))]
        if old:
            conn.execute(DELETE_BUCKET, old)
        conn.execute(UPDATE_MINHASH, {"sid": sid, "mh": data})
        buckets = _bucket_rows(sid, keys)
        if buckets:
            conn.execute(INSERT_BUCKETS, buckets)
        return True

    # -- parameters ----------------------------------------------------------------------------

    def params(self) -> IndexParams | None:
        """The parameters the index was built with, or ``None`` when none are recorded."""
        columns = (PARAMS.c.num_perm, PARAMS.c.shingle_size, PARAMS.c.bands, PARAMS.c.rows)
        with self.db.engine.connect() as conn:
            row = conn.execute(select(*columns, PARAMS.c.threshold).limit(1)).first()
        return None if row is None else IndexParams(*row)

    def save_params(self, params: IndexParams) -> None:
        with self._writer.begin() as conn:
            conn.execute(delete(PARAMS))
            conn.execute(insert(PARAMS), {"id": 1, **asdict(params)})

    def rebuild(
        self, sign: Any, bodies: Iterable[tuple[str, str | None]], params: IndexParams
    ) -> tuple[int, int]:
        """Re-sign every stored signature from its article body, in one transaction.

        ``bodies`` gives ``(canonical_url, body)``; ``sign(body)`` returns
        ``(minhash bytes, keys)``. Clusters are kept. A signature without a
        body is deleted. Returns (re-signed, deleted).
        """
        signed = deleted = 0
        with self._writer.begin() as conn:
            conn.execute(delete(BUCKETS))
            for url, body in bodies:
                sid = conn.execute(SELECT_ID, {"url": url}).scalar_one_or_none()
                if sid is None:
                    continue
                if not body:
                    conn.execute(delete(SIGNATURES).where(SIGNATURES.c.id == sid))
                    deleted += 1
                    continue
                data, keys = sign(body)
                conn.execute(UPDATE_MINHASH, {"sid": sid, "mh": data})
                buckets = _bucket_rows(sid, keys)
                if buckets:
                    conn.execute(INSERT_BUCKETS, buckets)
                signed += 1
            conn.execute(delete(PARAMS))
            conn.execute(insert(PARAMS), {"id": 1, **asdict(params)})
        return signed, deleted

    def stored_bodies(self) -> list[tuple[str, str | None]]:
        """``(canonical_url, body)`` of every signature, in order of arrival."""
        query = text(
            "SELECT s.canonical_url, a.body FROM dedupe_signatures s "
            "LEFT JOIN articles a ON a.canonical_url = s.canonical_url ORDER BY s.id"
        )
        with self.db.engine.connect() as conn:
            return [(url, body) for url, body in conn.execute(query)]
