"""The numpy MinHash gives datasketch's values, so stored signatures stay comparable."""

from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from newscrawler.dedupe.signature import (
    BITS_MASK,
    KNOWN_BANDS_ROWS,
    LSH_WEIGHTS,
    SCHEME,
    SEED,
    Signer,
)
from newscrawler.text.fingerprints import shingles

WORDS = ["ঢাকা", "বৃষ্টি", "হবে", "আজ", "নির্বাচন", "সরকার", "বলেন", "তিনি", "এক", "দুই", "তিন"]


def datasketch_signature(text: str, num_perm: int, size: int) -> np.ndarray:
    minhash = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in sorted(shingles(text, size))])
    return (np.asarray(minhash.hashvalues, dtype=np.uint64) & BITS_MASK).astype(np.uint32)


@pytest.mark.parametrize(("num_perm", "size"), [(16, 1), (128, 2), (256, 2), (256, 3)])
def test_signature_equals_datasketch(num_perm: int, size: int) -> None:
    rng = random.Random(num_perm * 10 + size)
    signer = Signer(num_perm=num_perm, shingle_size=size)
    for _ in range(40):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 80)))
        assert (signer.sign(text) == datasketch_signature(text, num_perm, size)).all(), text


def test_known_bands_rows_are_datasketchs() -> None:
    for (threshold, num_perm), expected in KNOWN_BANDS_ROWS.items():
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
        assert (lsh.b, lsh.r) == expected


def test_other_settings_ask_datasketch() -> None:
    lsh = MinHashLSH(threshold=0.5, num_perm=128, weights=LSH_WEIGHTS)
    assert Signer(num_perm=128, threshold=0.5).bands_rows == (lsh.b, lsh.r)
