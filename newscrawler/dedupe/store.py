"""Where the near-duplicate index keeps its signatures and buckets.

A store is small on purpose: the index asks it for the URLs in some buckets,
for a few signatures, and for the first article of a cluster, never for the
whole index. :class:`MemoryStore` keeps everything in dictionaries (tests, one-off
runs); :class:`newscrawler.dedupe.sqlstore.SqlStore` keeps it in the archive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Protocol

from newscrawler.dedupe.signature import Hashes, Key

# Most URLs read back per lookup: a bucket shared by thousands of stub pages
# ("details coming") must not make one check read the whole index. Candidates
# are ranked by the number of buckets they share with the new article (a
# near copy shares many, an unrelated article at most one or two), so the cap
# cuts the unlikely ones.
MAX_CANDIDATES = 50


@dataclass(frozen=True)
class Stored:
    """One stored signature."""

    url: str
    cluster_id: str
    hashes: Hashes


def rank(votes: Iterable[tuple[str, int]]) -> list[str]:
    """URLs by falling vote count, then by URL; at most ``MAX_CANDIDATES``.

    >>> rank([("b", 1), ("a", 1), ("c", 4)])
    ['c', 'a', 'b']
    """
    ordered = sorted(votes, key=lambda pair: (-pair[1], pair[0]))
    return [url for url, _ in ordered[:MAX_CANDIDATES]]


class SignatureStore(Protocol):
    """What the index needs from a store. Override these to add a backend."""

    def get(self, url: str) -> Stored | None:
        """The stored signature of ``url``, if any."""

    def lookup(self, keys: Collection[Key]) -> list[str]:
        """URLs in any of the keys, most shared keys first (at most ``MAX_CANDIDATES``)."""

    def signatures(self, urls: Iterable[str]) -> list[Stored]:
        """The stored signatures of ``urls`` (unknown ones are skipped)."""

    def first_url(self, cluster_id: str) -> str | None:
        """The URL of the first article added to a cluster."""

    def add(self, entry: Stored, keys: Collection[Key]) -> None:
        """Store a new signature and its bucket keys."""

    def replace(self, entry: Stored, old_keys: Collection[Key], keys: Collection[Key]) -> None:
        """Replace a stored signature (a revised body) and move its bucket keys."""

    def close(self) -> None:
        """Release resources."""

    def reading(self) -> AbstractContextManager[None]:
        """Override this to run the reads of one check on one connection."""


class MemoryStore:
    """A store in dictionaries; it lives as long as the object."""

    def __init__(self) -> None:
        self._entries: dict[str, Stored] = {}
        self._buckets: dict[Key, list[str]] = {}
        self._first: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, url: str) -> Stored | None:
        return self._entries.get(url)

    def lookup(self, keys: Collection[Key]) -> list[str]:
        votes = Counter(url for key in set(keys) for url in self._buckets.get(key, ()))
        return rank(votes.items())

    def votes(self, keys: Collection[Key]) -> list[tuple[str, int]]:
        """``(url, shared keys)`` of the URLs in any of ``keys``, by falling votes, then arrival."""
        votes = Counter(url for key in set(keys) for url in self._buckets.get(key, ()))
        order = {url: i for i, url in enumerate(self._entries)}
        return sorted(votes.items(), key=lambda pair: (-pair[1], order[pair[0]]))

    def entries(self) -> list[tuple[Stored, list[Key]]]:
        """Every entry with its keys, in order of arrival."""
        keys: dict[str, list[Key]] = {url: [] for url in self._entries}
        for key, urls in self._buckets.items():
            for url in urls:
                keys[url].append(key)
        return [(entry, keys[url]) for url, entry in self._entries.items()]

    def signatures(self, urls: Iterable[str]) -> list[Stored]:
        return [self._entries[u] for u in urls if u in self._entries]

    def first_url(self, cluster_id: str) -> str | None:
        return self._first.get(cluster_id)

    def add(self, entry: Stored, keys: Collection[Key]) -> None:
        self._entries[entry.url] = entry
        self._first.setdefault(entry.cluster_id, entry.url)
        for key in keys:
            self._buckets.setdefault(key, []).append(entry.url)

    def replace(self, entry: Stored, old_keys: Collection[Key], keys: Collection[Key]) -> None:
        for key in old_keys:
            urls = self._buckets.get(key, [])
            if entry.url in urls:
                urls.remove(entry.url)
        self._entries[entry.url] = entry
        for key in keys:
            self._buckets.setdefault(key, []).append(entry.url)

    def close(self) -> None:
        pass

    def reading(self) -> AbstractContextManager[None]:
        return nullcontext()
