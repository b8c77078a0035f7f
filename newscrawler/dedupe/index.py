"""The near-duplicate index: is this body new, an exact copy, or a near copy?

:meth:`DuplicateIndex.check` signs a body, looks up the stored articles that
share an LSH bucket (or the exact content hash) with it, and compares
signatures. The closest stored article at or above the threshold puts the new
article in its cluster; the verdict names the cluster's *first* article as the
one it duplicates. Nothing is dropped: the caller stores every article, marked.

The same URL seen again is a re-crawl, not a duplicate: it keeps its cluster
and, if its body changed, its stored signature is replaced.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from newscrawler.dedupe.signature import Hashes, Signer, exact_key, similarity
from newscrawler.dedupe.store import SignatureStore, Stored
from newscrawler.text.fingerprints import fold_text, folded_hash

DISTINCT, EXACT, NEAR, RECRAWL = "distinct", "exact", "near", "recrawl"


@dataclass(frozen=True)
class Verdict:
    """What the index decided about one article."""

    kind: str  # DISTINCT, EXACT, NEAR or RECRAWL
    cluster_id: str
    content_hash: str
    duplicate_of: str | None = None
    similarity: float | None = None


def new_cluster_id(url: str) -> str:
    """A cluster id for a cluster whose first article is ``url`` (16 hex digits).

    >>> cid = new_cluster_id("https://a.com/1")
    >>> len(cid), cid == new_cluster_id("https://a.com/1"), cid == new_cluster_id("https://a.com/2")
    (16, True, False)
    """
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


class DuplicateIndex:
    """MinHash + LSH over a :class:`~newscrawler.dedupe.store.SignatureStore`."""

    def __init__(self, store: SignatureStore, signer: Signer | None = None) -> None:
        self.store = store
        self.signer = signer or Signer()

    def check(self, url: str, body: str) -> Verdict:
        """Classify the article at canonical ``url`` and add it to the index."""
        return self.check_folded(url, fold_text(body))

    def check_folded(self, url: str, folded: str) -> Verdict:
        """:meth:`check` of a body already folded by :func:`fold_text`."""
        digest = folded_hash(folded)
        hashes = self.signer.sign_words(folded.split())
        keys = [exact_key(digest), *self.signer.band_keys(hashes)]
        with self.store.reading():  # the writes below see no open read
            stored = self.store.get(url)
            verdict = None if stored is not None else self._match(url, hashes, keys, digest)
        if stored is not None:
            return self._recrawl(stored, hashes, keys, digest)
        assert verdict is not None
        self.store.add(Stored(url, verdict.cluster_id, hashes), keys)
        return verdict

    def _match(self, url: str, hashes: Hashes, keys: list[tuple[int, int]], digest: str) -> Verdict:
        exact = set(self.store.lookup(keys[:1]))
        found = (exact | set(self.store.lookup(keys[1:]))) - {url}
        best: tuple[bool, float, str] | None = None
        best_entry: Stored | None = None
        for entry in self.store.signatures(found):
            if entry.hashes.shape != hashes.shape:
                continue  # signed with another DEDUPE_NUM_PERM
            value = similarity(hashes, entry.hashes)
            # The exact band may still hold the hash of a body since revised.
            score = (entry.url in exact and value == 1.0, value, entry.url)
            # Highest (exact, similarity); the smallest URL breaks ties.
            if (
                best is None
                or score[:2] > best[:2]
                or (score[:2] == best[:2] and score[2] < best[2])
            ):
                best, best_entry = score, entry
        if best is None or best_entry is None or not (best[0] or best[1] >= self.signer.threshold):
            return Verdict(DISTINCT, new_cluster_id(url), digest)
        first = self.store.first_url(best_entry.cluster_id) or best_entry.url
        kind, value = (EXACT, 1.0) if best[0] else (NEAR, round(best[1], 4))
        return Verdict(kind, best_entry.cluster_id, digest, first, value)

    def _recrawl(
        self, stored: Stored, hashes: Hashes, keys: list[tuple[int, int]], digest: str
    ) -> Verdict:
        if stored.hashes.shape != hashes.shape or similarity(stored.hashes, hashes) < 1.0:
            old_keys = (
                self.signer.band_keys(stored.hashes) if stored.hashes.shape == hashes.shape else []
            )
            # The old exact key is unknown (only the signature is stored): it may
            # linger, which can only add a candidate that the comparison rejects.
            self.store.replace(Stored(stored.url, stored.cluster_id, hashes), old_keys, keys)
        first = self.store.first_url(stored.cluster_id)
        duplicate_of = first if first not in (None, stored.url) else None
        score = None
        if duplicate_of is not None:
            heads = self.store.signatures([duplicate_of])
            score = round(similarity(hashes, heads[0].hashes), 4) if heads else None
        return Verdict(RECRAWL, stored.cluster_id, digest, duplicate_of, score)
