"""Near-duplicate detection across articles: MinHash signatures, LSH buckets, clusters.

``DuplicateIndex(store).check(canonical_url, body)`` returns a :class:`Verdict`.
Stores: :class:`MemoryStore` here, :class:`~newscrawler.dedupe.sqlstore.SqlStore`
in the archive (imported from its module, so that this package does not need
SQLAlchemy).
"""

from __future__ import annotations

from newscrawler.dedupe.index import DISTINCT, EXACT, NEAR, RECRAWL, DuplicateIndex, Verdict
from newscrawler.dedupe.signature import Signer
from newscrawler.dedupe.store import MemoryStore, SignatureStore, Stored

__all__ = [
    "DISTINCT",
    "EXACT",
    "NEAR",
    "RECRAWL",
    "DuplicateIndex",
    "MemoryStore",
    "SignatureStore",
    "Signer",
    "Stored",
    "Verdict",
]
