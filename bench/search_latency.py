"""Search latency p50/p95 over 50 Bengali queries on a synthetic archive, and recall.

Peers, measured in the same run on the same archive:
- SQLite: the same queries as a bare FTS5 MATCH count on the index (no ranking).
- PostgreSQL: the previous strategy (``ts_rank`` on the document of the best
  2,000 title matches by title rank and of the 200 newest matches), and the
  exact ranking (``ts_rank`` of every match) against which recall@limit of both
  is measured.
Target: p95 under 50 ms.

    URL=postgresql+psycopg://postgres@127.0.0.1/bench
    python bench/synthetic_archive.py --db $URL --articles 200000
    python bench/search_latency.py --db $URL
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args()
    db = open_archive(args.db)
    ours: list[float] = []
    before: list[float] = []
    peer: list[float] = []
    recall_ours: list[float] = []
    recall_before: list[float] = []
    tied_ours: list[float] = []
    with db.read_session() as session:
        count = session.execute(text("SELECT count(*) FROM articles")).scalar()
        search(session, QUERIES[0], ArticleFilter(), args.limit)  # warm the page cache
        for query in QUERIES:
            ms, hits = timed(lambda q=query: search(session, q, ArticleFilter(), args.limit))
            ours.append(ms)
            if db.dialect == "sqlite":
                match = fts5_match(parse_query(query))
                sql = text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :m")
                peer.append(timed(lambda m=match, s=sql: session.execute(s, {"m": m}).scalar())[0])
                continue
            found = [h.url for h in hits]
            ms, old = timed(lambda q=query: previous(session, q, args.limit))
            before.append(ms)
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
