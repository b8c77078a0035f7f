"""MinHash signatures of article bodies and their LSH band keys.

A signature is ``num_perm`` MinHash values (datasketch, ``affine32`` scheme,
seed 1: fixed, because stored signatures must stay comparable across runs) over
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
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

from newscrawler.text.fingerprints import shingles

SEED = 1
SCHEME = "affine32"
EXACT_BAND = -1
DTYPE = np.dtype("<u2")  # stored form: 16 bits per value
BITS_MASK = 0xFFFF

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
    def _permutations(self) -> object:
        return MinHash(num_perm=self.num_perm, seed=SEED, scheme=SCHEME).permutations

    @cached_property
    def bands_rows(self) -> tuple[int, int]:
        """LSH bands and rows, chosen by datasketch to favour recall (weights 0.05/0.95)."""
        lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm, weights=(0.05, 0.95))
        return int(lsh.b), int(lsh.r)

    def sign(self, text: str) -> Hashes:
        """The signature of a body: 16-bit values (all ``2**16 - 1`` for a text without words)."""
        minhash = MinHash(
            num_perm=self.num_perm, seed=SEED, scheme=SCHEME, permutations=self._permutations
        )
        minhash.update_batch([s.encode("utf-8") for s in sorted(shingles(text, self.shingle_size))])
        return (np.asarray(minhash.hashvalues, dtype=np.uint64) & BITS_MASK).astype(np.uint32)

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
