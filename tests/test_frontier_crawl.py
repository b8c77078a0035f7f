"""End to end: worker processes share one crawl through Redis into one PostgreSQL archive.

Two sample sites (127.0.0.2 and 127.0.0.3 are different sites to Scrapy) are crawled
once by a single process without the frontier (the reference), then by three
``newscrawler crawl --frontier`` processes; the servers log every request with its time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from newscrawler.samplesite.server import RunningSite, serve
from newscrawler.samplesite.site import SampleSite
from storage.db import open_archive
from storage.models import CrawlRun
from tests.conftest import fresh_pg_database
from tests.crawl_support import REPO, archive, child_env, runs, settings_args

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]
HOSTS = ("127.0.0.2", "127.0.0.3")
STORIES = 24
# The per-site limits one process would use: the frontier must hold N workers to them.
POLITE = {"DOWNLOAD_DELAY": "0.05", "CONCURRENT_REQUESTS_PER_DOMAIN": "2"}


@dataclass
class Sites:
    running: list[RunningSite]
    times: dict[str, list[tuple[float, str]]] = field(default_factory=dict)

    @property
    def urls(self) -> list[str]:
        return [r.url for r in self.running]

    def reset(self) -> None:
        for r in self.running:
            r.clear_requests()
            self.times[r.url] = []

    def article_fetches(self) -> Counter[str]:
        """GETs of each expected article page, server-side, over both sites."""
        count: Counter[str] = Counter()
        for r in self.running:
            paths = {urlsplit(e["url"]).path for e in r.site.expected_articles(r.url)}
            host = urlsplit(r.url).netloc
            for method, path, _ in r.requests:
                if method == "GET" and path in paths:
                    count[host + path] += 1
        return count


@pytest.fixture(scope="module")
def sites() -> Iterator[Sites]:
    with (
        serve(SampleSite(count=STORIES), host=HOSTS[0]) as a,
        serve(SampleSite(count=STORIES), host=HOSTS[1]) as b,
    ):
        found = Sites([a, b])
        for r in found.running:
            found.times[r.url] = []
            original = r.log

            def timed(
                method: str, path: str, status: int, r: RunningSite = r, log=original
            ) -> None:  # type: ignore[no-untyped-def]
                found.times[r.url].append((time.monotonic(), path))
                log(method, path, status)

            r.log = timed  # type: ignore[method-assign]
        yield found


def run_crawl_ids(db_url: str) -> list[object]:
    """The frontier crawl id recorded in each crawl run's options."""
    db = open_archive(db_url)
    try:
        with db.read_session() as session:
            options = session.scalars(select(CrawlRun.options)).all()
            return [o.get("frontier_crawl") for o in options]
    finally:
        db.dispose()


def crawl_command(urls: list[str], db_url: str, *args: str, extra: dict[str, str]) -> list[str]:
    return [
        sys.executable, "-m", "newscrawler", "crawl", *urls, "--db", db_url, *args,
        *settings_args(extra),
    ]  # fmt: skip


def start(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(command, stdout=handle, stderr=handle, env=child_env(), cwd=REPO)


@pytest.fixture(scope="module")
def reference(
    sites: Sites, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, object]]:
    """The archive and article fetch counts of a single-process crawl without the frontier."""
    folder = tmp_path_factory.mktemp("single")
    sites.reset()
    with fresh_pg_database() as db_url:
        command = crawl_command(sites.urls, db_url, "--data-dir", str(folder), extra=POLITE)
        result = subprocess.run(
            command, capture_output=True, timeout=300, env=child_env(), cwd=REPO
        )
        assert result.returncode == 0, result.stderr[-3000:]
        yield {"archive": archive(db_url), "fetches": sites.article_fetches()}


