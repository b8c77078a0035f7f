"""Insert throughput of the storage pipeline into SQLite, batched.

Peer, measured in the same run: the same articles inserted by plain
``sqlite3.executemany`` into a bare table (no upsert logic, no full-text index).
Target: at least 2,000 articles per second through the pipeline.

    python bench/insert_throughput.py --articles 20000
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Run from the repository root, not bench/ (bench/*.py must not shadow packages).
sys.path[0] = str(Path(__file__).resolve().parents[1])

from scrapy import Spider  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

from bench.synthetic_archive import Writer  # noqa: E402
from newscrawler.pipelines.storage import StoragePipeline  # noqa: E402
from newscrawler.settings import STORAGE_BATCH_SIZE  # noqa: E402


def through_pipeline(items: list[dict[str, Any]], url: str, batch: int) -> tuple[float, float]:
    """Wall and CPU seconds to store ``items`` through the pipeline."""
    crawler = get_crawler(Spider, {"STORAGE_DB_URL": url, "STORAGE_BATCH_SIZE": batch})
    crawler.spider = Spider(name="bench")
    pipeline = StoragePipeline.from_crawler(crawler)
    pipeline.open_spider()
    started, cpu = time.perf_counter(), time.process_time()
    for item in items:
        pipeline.process_item(item)
    pipeline.close_spider()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert crawler.stats is not None
    assert crawler.stats.get_value("storage/inserted") == len(items)
    return elapsed, cpu


def plain_sqlite(items: list[dict[str, Any]], path: Path, batch: int) -> tuple[float, float]:
    """Wall and CPU seconds to insert ``items`` into a bare table."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    columns = ["url", "canonical_url", "site", "title", "body", "authors", "published_at"]
    conn.execute(f"CREATE TABLE articles (id INTEGER PRIMARY KEY, {', '.join(columns)})")
    sql = f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(items), batch):
        rows = [
            (
                i["url"],
                i["canonical_url"],
                i["site"],
                i["title"],
                i["body"],
                json.dumps(i["authors"]),
                i["published_at"].isoformat(),
            )
            for i in items[start : start + batch]
        ]
        with conn:
            conn.executemany(sql, rows)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument(
        "--batch", type=int, default=STORAGE_BATCH_SIZE, help="items per transaction (setting)"
    )
    args = parser.parse_args()
    items = list(Writer(seed=7).articles(args.articles))
    with tempfile.TemporaryDirectory() as tmp:
        ours, ours_cpu = through_pipeline(items, f"sqlite:///{tmp}/pipeline.sqlite", args.batch)
        peer, peer_cpu = plain_sqlite(items, Path(tmp) / "plain.sqlite", args.batch)
    n = args.articles
    print(
        f"storage pipeline: {n / ours:,.0f} articles/s, {n / ours_cpu:,.0f} per CPU second "
        f"({n} articles, batches of {args.batch})"
    )
    print(f"plain sqlite3 executemany: {n / peer:,.0f} articles/s, {n / peer_cpu:,.0f} per CPU s")
    print(f"speed ratio (pipeline/plain): {peer / ours:.2f}; CPU: {peer_cpu / ours_cpu:.2f}")
    print(f"target >= 2,000/s: {'met' if n / ours >= 2000 else 'NOT met'}")


if __name__ == "__main__":
    main()
