"""The near-duplicate index's SQL (``dedupe_signatures``, ``dedupe_buckets``, ``dedupe_params``).

The index logic (signing, comparing, clustering) lives in ``newscrawler.dedupe``;
this module only stores and finds rows, in plain values: a signature is
``(canonical_url, cluster_id, minhash bytes)``, a key is ``(band, bucket)``.

Every statement is built once (module constants, or one per number of keys)
and run on a Core connection, never through the ORM: a crawl runs several per
article, and building SQLAlchemy expressions cost more than running them. The
reads of every check (bucket votes, signatures by URL or id) go to the driver
as plain SQL with positional parameters: SQLAlchemy's handling of a hundred
named parameters cost twice the query.

Memory stays bounded whatever the archive's size: a lookup reads only the rows
of its own buckets (an OR of ``(band, bucket)`` equalities, each searched in
the primary key; SQLite scans the table for a row-value ``IN (VALUES ...)``)
and the URLs of the best-ranked signatures.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
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

SIGNATURE_COLUMNS = "canonical_url, cluster_id, minhash"
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
def bucket_votes(count: int, mark: str) -> str:
    """Signature ids and their number of matching keys among ``count`` ``(band, bucket)`` keys.

    ``mark`` is the driver's parameter marker (``?`` or ``%s``).

    >>> bucket_votes(2, "?").split(" WHERE ")[1]
    '(band = ? AND bucket = ?) OR (band = ? AND bucket = ?) GROUP BY signature_id'
    """
    terms = " OR ".join([f"(band = {mark} AND bucket = {mark})"] * count)
    return f"SELECT signature_id, count(*) FROM dedupe_buckets WHERE {terms} GROUP BY signature_id"


@cache
def rows_in(columns: str, key: str, count: int, mark: str) -> str:
    """The ``columns`` of the signatures whose ``key`` is one of ``count`` values.

    >>> rows_in("id", "canonical_url", 2, "%s")
    'SELECT id FROM dedupe_signatures WHERE canonical_url IN (%s, %s)'
    """
    return f"SELECT {columns} FROM dedupe_signatures WHERE {key} IN ({', '.join([mark] * count)})"


@cache
def best_votes(count: int, limit: int, mark: str) -> str:
    """``(canonical_url, votes)`` of the ``limit`` signatures with most of ``count`` keys.

    Most votes first, then by arrival (id); the database ranks and cuts them, so
    a lookup reads ``limit`` rows however many signatures share its buckets.

    >>> best_votes(1, 50, "?").split(" FROM ")[0]
    'SELECT s.canonical_url, v.n'
    """
    votes = bucket_votes(count, mark).replace("count(*)", "count(*) AS n", 1)
    return (
        f"SELECT s.canonical_url, v.n FROM ({votes} ORDER BY n DESC, signature_id LIMIT {limit}) v "
        "JOIN dedupe_signatures s ON s.id = v.signature_id ORDER BY v.n DESC, v.signature_id"
    )


def _mark(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bucket_rows(sid: int, keys: Iterable[Key]) -> list[dict[str, int]]:
    return [{"band": b, "bucket": k, "signature_id": sid} for b, k in sorted(set(keys))]


def _rows_in(conn: Connection, columns: str, key: str, values: Sequence[Any]) -> list[Any]:
    query = rows_in(columns, key, len(values), _mark(conn))
    return list(conn.exec_driver_sql(query, tuple(values)))


def _insert_buckets(conn: Connection, rows: list[tuple[int, int, int]]) -> None:
    """Insert ``(band, bucket, signature_id)`` rows with the driver's own executemany:
    tens of thousands per batch, where SQLAlchemy's per-row parameter handling would
    cost more than the insert."""
    if not rows:
        return
    mark = _mark(conn)
    conn.exec_driver_sql(
        f"INSERT INTO dedupe_buckets (band, bucket, signature_id) VALUES ({mark}, {mark}, {mark})",
        rows,
    )


class DedupeTables:
    """The index's rows in an open archive."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._writer = db.engine.execution_options(sqlite_immediate=True)
        self._reader: Connection | None = None  # while :meth:`reading`

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Run the reads inside on one connection: one checkout and one transaction
        (each costs about as much as a read). Writes still take their own."""
        if self._reader is not None:
            yield
            return
        with self.db.engine.connect() as conn:
            self._reader = conn
            try:
                yield
            finally:
                self._reader = None

    def _read(self) -> AbstractContextManager[Connection]:
        return nullcontext(self._reader) if self._reader is not None else self.db.engine.connect()

    # -- reads ---------------------------------------------------------------------------------

    def signatures(self, urls: Iterable[str]) -> list[Row]:
        """The stored ``(url, cluster_id, minhash)`` of ``urls`` (unknown ones are skipped)."""
        wanted = sorted(set(urls))
        if not wanted:
            return []
        with self._read() as conn:
            return [
                (url, cluster, bytes(data))
                for chunk in _chunks(wanted)
                for url, cluster, data in _rows_in(conn, SIGNATURE_COLUMNS, "canonical_url", chunk)
            ]

    def lookup(self, keys: Collection[Key], limit: int) -> list[tuple[str, int]]:
        """``(url, shared keys)`` of the signatures in any of ``keys``: most shared keys
        first, then by arrival; at most ``limit``."""
        wanted = sorted(set(keys))
        if not wanted:
            return []
        votes: Counter[int] = Counter()
        with self._read() as conn:
            mark = _mark(conn)
            if len(wanted) <= CHUNK:  # one statement: the database ranks and cuts
                flat = tuple(value for key in wanted for value in key)
                query = best_votes(len(wanted), int(limit), mark)
                return [(url, n) for url, n in conn.exec_driver_sql(query, flat)]
            for chunk in _chunks(wanted):
                flat = tuple(value for key in chunk for value in key)
                votes.update(dict(conn.exec_driver_sql(bucket_votes(len(chunk), mark), flat).all()))
            best = sorted(votes, key=lambda sid: (-votes[sid], sid))[:limit]
            if not best:
                return []
            urls = dict(_rows_in(conn, "id, canonical_url", "id", best))
        return [(urls[sid], votes[sid]) for sid in best if sid in urls]

    def first_url(self, cluster_id: str) -> str | None:
        """The URL of the first signature added to a cluster."""
        with self._read() as conn:
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
