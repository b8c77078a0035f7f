"""What flushing every 2 s costs in insert throughput (issue 11, item 6).

A crawl's items arrive at some rate R; with ``STORAGE_FLUSH_INTERVAL`` = 2 s a
batch holds about 2R items instead of ``STORAGE_BATCH_SIZE`` (500). This
stores the same synthetic articles through the storage pipeline in batches of
500 (the peer: count-only flushing, measured in the same run) and in the
batches a 2 s flush gives at several arrival rates, and prints the throughput
of each and its ratio to the peer. A crawl fetches a few to a few dozen
articles per second, far below either figure: the cost is paid in spare time.

    python bench/flush_interval.py --articles 5000
"""

from __future__ import annotations

import argparse
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

RATES = (1, 5, 25, 100)  # articles arriving per second
INTERVAL = 2.0


def store(items: list[dict[str, Any]], url: str, batch: int) -> float:
    """Seconds to store ``items`` through the pipeline in batches of ``batch``."""
    settings = {"STORAGE_DB_URL": url, "STORAGE_BATCH_SIZE": batch, "STORAGE_FLUSH_INTERVAL": 0}
    crawler = get_crawler(Spider, settings)
    crawler.spider = Spider(name="bench")
    pipeline = StoragePipeline.from_crawler(crawler)
    pipeline.open_spider()
    started = time.perf_counter()
    for item in items:
        pipeline.process_item(item)
    pipeline.close_spider()
    elapsed = time.perf_counter() - started
    assert crawler.stats is not None
    assert crawler.stats.get_value("storage/inserted") == len(items)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5_000)
    args = parser.parse_args()
    n = args.articles
    items = list(Writer(seed=11).articles(n))
    with tempfile.TemporaryDirectory() as tmp:
        peer = store([dict(i) for i in items], f"sqlite:///{tmp}/peer.sqlite", 500)
        print(f"count-only flush, batches of 500 (peer): {n / peer:,.0f} articles/s")
        for rate in RATES:
            batch = max(1, int(rate * INTERVAL))
            ours = store([dict(i) for i in items], f"sqlite:///{tmp}/r{rate}.sqlite", batch)
            print(
                f"2 s flush at {rate:>3} articles/s (batches of {batch:>3}): "
                f"{n / ours:,.0f} articles/s, throughput ratio to peer {peer / ours:.2f}; "
                f"write time {ours / n * rate * 100:.2f}% of the crawl's time"
            )


if __name__ == "__main__":
    main()
