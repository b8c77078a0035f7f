"""The near-duplicate index in the archive (:mod:`storage.dedupe` holds its SQL).

Memory stays bounded whatever the archive's size: a check reads only the rows
of its own buckets and the signatures of the best candidates found there.

Disk stays small: a bucket row is ``(band, bucket, signature_id)``, three
small integers (the URL is stored once, in ``dedupe_signatures``), kept on
SQLite in a table without rowid, so each row is stored once, in its primary
key. Candidates that share as many buckets are ranked by arrival (signature id).

New signatures can be written in batches (``flush_size``, the pipeline's
``DEDUPE_FLUSH_SIZE``): until a batch is written, the store answers from it
too, so a crawl sees its own articles at once; another crawl sees them when
the batch is written (one transaction per batch instead of one per article).

The parameters that shape bucket keys are stored with the index
(``dedupe_params``): :meth:`SqlStore.check_params` refuses an index built with
other ones (:class:`IndexMismatch`), which ``newscrawler dedupe reindex`` fixes.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from functools import partial
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from newscrawler.dedupe.signature import Key, Signer, from_bytes, to_bytes
from newscrawler.dedupe.store import MAX_CANDIDATES, MemoryStore, Stored
from storage.db import Database
from storage.dedupe import BUCKETS, SIGNATURES, DedupeTables, IndexParams

logger = logging.getLogger(__name__)

__all__ = ["BUCKETS", "SIGNATURES", "IndexMismatch", "SqlStore", "params_of"]

DEFAULT_CACHE_MB = 64


class IndexMismatch(ValueError):
    """The archive's index was built with other parameters than the crawl's settings."""


def params_of(signer: Signer) -> IndexParams:
    bands, rows = signer.bands_rows
    return IndexParams(signer.num_perm, signer.shingle_size, bands, rows, signer.threshold)


def _set_cache(dbapi_conn: Any, _record: Any, kib: int) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    cursor.close()


class SqlStore:
    """A :class:`~newscrawler.dedupe.store.SignatureStore` in an open archive."""

    def __init__(self, db: Database, cache_mb: int = DEFAULT_CACHE_MB, flush_size: int = 1) -> None:
        self.db = db
        self.tables = DedupeTables(db)
        self.flush_size = max(1, flush_size)
        self.pending = MemoryStore()  # signatures added since the last write, in order
        if db.dialect == "sqlite" and cache_mb > 0:
            # A bounded page cache per connection keeps the upper levels of the
            # bucket index in memory when the archive is larger than RAM allows.
            event.listen(db.engine, "connect", partial(_set_cache, kib=cache_mb * 1024))
            db.engine.dispose()  # connections opened before the listener lack it

    def check_params(self, signer: Signer) -> None:
        """Record the signer's parameters with a new index; refuse an index built otherwise."""
        wanted = params_of(signer)
        stored = self.tables.params()
        if stored is None:
            # A new index, or one from before parameters were recorded (built with the defaults).
            self.tables.save_params(wanted)
        elif stored.layout() != wanted.layout():
            raise IndexMismatch(
                f"the archive's duplicate index was built with {stored.describe()}, "
                f"these settings need {wanted.describe()}: run 'newscrawler dedupe reindex' "
                "with the new settings, or crawl with the old ones"
            )
        elif stored.threshold != wanted.threshold:
            self.tables.save_params(wanted)

    def get(self, url: str) -> Stored | None:
        found = self.signatures([url])
        return found[0] if found else None

    def lookup(self, keys: Collection[Key]) -> list[str]:
        stored = self.tables.lookup(keys, MAX_CANDIDATES)
        if not len(self.pending):
            return [url for url, _ in stored]
        # Written signatures come before pending ones (arrival order) on equal votes.
        pending = self.pending.votes(keys)
        ranked = sorted(
            [(-votes, 0, i, url) for i, (url, votes) in enumerate(stored)]
            + [(-votes, 1, i, url) for i, (url, votes) in enumerate(pending)]
        )
        return [url for *_, url in ranked[:MAX_CANDIDATES]]

    def signatures(self, urls: Iterable[str]) -> list[Stored]:
        wanted = set(urls)
        found = self.pending.signatures(wanted)
        rest = wanted - {entry.url for entry in found}
        rows = self.tables.signatures(rest) if rest else []
        return found + [Stored(url, cluster, from_bytes(data)) for url, cluster, data in rows]

    def first_url(self, cluster_id: str) -> str | None:
        return self.tables.first_url(cluster_id) or self.pending.first_url(cluster_id)

    def add(self, entry: Stored, keys: Collection[Key]) -> None:
        self.pending.add(entry, keys)
        if len(self.pending) >= self.flush_size:
            self.flush()

    def flush(self) -> None:
        """Write the pending signatures (one transaction; one by one if a URL was taken).

        When the write fails otherwise, they stay pending (the next flush writes them).
        """
        entries = self.pending.entries()
        if not entries:
            return
        try:
            self.add_many(entries)
        except IntegrityError:
            for entry in entries:
                try:
                    self.add_many([entry])
                except IntegrityError:
                    # Another crawl stored the same URL between our check and this write.
                    logger.debug("signature of %s was stored concurrently", entry[0].url)
        self.pending = MemoryStore()

    def unsaved(self) -> int:
        """How many signatures are not written yet."""
        return len(self.pending)

    def add_many(self, entries: Sequence[tuple[Stored, Collection[Key]]]) -> None:
        """Store many new signatures in one transaction (bulk loads)."""
        self.tables.add_many(
            [((e.url, e.cluster_id, to_bytes(e.hashes)), keys) for e, keys in entries]
        )

    def replace(self, entry: Stored, old_keys: Collection[Key], keys: Collection[Key]) -> None:
        if self.pending.get(entry.url) is not None:
            self.pending.replace(entry, old_keys, keys)
        elif not self.tables.replace(entry.url, to_bytes(entry.hashes), old_keys, keys):
            logger.debug("no stored signature of %s to replace", entry.url)

    def reading(self) -> AbstractContextManager[None]:
        """The reads inside share one connection (one checkout and transaction, not four)."""
        return self.tables.reading()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.db.dispose()
