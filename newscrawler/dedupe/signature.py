"""MinHash signatures of article bodies and their LSH band keys.

A signature is ``num_perm`` MinHash values (datasketch's ``affine32`` scheme,
seed 1: fixed, because stored signatures must stay comparable across runs;
computed here with numpy, value for value as datasketch does, so that a crawl
does not pay datasketch's and SciPy's import time) over
the body's word shingles (:func:`newscrawler.text.fingerprints.shingles`), each
cut to its low 16 bits (b-bit MinHash): two different minima then agree by
chance once in 65,536 comparisons, which raises an estimated similarity by at
most 0.00002, and the signature takes half the disk. The LSH index cuts it into
``bands`` bands of ``rows`` values; each band is hashed to a signed 32-bit
bucket key (per band, an unrelated article shares a bucket by chance with
probability ``N / 2**32`` in an archive of N articles). Band ``EXACT_BAND``
holds the folded content hash instead, so exact duplicates are found by the
same lookup.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from newscrawler.text.fingerprints import fold_text, shingles_of

SEED = 1
SCHEME = "affine32"
EXACT_BAND = -1
DTYPE = np.dtype("<u2")  # stored form: 16 bits per value
BITS_MASK = 0xFFFF
EMPTY = np.uint32(0xFFFFFFFF)  # the value of a permutation that saw no shingle
# The MurmurHash3 32-bit finalizer (datasketch's pre-mix of every shingle hash).
FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))
LSH_WEIGHTS = (0.05, 0.95)
# datasketch's optimal (bands, rows) for (threshold, num_perm) with LSH_WEIGHTS,
# so that a crawl with the shipped settings needs no numerical integration
# (tests/test_dedupe_signature.py checks them against datasketch).
KNOWN_BANDS_ROWS: dict[tuple[float, int], tuple[int, int]] = {(0.3, 256): (85, 3)}

Hashes = npt.NDArray[np.uint32]
Key = tuple[int, int]  # (band, bucket)


def to_bytes(hashes: Hashes) -> bytes:
    """Signature values as little-endian bytes (2 per value)."""
    return hashes.astype(DTYPE).tobytes()


def from_bytes(data: bytes) -> Hashes:
    """The inverse of :func:`to_bytes`."""
    return np.frombuffer(data, dtype=DTYPE).astype(np.uint32)


def similarity(a: Hashes, b: Hashes) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal values.

    >>> similarity(np.array([1, 2, 3, 4], dtype=np.uint32), np.array([1, 2, 0, 0], dtype=np.uint32))
    0.5
    """
    if a.shape != b.shape:
        raise ValueError(f"signatures of different lengths: {a.shape} and {b.shape}")
    return float(np.count_nonzero(a == b)) / len(a)


def signed32(data: bytes) -> int:
    """The first 4 bytes as a signed 32-bit integer (the bucket column's type).

    >>> signed32(bytes([255, 255, 255, 254, 7])), signed32(bytes([0, 0, 1, 0]))
    (-2, 256)
    """
    return int.from_bytes(data[:4], "big", signed=True)


def permutations(num_perm: int) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    """datasketch's ``affine32`` permutations ``(a, b)`` for ``SEED`` (``a`` odd)."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def minhash(
    items: Iterable[str], perms: tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]
) -> Hashes:
    """The b-bit MinHash of a set of strings (SHA-1 hashes, fmix, ``a * h + b`` mod 2**32).

    >>> values = minhash(["ক খ", "খ গ"], permutations(16))
    >>> values.shape, int(values.max()) <= BITS_MASK
    ((16,), True)
    >>> bool((minhash([], permutations(16)) == BITS_MASK).all())
    True
    """
    a, b = perms
    digests = b"".join(hashlib.sha1(item.encode("utf-8")).digest()[:4] for item in items)
    if not digests:
        return np.full(len(a), EMPTY & BITS_MASK, dtype=np.uint32)
    hv = np.frombuffer(digests, dtype="<u4").astype(np.uint32).reshape(-1, 1)
    s1, m1, s2, m2 = FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s1)
    values: Hashes = (hv * a + b).min(axis=0) & np.uint32(BITS_MASK)
    return values


def exact_key(content_hash: str) -> Key:
    """The bucket key of a folded content hash (hex SHA-256)."""
    return EXACT_BAND, signed32(bytes.fromhex(content_hash[:8]))


@dataclass(frozen=True)
class Signer:
    """Makes signatures and band keys for one (num_perm, shingle size, threshold) setting."""

    num_perm: int = 256
    shingle_size: int = 2
    threshold: float = 0.3

    def __post_init__(self) -> None:
        if not 16 <= self.num_perm <= 1024:
            raise ValueError(f"DEDUPE_NUM_PERM must be between 16 and 1024, got {self.num_perm}")
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"DEDUPE_THRESHOLD must be between 0 and 1, got {self.threshold}")

    @cached_property
    def _permutations(self) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
        return permutations(self.num_perm)

    @cached_property
    def bands_rows(self) -> tuple[int, int]:
        """LSH bands and rows, chosen by datasketch to favour recall (weights 0.05/0.95)."""
        known = KNOWN_BANDS_ROWS.get((self.threshold, self.num_perm))
        if known is not None:
            return known
        from datasketch import MinHashLSH  # slow to import (SciPy): only for other settings

        lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm, weights=LSH_WEIGHTS)
        return int(lsh.b), int(lsh.r)

    def sign(self, text: str) -> Hashes:
        """The signature of a body: 16-bit values (all ``2**16 - 1`` for a text without words)."""
        return self.sign_words(fold_text(text).split())

    def sign_words(self, words: list[str]) -> Hashes:
        """:meth:`sign` of a text already folded and split (:func:`fold_text`)."""
        return minhash(shingles_of(words, self.shingle_size), self._permutations)

    def band_keys(self, hashes: Hashes) -> list[Key]:
        """One ``(band, bucket)`` key per LSH band."""
        bands, rows = self.bands_rows
        data = hashes.astype(DTYPE)
        return [
            (
                band,
                signed32(
                    hashlib.blake2b(
                        data[band * rows : (band + 1) * rows].tobytes(), digest_size=4
                    ).digest()
                ),
            )
            for band in range(bands)
        ]
