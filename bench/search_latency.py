"""Search latency p50/p95 over 50 Bengali queries on a synthetic archive.

Peer, measured in the same run: the same queries as a bare FTS5 MATCH count on
the index (no ranking, snippets or joins). Target: p95 under 50 ms on SQLite.

    python bench/search_latency.py --db sqlite:////tmp/bench.sqlite
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

# Run from the repository root, not bench/ (bench/*.py must not shadow packages).
sys.path[0] = str(Path(__file__).resolve().parents[1])

from sqlalchemy import text  # noqa: E402

from bench.synthetic_archive import NEWS_WORDS  # noqa: E402
from storage.db import open_archive  # noqa: E402
from storage.repository import ArticleFilter, search  # noqa: E402
from storage.search import fts5_match, parse_query  # noqa: E402

# 40 single stems (inflected forms must match) and 10 two-word queries / phrases.
QUERIES = [
    *NEWS_WORDS[:40],
    "ঢাকা বন্যা",
    '"পদ্মা সেতু"',
    "সরকার বাজেট",
    "চাল দাম",
    "পুলিশ আদালত",
    "ডেঙ্গু হাসপাতাল",
    "ক্রিকেট সাকিব",
    "রোহিঙ্গা মিয়ানমার",
    "বিদ্যুৎ গ্যাস",
    "জলবায়ু নদী",
]


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--limit", type=int, default=20)
    args = parser.parse_args()
    db = open_archive(args.db)
    ours, peer = [], []
    with db.read_session() as session:
        search(session, QUERIES[0], ArticleFilter(), args.limit)  # warm the page cache
        for query in QUERIES:
            started = time.perf_counter()
            search(session, query, ArticleFilter(), args.limit)
            ours.append((time.perf_counter() - started) * 1000)
            if db.dialect == "sqlite":
                match = fts5_match(parse_query(query))
                started = time.perf_counter()
                session.execute(
                    text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :m"),
                    {"m": match},
                ).scalar()
                peer.append((time.perf_counter() - started) * 1000)
    print(f"{len(QUERIES)} queries, limit {args.limit}, {db.dialect}")
    print(f"search: p50 {percentile(ours, 50):.1f} ms, p95 {percentile(ours, 95):.1f} ms")
    if peer:
        print(
            f"bare FTS5 count: p50 {percentile(peer, 50):.1f} ms, p95 {percentile(peer, 95):.1f} ms"
        )
        print(f"ratio p95 search/bare: {percentile(ours, 95) / percentile(peer, 95):.2f}")
    print(f"target p95 < 50 ms: {'met' if percentile(ours, 95) < 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
