"""Search latency p50/p95 over 50 Bengali queries on a synthetic archive, and recall.

Peers, measured in the same run on the same archive:
- SQLite: the same queries as a bare FTS5 MATCH count on the index (no ranking).
- PostgreSQL: the previous strategy (``ts_rank`` on the document of the best
  2,000 title matches by title rank and of the 200 newest matches), and the
  exact ranking (``ts_rank`` of every match) against which recall@limit of both
  is measured (and, for ours, recall counting hits tied with its last score).
  CPU time per search of both is printed too (this process's and, when the
  server runs on this machine, its process's): it moves less with other load.
Target: p95 under 50 ms.

    URL=postgresql+psycopg://postgres@127.0.0.1/bench
    python bench/synthetic_archive.py --db $URL --articles 200000
    python bench/search_latency.py --db $URL [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Run from the repository root, not bench/ (bench/*.py must not shadow packages).
sys.path[0] = str(Path(__file__).resolve().parents[1])

from sqlalchemy import text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.synthetic_archive import NEWS_WORDS  # noqa: E402
from storage.db import open_archive  # noqa: E402
from storage.ranking import SearchHit  # noqa: E402
from storage.repository import ArticleFilter, search  # noqa: E402
from storage.search import fts5_match, parse_query, pg_tsquery  # noqa: E402

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
# The strategy before this change: the document's ts_rank of the best 2,000 title matches
# (by the title's ts_rank) and of the newest 200 matches.
PG_BEFORE = text(
    "SELECT c.id, ts_rank(f.document, CAST(:q AS tsquery)) AS score FROM ("
    " (SELECT article_id AS id FROM articles_fts WHERE document @@ CAST(:q AS tsquery)"
    " AND article_id NOT IN (SELECT id FROM articles WHERE duplicate_of_id IS NOT NULL)"
    " ORDER BY article_id + 0 DESC LIMIT 200) UNION"
    " (SELECT article_id FROM articles_fts WHERE title_document @@ CAST(:q AS tsquery)"
    " AND article_id NOT IN (SELECT id FROM articles WHERE duplicate_of_id IS NOT NULL)"
    " ORDER BY ts_rank(title_document, CAST(:q AS tsquery)) DESC, article_id + 0 DESC"
    " LIMIT 2000)) AS c"
    " JOIN articles_fts AS f ON f.article_id = c.id ORDER BY score DESC, c.id LIMIT :limit"
)


def cpu_clock(session: Session) -> Callable[[], float]:
    """Seconds of CPU used by this process and by the PostgreSQL process serving ``session``.

    The server's share is read from ``/proc`` when it runs on this machine (else
    left out), in ticks of 10 ms: sum it over many searches. Unlike wall time,
    it hardly moves with the load of other work on a shared machine.
    """
    stat = None
    if session.get_bind().dialect.name == "postgresql":
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
        proc = Path(f"/proc/{pid}")
        if proc.exists() and "postgres" in (proc / "cmdline").read_text(errors="replace"):
            stat = proc / "stat"
    tick = os.sysconf("SC_CLK_TCK")

    def clock() -> float:
        if stat is None:
            return time.process_time()
        fields = stat.read_text().rsplit(")", 1)[1].split()  # utime and stime: fields 14, 15
        return time.process_time() + (int(fields[11]) + int(fields[12])) / tick

    return clock


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def recall(found: list[str], exact: list[str]) -> float:
    return len(set(found) & set(exact)) / len(exact) if exact else 1.0


def tied_recall(found: list[SearchHit], exact: list[SearchHit]) -> float:
    """Recall counting a hit scored as the exact ranking's last as found.

    The exact ranking breaks ties by id, so which of many equal scores make its
    last places says nothing about ranking; PostgreSQL's scores are ``ts_rank``
    on the whole document for every strategy, so they compare.
    """
    if not exact:
        return 1.0
    return sum(1 for hit in found if hit.score >= exact[-1].score) / len(exact)


def report(name: str, values: list[float]) -> None:
    print(f"{name}: p50 {percentile(values, 50):.1f} ms, p95 {percentile(values, 95):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--no-exact", action="store_true", help="skip the exact ranking")
    parser.add_argument("--rounds", type=int, default=1, help="time each query's median of N")
    args = parser.parse_args()
    db = open_archive(args.db)
    ours: list[float] = []
    before: list[float] = []
    peer: list[float] = []
    recall_ours: list[float] = []
    recall_before: list[float] = []
    tied_ours: list[float] = []
    cpu = {"now": 0.0, "before": 0.0}
    with db.read_session() as session:
        count = session.execute(text("SELECT count(*) FROM articles")).scalar()
        clock = cpu_clock(session)
        search(session, QUERIES[0], ArticleFilter(), args.limit)  # warm the page cache
        for query in QUERIES:
            times = []
            for _ in range(args.rounds):
                started = clock()
                ms, hits = timed(lambda q=query: search(session, q, ArticleFilter(), args.limit))
                cpu["now"] += clock() - started
                times.append(ms)
            ours.append(statistics.median(times))
            if db.dialect == "sqlite":
                match = fts5_match(parse_query(query))
                sql = text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :m")
                peer.append(timed(lambda m=match, s=sql: session.execute(s, {"m": m}).scalar())[0])
                continue
            found = [h.url for h in hits]
            times = []
            for _ in range(args.rounds):
                started = clock()
                ms, old = timed(lambda q=query: previous(session, q, args.limit))
                cpu["before"] += clock() - started
                times.append(ms)
            before.append(statistics.median(times))
            if not args.no_exact:
                exact_hits = search(session, query, ArticleFilter(), args.limit, None)
                exact = [h.url for h in exact_hits]
                recall_ours.append(recall(found, exact))
                recall_before.append(recall(old, exact))
                tied_ours.append(tied_recall(hits, exact_hits))
    print(f"{len(QUERIES)} queries, limit {args.limit}, {db.dialect}, {count:,} articles")
    report("search", ours)
    one_word = len(NEWS_WORDS[:40])
    report(f"  the {one_word} one-word queries", ours[:one_word])
    report(f"  the {len(QUERIES) - one_word} two-word queries", ours[one_word:])
    if peer:
        report("bare FTS5 count", peer)
        print(f"ratio p95 search/bare: {percentile(ours, 95) / percentile(peer, 95):.2f}")
    if before:
        report("before (best 2,000 title matches + newest 200 ranked)", before)
        print(f"speed-up p95 before/now: {percentile(before, 95) / percentile(ours, 95):.1f}x")
        searches = len(QUERIES) * args.rounds
        now_ms, before_ms = (cpu[k] * 1000 / searches for k in ("now", "before"))
        print(
            f"CPU per search (this process + the server's): now {now_ms:.1f} ms, "
            f"before {before_ms:.1f} ms ({before_ms / now_ms:.1f}x)"
        )
    if recall_ours:
        print(
            f"recall@{args.limit} against the exact ranking: "
            f"now {statistics.mean(recall_ours):.3f}, before {statistics.mean(recall_before):.3f}"
        )
        for name, part in (("one-word", slice(0, one_word)), ("two-word", slice(one_word, None))):
            print(
                f"  {name} queries: now {statistics.mean(recall_ours[part]):.3f}, "
                f"before {statistics.mean(recall_before[part]):.3f}; counting ties "
                f"now {statistics.mean(tied_ours[part]):.3f}"
            )
    print(f"target p95 < 50 ms: {'met' if percentile(ours, 95) < 50 else 'NOT met'}")


def previous(session: Session, query: str, limit: int) -> list[str]:
    """The previous PostgreSQL strategy's result URLs (the snippets' cost left out of both)."""
    session.execute(text("SET LOCAL enable_seqscan = off"))  # as the strategy did
    rows = session.execute(PG_BEFORE, {"q": pg_tsquery(parse_query(query)), "limit": limit}).all()
    ids = [r.id for r in rows]
    urls = dict(
        session.execute(
            text("SELECT id, canonical_url FROM articles WHERE id = ANY(:ids)"), {"ids": ids}
        ).all()
    )
    return [urls[i] for i in ids]


if __name__ == "__main__":
    main()
