"""The near-duplicate index on its three stores: memory, SQLite and PostgreSQL."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from newscrawler.dedupe import (
    DISTINCT,
    EXACT,
    NEAR,
    RECRAWL,
    DuplicateIndex,
    MemoryStore,
    SignatureStore,
    Signer,
)
from newscrawler.dedupe.signature import exact_key, from_bytes, similarity, to_bytes


def _load_corpus_module() -> ModuleType:
    """``bench/dedupe_corpus.py`` by path: putting ``bench/`` on sys.path would shadow packages."""
    path = Path(__file__).resolve().parents[1] / "bench" / "dedupe_corpus.py"
    spec = importlib.util.spec_from_file_location("dedupe_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("dedupe_corpus", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()
make_article, make_copy, make_event = corpus.make_article, corpus.make_copy, corpus.make_event

P = [
    "ঢাকায় আজ সকাল থেকে টানা বৃষ্টি হচ্ছে বলে জানিয়েছে আবহাওয়া অফিস। নগরের নিচু এলাকা প্লাবিত।",
    "রাস্তায় জলাবদ্ধতায় যান চলাচল ব্যাহত হয়েছে। অফিসগামী মানুষ দুর্ভোগে পড়েছেন।",
    "আবহাওয়াবিদ বলেন, আগামী দুই দিন বৃষ্টি চলতে পারে। উপকূলে তিন নম্বর সংকেত দেখানো হয়েছে।",
    "সিটি করপোরেশন জানিয়েছে, পানি সরাতে কাজ চলছে এবং বিকেলের মধ্যে পরিস্থিতির উন্নতি হবে।",
]
BODY = "\n\n".join(P)
NEAR_BODY = "\n\n".join([*P[:3], P[3].replace("বিকেলের", "সন্ধ্যার"), "সূত্র: বাসস"])
OTHER = "\n\n".join(
    [
        "জাতীয় ক্রিকেট দল আজ সিরিজের শেষ ম্যাচে সাত উইকেটে জিতেছে।",
        "অধিনায়ক বলেন, দলের তরুণ খেলোয়াড়েরা দারুণ খেলেছেন এবং সামনে আরও ভালো করবেন।",
    ]
)


@pytest.fixture(params=["memory", "sqlite", "sqlite-batched", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SignatureStore]:
    if request.param == "memory":
        yield MemoryStore()
        return
    from newscrawler.dedupe.sqlstore import SqlStore
    from storage.db import open_archive

    url = (
        f"sqlite:///{tmp_path}/a.sqlite"
        if request.param.startswith("sqlite")
        else request.getfixturevalue("pg_url")
    )
    # batched: signatures wait in memory (3 at a time), and must be found there too
    sql = SqlStore(open_archive(url), flush_size=3 if request.param == "sqlite-batched" else 1)
    yield sql
    sql.close()


def test_distinct_exact_near_and_recrawl(store: SignatureStore) -> None:
    index = DuplicateIndex(store)
    first = index.check("https://a.com/1", BODY)
    assert first.kind == DISTINCT and first.duplicate_of is None and first.similarity is None
    exact = index.check("https://b.com/9", BODY.replace("।", " । ").replace("য়", "য\u09bc"))
    assert (exact.kind, exact.duplicate_of, exact.similarity) == (EXACT, "https://a.com/1", 1.0)
    near = index.check("https://c.com/x", NEAR_BODY)
    assert near.kind == NEAR and near.duplicate_of == "https://a.com/1"
    assert near.similarity is not None and 0.3 <= near.similarity < 1.0
    assert exact.cluster_id == near.cluster_id == first.cluster_id
    other = index.check("https://a.com/2", OTHER)
    assert other.kind == DISTINCT and other.cluster_id != first.cluster_id
    # The same URL again is a re-crawl, never a duplicate of itself.
    again = index.check("https://a.com/1", BODY + "\n\nসংশোধনী: একটি তথ্য ঠিক করা হয়েছে।")
    assert (again.kind, again.cluster_id, again.duplicate_of) == (RECRAWL, first.cluster_id, None)
    copy_again = index.check("https://c.com/x", NEAR_BODY)
    assert copy_again.kind == RECRAWL and copy_again.duplicate_of == "https://a.com/1"


def test_hard_negatives_are_told_apart(store: SignatureStore) -> None:
    import random

    rng = random.Random(3)
    index = DuplicateIndex(store)
    for n in range(15):
        event = make_event(rng)
        original = make_article(rng, event, f"https://a.com/{n}", "a.com", n)
        negative = make_article(rng, event, f"https://b.com/{n}", "b.com", n)  # same names, numbers
        copy = make_copy(rng, original, event, f"https://c.com/{n}", "c.com")
        assert index.check(original.url, original.body).kind == DISTINCT
        assert index.check(negative.url, negative.body).kind == DISTINCT
        verdict = index.check(copy.url, copy.body)
        assert verdict.kind in (NEAR, EXACT) and verdict.duplicate_of == original.url


def test_sql_index_persists_across_runs(tmp_path: Path) -> None:
    from newscrawler.dedupe.sqlstore import SqlStore
    from storage.db import open_archive

    url = f"sqlite:///{tmp_path}/p.sqlite"
    first = SqlStore(open_archive(url))
    DuplicateIndex(first).check("https://a.com/1", BODY)
    first.close()
    second = SqlStore(open_archive(url))
    verdict = DuplicateIndex(second).check("https://z.com/1", NEAR_BODY)
    second.close()
    assert verdict.kind == NEAR and verdict.duplicate_of == "https://a.com/1"


def test_signatures_of_another_num_perm_are_ignored() -> None:
    store = MemoryStore()
    DuplicateIndex(store, Signer(num_perm=64)).check("https://a.com/1", BODY)
    verdict = DuplicateIndex(store, Signer(num_perm=256)).check("https://b.com/1", NEAR_BODY)
    assert verdict.kind == DISTINCT


def test_order_of_arrival_decides_the_cluster_head() -> None:
    for order in ([("u1", BODY), ("u2", NEAR_BODY)], [("u2", NEAR_BODY), ("u1", BODY)]):
        index = DuplicateIndex(MemoryStore())
        verdicts = [index.check(url, body) for url, body in order]
        assert verdicts[1].duplicate_of == order[0][0]


def test_signature_helpers() -> None:
    signer = Signer()
    hashes = signer.sign(BODY)
    assert hashes.dtype == np.uint32 and len(hashes) == signer.num_perm == 256
    assert np.array_equal(from_bytes(to_bytes(hashes)), hashes)
    assert similarity(hashes, signer.sign(BODY)) == 1.0
    bands, rows = signer.bands_rows
    assert bands * rows <= 256 and len(signer.band_keys(hashes)) == bands
    assert exact_key("00" * 32) == (-1, 0)
    assert all(-(2**63) <= k < 2**63 for _, k in signer.band_keys(hashes))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"num_perm": 8}, "DEDUPE_NUM_PERM"), ({"threshold": 1.5}, "DEDUPE_THRESHOLD")],
)
def test_bad_settings_raise(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Signer(**kwargs)  # type: ignore[arg-type]


def test_sql_store_tolerates_a_concurrent_insert(tmp_path: Path) -> None:
    from newscrawler.dedupe.sqlstore import SqlStore
    from storage.db import open_archive

    store = SqlStore(open_archive(f"sqlite:///{tmp_path}/c.sqlite"))
    index = DuplicateIndex(store)
    index.check("https://a.com/1", BODY)
    entry = store.get("https://a.com/1")
    assert entry is not None
    store.add(entry, [(0, 1)])  # the same URL written again by "another crawl": no error
    assert len(store.signatures(["https://a.com/1"])) == 1
    store.close()


def test_copy_of_a_revised_article_is_near_not_exact(store: SignatureStore) -> None:
    index = DuplicateIndex(store)
    index.check("https://a.com/1", BODY)
    index.check("https://a.com/1", NEAR_BODY)  # revised in place
    verdict = index.check("https://b.com/1", BODY)  # a copy of the old text
    assert verdict.kind == NEAR and verdict.duplicate_of == "https://a.com/1"
