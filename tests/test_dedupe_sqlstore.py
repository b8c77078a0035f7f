"""The SQL store of the near-duplicate index: its compact rows on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select, text

from newscrawler.dedupe import DuplicateIndex, Signer, Stored
from newscrawler.dedupe.signature import exact_key
from newscrawler.dedupe.sqlstore import BUCKETS, SIGNATURES, SqlStore
from newscrawler.dedupe.store import MAX_CANDIDATES
from newscrawler.text.fingerprints import content_hash
from storage.db import open_archive

BODY = "\n\n".join(
    [
        "ঢাকায় আজ সকাল থেকে টানা বৃষ্টি হচ্ছে বলে জানিয়েছে আবহাওয়া অফিস। নগরের নিচু এলাকা প্লাবিত।",
        "রাস্তায় জলাবদ্ধতায় যান চলাচল ব্যাহত হয়েছে। অফিসগামী মানুষ দুর্ভোগে পড়েছেন।",
        "আবহাওয়াবিদ বলেন, আগামী দুই দিন বৃষ্টি চলতে পারে। উপকূলে তিন নম্বর সংকেত দেখানো হয়েছে।",
    ]
)
REVISED = BODY + "\n\nসংশোধনী: সিটি করপোরেশন জানিয়েছে, পানি সরাতে কাজ চলছে।"


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    url = (
        f"sqlite:///{tmp_path}/a.sqlite"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    sql = SqlStore(open_archive(url))
    yield sql
    sql.close()


def bucket_rows(store: SqlStore) -> set[tuple[int, int, int]]:
    with store.db.read_session() as session:
        rows = session.execute(select(BUCKETS.c.band, BUCKETS.c.bucket, BUCKETS.c.signature_id))
        return {(band, bucket, sid) for band, bucket, sid in rows}


def keys_of(signer: Signer, body: str) -> set[tuple[int, int]]:
    return {exact_key(content_hash(body)), *signer.band_keys(signer.sign(body))}


def test_bucket_rows_are_integers_keyed_by_signature_id(store: SqlStore) -> None:
    signer = Signer()
    DuplicateIndex(store, signer).check("https://a.com/1", BODY)
    with store.db.read_session() as session:
        sid, data = session.execute(select(SIGNATURES.c.id, SIGNATURES.c.minhash)).one()
    assert len(data) == 2 * signer.num_perm  # 16 bits per value
    rows = bucket_rows(store)
    assert rows == {(band, bucket, sid) for band, bucket in keys_of(signer, BODY)}
    assert all(-(2**31) <= bucket < 2**31 for _, bucket, _ in rows)


def test_recrawl_moves_the_bucket_rows(store: SqlStore) -> None:
    signer = Signer()
    index = DuplicateIndex(store, signer)
    index.check("https://a.com/1", BODY)
    index.check("https://a.com/1", REVISED)
    assert len({sid for _, _, sid in bucket_rows(store)}) == 1
    minhash_keys = signer.band_keys(signer.sign(REVISED))
    # The old exact key may linger (only the signature is stored); no old band key does.
    assert {(b, k) for b, k, _ in bucket_rows(store) if b >= 0} == set(minhash_keys)
    stored = store.get("https://a.com/1")
    assert stored is not None and np.array_equal(stored.hashes, signer.sign(REVISED))


def test_lookup_ranks_by_shared_keys_then_arrival(store: SqlStore) -> None:
    zeros = np.zeros(256, dtype=np.uint32)
    entries = [
        (Stored(f"https://x.com/{n:03}", f"c{n}", zeros), [(0, n), (1, 7)])
        for n in reversed(range(MAX_CANDIDATES + 10))  # arrival order is not URL order
    ]
    entries.insert(0, (Stored("https://z.com/best", "cz", zeros), [(0, 5), (1, 7), (2, 9)]))
    store.add_many(entries)
    found = store.lookup([(0, 5), (1, 7), (2, 9)])
    assert len(found) == MAX_CANDIDATES
    # 3 shared keys, then 2, then 1 each: the earliest to arrive first.
    assert found[:3] == ["https://z.com/best", "https://x.com/005", "https://x.com/059"]
    assert store.lookup([(3, 3)]) == []


def test_sqlite_bucket_table_has_no_rowid(tmp_path: Path) -> None:
    store = SqlStore(open_archive(f"sqlite:///{tmp_path}/r.sqlite"))
    with store.db.read_session() as session:
        ddl = session.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'dedupe_buckets'")
        ).scalar_one()
        autoindexes = session.execute(
            select(func.count())
            .select_from(text("sqlite_master"))
            .where(text("name LIKE 'sqlite_autoindex_dedupe_buckets%'"))
        ).scalar_one()
    store.close()
    assert "WITHOUT ROWID" in ddl.upper() and autoindexes == 0


@pytest.mark.parametrize("body", [BODY, REVISED, "", "এক", "a b c d e f g"])
def test_signature_values_fit_in_16_bits(body: str) -> None:
    hashes = Signer().sign(body)
    assert hashes.dtype == np.uint32 and int(hashes.max()) < 2**16


def test_batched_signatures_are_written_on_flush_and_close(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/b.sqlite"
    store = SqlStore(open_archive(url), flush_size=3)
    signer = Signer()
    index = DuplicateIndex(store, signer)
    bodies = [f"প্রতিবেদন {n}: ঢাকায় আজ নতুন সেতু খুলেছে, বলেন মন্ত্রী {n}।" for n in range(4)]
    for n, body in enumerate(bodies):
        index.check(f"https://a.com/{n}", body)
    assert len(store.pending) == 1  # three written, the fourth waits
    assert store.get("https://a.com/3") is not None  # and is found all the same
    store.close()
    reopened = SqlStore(open_archive(url))
    assert [s.url for s in reopened.signatures([f"https://a.com/{n}" for n in range(4)])] == [
        f"https://a.com/{n}" for n in range(4)
    ]
    reopened.close()
