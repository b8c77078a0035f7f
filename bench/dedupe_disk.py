"""Disk cost of the near-duplicate index per article (SQL store on SQLite).

Usage: ``python bench/dedupe_disk.py [--size 10000] [--batch 20]``

A fresh SQLite archive gets the signatures and LSH buckets of ``--size``
synthetic Bengali articles (``bench/dedupe_corpus.py``), ``--batch`` at a
time, so that bucket rows land at random places in the index as they do when
a crawl adds articles one by one (a single sorted bulk load packs pages
tighter than a crawl ever does). Printed: the bytes per article of each
dedupe table and index (SQLite's ``dbstat``), the file's growth per article,
and, as the peer, the same figures for the earlier layout (URL-keyed buckets)
built in the same run from the same signatures.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedupe_corpus import make_article, make_event

from newscrawler.dedupe import Signer, Stored
from newscrawler.dedupe.index import new_cluster_id
from newscrawler.dedupe.signature import Key, exact_key
from newscrawler.dedupe.sqlstore import SqlStore
from newscrawler.text.fingerprints import content_hash
from storage.db import open_archive

# The earlier layout (before the integer surrogate key), rebuilt for comparison.
URL_KEYED = """
CREATE TABLE old_buckets (band INTEGER NOT NULL, bucket BIGINT NOT NULL,
    canonical_url VARCHAR(2048) NOT NULL, PRIMARY KEY (band, bucket, canonical_url));
CREATE TABLE old_signatures (canonical_url VARCHAR(2048) NOT NULL PRIMARY KEY,
    cluster_id VARCHAR(64) NOT NULL, minhash BLOB NOT NULL, created_at DATETIME NOT NULL);
CREATE INDEX ix_old_signatures_cluster_id ON old_signatures (cluster_id);
"""


def entries(size: int, seed: int) -> list[tuple[Stored, list[Key]]]:
    rng = random.Random(seed)
    signer = Signer()
    result = []
    for n in range(size):
        article = make_article(rng, make_event(rng), f"https://bg{n % 20}.example/n/{n}", "bg", n)
        hashes = signer.sign(article.body)
        keys = [exact_key(content_hash(article.body)), *signer.band_keys(hashes)]
        result.append((Stored(article.url, new_cluster_id(article.url), hashes), keys))
    return result


def old_key(band: int, bucket: int) -> int:
    """A 64-bit bucket key as the earlier layout stored it (same spread of values)."""
    digest = hashlib.blake2b(f"{band}:{bucket}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def fill_old(path: Path, data: list[tuple[Stored, list[Key]]], batch: int) -> None:
    rng = random.Random(0)
    with sqlite3.connect(path) as conn:
        conn.executescript(URL_KEYED)
        for start in range(0, len(data), batch):
            part = data[start : start + batch]
            conn.executemany(
                "INSERT INTO old_signatures VALUES (?, ?, ?, '2026-11-28 01:00:00.000000')",
                # 32-bit values, as before: the same length of random bytes.
                [(e.url, e.cluster_id, rng.randbytes(4 * len(e.hashes))) for e, _ in part],
            )
            conn.executemany(
                "INSERT INTO old_buckets VALUES (?, ?, ?)",
                sorted((b, old_key(b, k), e.url) for e, keys in part for b, k in set(keys)),
            )
            conn.commit()


def file_bytes(path: Path) -> int:
    """The database file and its write-ahead log, if any."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def table_bytes(path: Path, prefix: str) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE ? OR name LIKE ? GROUP BY name",
            (f"%{prefix}%", f"sqlite_autoindex_{prefix}%"),
        ).fetchall()
    return {name: int(size) for name, size in rows}


def report(title: str, sizes: dict[str, int], count: int) -> int:
    total = sum(sizes.values())
    print(f"{title}: {total / count:,.0f} bytes per article")
    for name, size in sorted(sizes.items()):
        print(f"  {name:<40} {size / count:8,.0f}")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    data = entries(args.size, args.seed)
    print(f"signed {args.size} articles in {time.perf_counter() - started:.0f} s", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        new = Path(folder) / "new.sqlite"
        store = SqlStore(open_archive(f"sqlite:///{new}"))
        empty = file_bytes(new)
        for start in range(0, len(data), args.batch):
            store.add_many(data[start : start + args.batch])
        store.close()
        growth = file_bytes(new) - empty
        old = Path(folder) / "old.sqlite"
        fill_old(old, data, args.batch)
        now = report("this layout", table_bytes(new, "dedupe_"), args.size)
        print(f"  file growth per article (after checkpoint): {growth / args.size:,.0f}")
        before = report("earlier layout (URL-keyed)", table_bytes(old, "old_"), args.size)
    print(f"earlier / this: {before / now:.2f}x smaller")


if __name__ == "__main__":
    main()
