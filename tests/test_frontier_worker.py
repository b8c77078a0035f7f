"""``newscrawler worker`` stopped with SIGTERM mid-crawl: it finishes its pages in flight,
hands back what it had taken, and another worker finishes the crawl with nothing lost.

The sample site answers every request after 100-300 ms and notes when each arrived and
when it was answered, so the pages in flight at the moment of the signal are known
server-side.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import redis

from newscrawler.frontier.config import crawl_spec
from newscrawler.frontier.keys import Keys
from newscrawler.frontier.registry import enqueue
from newscrawler.samplesite.server import Handler, RunningSite, serve
from newscrawler.samplesite.site import SampleSite
from newscrawler.text.urls import canonical_url
from tests.crawl_support import COMPONENTS, FAST, REPO, archive, child_env, runs

pytestmark = [pytest.mark.slow, pytest.mark.redis]
CONCURRENCY = 4  # pages a worker has in flight at most


@dataclass
class Fetch:
    path: str
    arrived: float
    answered: float = float("inf")


@dataclass
class Timed:
    """The site, and every request it served with its arrival and answer times."""

    running: RunningSite
    fetches: list[Fetch] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def article_paths(self) -> set[str]:
        return {
            urlsplit(e["url"]).path for e in self.running.site.expected_articles(self.running.url)
        }


@pytest.fixture
def site() -> Iterator[Timed]:
    with serve(SampleSite(count=40)) as running:
        timed = Timed(running)
        handler: Any = running._server.RequestHandlerClass

        def answer(self: Handler, send_body: bool) -> None:
            fetch = Fetch(self.path, time.monotonic())
            with timed.lock:
                timed.fetches.append(fetch)
            time.sleep(random.uniform(0.1, 0.3))
            Handler._answer(self, send_body)
            fetch.answered = time.monotonic()

        handler._answer = answer
        yield timed


def worker(redis_url: str, prefix: str, db_url: str, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "newscrawler", "worker", "--frontier", redis_url,
        "--prefix", prefix, "--db", db_url, "--exit-when-idle", "--poll", "0.2",
    ]  # fmt: skip
    handle = log.open("wb")
    return subprocess.Popen(command, stdout=handle, stderr=handle, env=child_env(), cwd=REPO)


def test_a_worker_stopped_with_sigterm_hands_back_and_another_finishes(
    site: Timed, redis_prefix: tuple[str, str], tmp_path: Path
) -> None:
    redis_url, prefix = redis_prefix
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    server = redis.Redis.from_url(redis_url)
    # A crawl enqueued as newscrawler schedule does; leases far longer than the test, so
    # only a hand-back (not an expiry) can give the second worker the first one's work.
    settings = {k: json.dumps(v) for k, v in COMPONENTS.items()} | FAST
    settings |= {"CONCURRENT_REQUESTS": str(CONCURRENCY), "FRONTIER_LEASE_SECONDS": "300"}
    spec = crawl_spec([], str(site.running.write_profile(tmp_path)), None, None, None, False)
    keys = Keys(prefix, "sigterm")
    enqueue(server, prefix, keys.crawl_id, {**spec, "settings": settings})

    first = worker(redis_url, prefix, db_url, tmp_path / "first.log")
    articles = site.article_paths()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = sum(1 for f in list(site.fetches) if f.path in articles)
        if done >= 12 and server.zcard(keys.leases):
            break
        time.sleep(0.02)
    else:
        pytest.fail("the first worker did not get going: " + (tmp_path / "first.log").read_text())
    signalled = time.monotonic()
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=120) == 0, (tmp_path / "first.log").read_text()[-3000:]
    stopped = time.monotonic()
    # Everything it had taken is finished or back in the queue: no lease is left, and
    # the crawl is not over.
    assert server.zcard(keys.leases) == 0
    assert server.zcard(keys.queue) > 0
    assert server.get(keys.seeded) == b"done"
    by_first = [f for f in site.fetches if f.arrived < stopped]
    in_flight = {f.path for f in by_first if f.arrived < signalled < f.answered}
    # A page sent again after the signal is a retry of one in flight (the sample site's
    # connection-reset page), not newly taken work: pages are counted once.
    taken_after = {f.path for f in by_first if f.arrived >= signalled}

    second = worker(redis_url, prefix, db_url, tmp_path / "second.log")
    assert second.wait(timeout=300) == 0, (tmp_path / "second.log").read_text()[-3000:]

    # Nothing lost: every article of the site is in the archive.
    stored = archive(db_url)
    expected = {
        canonical_url(e["url"]) for e in site.running.site.expected_articles(site.running.url)
    }
    assert expected <= set(stored)
    # Nothing fetched twice but pages in flight at the signal; after it the first worker
    # sent only what it had already taken (at most its concurrency, retries included).
    counts = Counter(f.path for f in site.fetches if f.path in articles)
    assert set(counts) == articles
    twice = {path for path, n in counts.items() if n > 1}
    assert twice <= in_flight, (twice, in_flight)
    assert len(in_flight | taken_after) <= CONCURRENCY, (in_flight, taken_after)
    history = runs(db_url)
    assert [r["status"] for r in history] == ["killed", "finished"]
    assert (history[0]["stats"] or {}).get("frontier/seeder") is True
