"""Cost of checking new articles as the archive grows (SQL store on SQLite).

Usage: ``python bench/dedupe_scaling.py [--sizes 10000 200000] [--new 1000]``

For each size N, a fresh SQLite archive is filled with the signatures and LSH
buckets of N synthetic Bengali articles (``bench/dedupe_corpus.py``: 10 topics
sharing vocabulary, names and stock phrases, so unrelated articles do share
some buckets). Then ``--new`` articles are checked one by one through
:class:`DuplicateIndex` exactly as the pipeline does (sign, look up buckets,
compare, write): half are edited copies of stored articles, half are new.
The sizes are measured in interleaved rounds, so that load from other
processes falls on each alike. Printed: ms per new article at each size and
the ratio of the largest size to the smallest (target: at most 1.5).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedupe_corpus import Synthetic, make_article, make_copy, make_event

from newscrawler.dedupe import NEAR, DuplicateIndex, Signer, Stored
from newscrawler.dedupe.index import new_cluster_id
from newscrawler.dedupe.signature import exact_key
from newscrawler.dedupe.sqlstore import SqlStore
from newscrawler.text.fingerprints import content_hash
from storage.db import open_archive

TARGET_RATIO = 1.5
BATCH = 5000
FILL_CACHE_MB = 1024


def fill(store: SqlStore, signer: Signer, size: int, rng: random.Random) -> list[Synthetic]:
    """Store ``size`` background articles; return a sample to copy from later."""
    sample: list[Synthetic] = []
    batch: list[tuple[Stored, list[tuple[int, int]]]] = []
    for n in range(size):
        event = make_event(rng)
        article = make_article(rng, event, f"https://bg{n % 20}.example/n/{n}", "bg", n)
        if len(sample) < 2000:
            sample.append(article)
        hashes = signer.sign(article.body)
        keys = [exact_key(content_hash(article.body)), *signer.band_keys(hashes)]
        batch.append((Stored(article.url, new_cluster_id(article.url), hashes), keys))
        if len(batch) == BATCH:
            store.add_many(batch)
            batch = []
    if batch:
        store.add_many(batch)
    return sample


def new_articles(count: int, sample: list[Synthetic], rng: random.Random) -> list[Synthetic]:
    articles = []
    for n in range(count):
        event = make_event(rng)
        if n % 2:
            articles.append(
                make_copy(rng, rng.choice(sample), event, f"https://new.example/c/{n}", "new")
            )
        else:
            articles.append(make_article(rng, event, f"https://new.example/n/{n}", "new", -n))
    return articles


def prepare(size: int, count: int, folder: str) -> tuple[DuplicateIndex, list[Synthetic]]:
    rng = random.Random(size)
    signer = Signer()
    url = f"sqlite:///{folder}/scale-{size}.sqlite"
    filler = SqlStore(open_archive(url), cache_mb=FILL_CACHE_MB)  # setup, not measured
    started = time.perf_counter()
    sample = fill(filler, signer, size, rng)
    filler.close()
    print(f"  filled {size} signatures in {time.perf_counter() - started:.0f} s", flush=True)
    store = SqlStore(open_archive(url))  # as the pipeline opens it
    index = DuplicateIndex(store, signer)
    index.check("https://warm.example/", sample[0].body + " উষ্ণ")  # warm the caches
    return index, new_articles(count, sample, rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 200_000])
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        prepared = {}
        for size in args.sizes:
            print(f"archive of {size} articles:", flush=True)
            prepared[size] = prepare(size, args.new, folder)
        # Interleaved rounds: load from other processes on the machine hits every size alike.
        elapsed = dict.fromkeys(args.sizes, 0.0)
        near = dict.fromkeys(args.sizes, 0)
        step = -(-args.new // args.rounds)
        for start in range(0, args.new, step):
            for size, (index, articles) in prepared.items():
                began = time.perf_counter()
                near[size] += sum(
                    index.check(a.url, a.body).kind == NEAR for a in articles[start : start + step]
                )
                elapsed[size] += time.perf_counter() - began
        for index, _ in prepared.values():
            index.store.close()
    for size in args.sizes:
        print(
            f"archive of {size}: {1000 * elapsed[size] / args.new:.2f} ms per new article "
            f"({near[size]} of {args.new} near duplicates; {args.new // 2} are edited copies)"
        )
    small, large = min(args.sizes), max(args.sizes)
    ratio = elapsed[large] / elapsed[small]
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"ratio {large} / {small}: {ratio:.2f} (target <= {TARGET_RATIO}: {verdict})")


if __name__ == "__main__":
    main()
