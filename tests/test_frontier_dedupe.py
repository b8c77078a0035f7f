"""Two workers storing near-duplicates at the same moment still make one cluster."""

from __future__ import annotations

import random
import threading

import pytest

from newscrawler.frontier.dedupe import FrontierDedupePipeline
from storage.db import open_archive
from tests.scrapy_support import get_crawler

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
LETTERS = "অআইউএওকখগঘচছজঝটঠডঢতথদধনপফবভমযরলশসহ"


def body(rng: random.Random, words: int = 240) -> list[str]:
    return ["".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 6))) for _ in range(words)]


def test_concurrent_near_duplicates_share_one_cluster(
    pg_url: str, redis_prefix: tuple[str, str]
) -> None:
    redis_url, prefix = redis_prefix
    open_archive(pg_url).dispose()  # the archive's tables
    settings = {
        "STORAGE_DB_URL": pg_url,
        "FRONTIER_URL": redis_url,
        "FRONTIER_KEY_PREFIX": prefix,
        "FRONTIER_CRAWL_ID": "dedupe",
    }
    workers = 2
    pipelines = [
        FrontierDedupePipeline.from_crawler(get_crawler(settings_dict=settings))
        for _ in range(workers)
    ]
    for pipeline in pipelines:
        pipeline.open_spider()
    rng = random.Random(7)
    stories = [body(rng) for _ in range(6)]
    results: dict[tuple[int, int], str] = {}
    barrier = threading.Barrier(workers)

    def run(worker: int) -> None:
        for n, words in enumerate(stories):
            variant = list(words)
            variant[worker * 7 % len(variant)] = "ভিন্ন"  # a near-duplicate per worker
            item = {"url": f"https://site{worker}.example/story/{n}", "body": " ".join(variant)}
            barrier.wait()
            results[(worker, n)] = pipelines[worker].process_item(item)["cluster_id"]

    threads = [threading.Thread(target=run, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for pipeline in pipelines:
        pipeline.close_spider()
    for n in range(len(stories)):
        clusters = {results[(w, n)] for w in range(workers)}
        assert len(clusters) == 1, (n, clusters)
    assert len({results[(0, n)] for n in range(len(stories))}) == len(stories)