def frontier_crawl(
    sites: Sites, redis_prefix: tuple[str, str], db_url: str, folder: Path, kill_one: bool
) -> list[int]:
    redis_url, prefix = redis_prefix
    extra = POLITE | {"FRONTIER_KEY_PREFIX": prefix, "FRONTIER_LEASE_SECONDS": "10"}
    command = crawl_command(sites.urls, db_url, "--frontier", redis_url, extra=extra)
    workers = [start(command, folder / f"worker{n}.log") for n in range(3)]
    if kill_one:
        # SIGKILL a worker once it has fetched pages and holds leases.
        deadline = time.monotonic() + 120
        while sum(len(t) for t in sites.times.values()) < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(workers[1].pid, signal.SIGKILL)
        # ... and a long-running worker takes its place: it joins the crawl in progress.
        joiner = [sys.executable, "-m", "newscrawler", "worker", "--frontier", redis_url]
        joiner += ["--prefix", prefix, "--db", db_url, "--exit-when-idle", "--poll", "0.5"]
        joiner += settings_args(extra)
        workers.append(start(joiner, folder / "worker3.log"))
    codes = [w.wait(timeout=300) for w in workers]
    for n, code in enumerate(codes):
        if code not in (0, -signal.SIGKILL):
            pytest.fail((folder / f"worker{n}.log").read_text()[-3000:])
    return codes


def test_three_workers_fetch_each_article_once_politely_into_the_same_archive(
    sites: Sites, reference: dict[str, object], redis_prefix: tuple[str, str], tmp_path: Path
) -> None:
    sites.reset()
    with fresh_pg_database() as db_url:
        assert frontier_crawl(sites, redis_prefix, db_url, tmp_path, kill_one=False) == [0, 0, 0]
        stored = archive(db_url)
        rows = runs(db_url)
        crawl_ids = run_crawl_ids(db_url)
    assert stored == reference["archive"]
    fetches = sites.article_fetches()
    assert fetches and set(fetches.values()) == {1}, fetches.most_common(3)
    assert fetches == reference["fetches"]
    # one run row per worker, grouped by one crawl id
    assert len(rows) == 3 and len(set(crawl_ids)) == 1 and crawl_ids[0]
    # robots.txt once per site for the whole crawl
    for r in sites.running:
        assert sum(1 for _, path in sites.times[r.url] if path == "/robots.txt") == 1
    # Per site, never more requests in flight at once than one process would allow, and
    # starts no closer than the delay on average over any 20 consecutive requests.
    delay = float(POLITE["DOWNLOAD_DELAY"])
    for r in sites.running:
        starts = sorted(t for t, _ in sites.times[r.url])
        gaps = [b - a for a, b in zip(starts, starts[20:], strict=False)]
        assert min(gaps) >= 20 * delay * 0.9, min(gaps)


def test_a_killed_worker_loses_nothing(
    sites: Sites, reference: dict[str, object], redis_prefix: tuple[str, str], tmp_path: Path
) -> None:
    sites.reset()
    with fresh_pg_database() as db_url:
        codes = frontier_crawl(sites, redis_prefix, db_url, tmp_path, kill_one=True)
        stored = archive(db_url)
    assert codes[1] == -signal.SIGKILL and codes[0] == codes[2] == codes[3] == 0
    assert "joining crawl" in (tmp_path / "worker3.log").read_text()
    assert stored == reference["archive"]


def test_a_single_process_crawl_is_the_reference(reference: dict[str, object]) -> None:
    stored = reference["archive"]
    assert isinstance(stored, dict) and len(stored) >= 2 * STORIES * 0.9


def test_a_crawl_whose_seeder_died_is_seeded_by_a_worker_inside_it(
    sites: Sites, reference: dict[str, object], redis_prefix: tuple[str, str], tmp_path: Path
) -> None:
    import redis

    from newscrawler.frontier.keys import Keys

    redis_url, prefix = redis_prefix
    # A seeder killed while seeding: its flag is there and lives out its lease (long
    # enough for the process below to start up and join rather than seed).
    redis.Redis.from_url(redis_url).set(Keys(prefix, "orphan").seeded, "seeding", ex=10)
    sites.reset()
    extra = POLITE | {"FRONTIER_KEY_PREFIX": prefix, "FRONTIER_CRAWL_ID": "orphan"}
    with fresh_pg_database() as db_url:
        command = crawl_command(sites.urls, db_url, "--frontier", redis_url, extra=extra)
        log = tmp_path / "worker.log"
        assert start(command, log).wait(timeout=300) == 0, log.read_text()[-3000:]
        stored = archive(db_url)
    text = log.read_text()
    assert "joining crawl orphan" in text and "lost its seeder: seeding it here" in text
    assert stored == reference["archive"]
