"""A scheduler with a ``frontier`` enqueues due crawls for ``newscrawler worker`` processes."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import redis

from newscrawler.frontier.commands import crawl_args
from newscrawler.frontier.keys import CRAWLS, Keys
from newscrawler.frontier.registry import pending_crawl
from newscrawler.samplesite.server import serve
from newscrawler.samplesite.site import SampleSite
from newscrawler.schedule.config import Job
from newscrawler.schedule.enqueue import FrontierEnqueuer, job_spec
from newscrawler.text.urls import canonical_url
from storage.db import open_archive
from tests.crawl_support import REPO, archive, child_env, runs, schedule_file

URL = "https://www.example-news.com.bd/"


def test_a_workers_crawl_arguments_are_the_jobs(tmp_path: Path) -> None:
    """The spec rebuilds, in the worker, the crawl the scheduler would have run itself."""
    job = Job(
        site=URL, key="example-news.com.bd", every=timedelta(hours=1), since="2d",
        until="2026-01-01", max_articles=50, refresh=True, settings={"DOWNLOAD_DELAY": "1"},
    )  # fmt: skip
    own = job.crawl_args(tmp_path)
    own = [a for a in own[1:] if a not in ("--resume", "--data-dir", str(tmp_path))]
    assert crawl_args(job_spec(job), tmp_path) == own


def test_a_profile_job_carries_the_profile_text(tmp_path: Path) -> None:
    profile = tmp_path / "site.toml"
    profile.write_text('name = "mysite"\nhome_url = "https://mysite.example/"\n')
    job = Job(site="", key="mysite", every=timedelta(hours=1), profile=str(profile))
    spec = job_spec(job)
    assert spec["starts"] == [] and spec["profile"] == profile.read_text()
    assert spec["site"] == "mysite"
    args = crawl_args(spec, tmp_path)
    assert args[0] == "--profile" and Path(args[1]).read_text() == profile.read_text()


@pytest.mark.redis
def test_enqueue_registers_a_new_crawl_once_per_site(
    redis_prefix: tuple[str, str], tmp_path: Path
) -> None:
    url, prefix = redis_prefix
    db = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    server = redis.Redis.from_url(url)
    job = Job(site=URL, key="example-news.com.bd", every=timedelta(hours=1), max_articles=5)
    enqueuer = FrontierEnqueuer(url, prefix)
    try:
        first = enqueuer.enqueue(job, db)
        assert first is not None
        assert pending_crawl(server, prefix) == (first, job_spec(job))
        # Not seeded yet, then crawling: the site is not enqueued a second time.
        assert enqueuer.enqueue(job, db) is None
        keys = Keys(prefix, first)
        server.set(keys.seeded, "done")
        server.zadd(keys.queue, {b"a request": 0})
        assert enqueuer.enqueue(job, db) is None
        # Its crawl is over (queue empty, nothing leased): the next run is a new crawl.
        server.delete(keys.queue)
        assert pending_crawl(server, prefix) is None
        second = enqueuer.enqueue(job, db)
        assert second not in (None, first)
        with db.read_session() as session:
            from storage.runs import iter_runs

            recorded = [(r.status, r.options, r.pid, r.site) for r in iter_runs(session)]
        assert recorded == [
            ("enqueued", {"frontier_crawl": second}, None, "example-news.com.bd"),
            ("enqueued", {"frontier_crawl": first}, None, "example-news.com.bd"),
        ]
    finally:
        enqueuer.close()
        db.dispose()


def newscrawler(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newscrawler", *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env=child_env(), cwd=REPO
    )


@pytest.mark.slow
@pytest.mark.redis
def test_the_scheduler_enqueues_and_a_worker_crawls_it_into_the_archive(
    redis_prefix: tuple[str, str], tmp_path: Path
) -> None:
    redis_url, prefix = redis_prefix
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with serve(SampleSite(count=12)) as running:
        config = schedule_file(
            tmp_path, running.write_profile(tmp_path), db_url, "1h",
            frontier=redis_url, frontier_prefix=prefix,
        )  # fmt: skip
        scheduled = newscrawler("schedule", "--config", str(config), "--once", timeout=60)
        assert scheduled.returncode == 0, scheduled.stderr[-3000:]
        assert "enqueued on the frontier" in scheduled.stderr
        assert not running.requests  # the scheduler itself fetched nothing
        # A second scheduler while the crawl waits for a worker: not enqueued twice.
        again = newscrawler("schedule", "--config", str(config), "--once", timeout=60)
        assert again.returncode == 0 and "still on the frontier" in again.stderr
        worker = newscrawler(
            "worker", "--frontier", redis_url, "--prefix", prefix, "--db", db_url,
            "--exit-when-idle", "--poll", "0.2",
        )  # fmt: skip
        assert worker.returncode == 0, worker.stderr[-3000:]
        expected = {canonical_url(e["url"]) for e in running.site.expected_articles(running.url)}
    stored = archive(db_url)
    assert len(expected) >= 12 and expected <= set(stored)
    history = runs(db_url)
    assert [r["status"] for r in history] == ["enqueued", "finished"]
    assert {r["site"] for r in history} == {"samplesite"}
    db = open_archive(db_url)
    try:
        from storage.runs import iter_runs

        with db.read_session() as session:
            crawl_ids = {r.options["frontier_crawl"] for r in iter_runs(session)}
    finally:
        db.dispose()
    assert len(crawl_ids) == 1  # the worker crawled the enqueued crawl
    # The crawl is over: no longer registered, and nothing left for a worker.
    server = redis.Redis.from_url(redis_url)
    assert not server.hlen(prefix + CRAWLS)
    assert pending_crawl(server, prefix) is None


@pytest.mark.redis
def test_the_scheduler_records_the_enqueue_releases_the_lock_and_plans_from_it(
    redis_prefix: tuple[str, str], tmp_path: Path
) -> None:
    from newscrawler.schedule.config import config_from_dict
    from newscrawler.schedule.scheduler import Scheduler
    from storage import locks
    from storage.types import utcnow

    url, prefix = redis_prefix
    db = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    data = {
        "scheduler": {"data_dir": str(tmp_path / "state"), "frontier": url},
        "sites": [{"site": URL, "every": "1h"}],
    }
    config = config_from_dict(data)
    key = config.jobs[0].key
    enqueuer = FrontierEnqueuer(url, prefix)
    try:
        first = Scheduler(config, db, enqueuer=enqueuer)
        first.plan(once=False)
        first.launch_due(once=False)
        assert not first.running and locks.holder_of(db, key) is None
        assert first.due[key] - utcnow() > timedelta(minutes=59)
        # A restarted scheduler plans from the recorded enqueue: not due again now.
        second = Scheduler(config, db, enqueuer=enqueuer)
        second.plan(once=False)
        assert second.due[key] - utcnow() > timedelta(minutes=59)
    finally:
        enqueuer.close()
        db.dispose()
    assert [r["status"] for r in runs(str(db.url))] == ["enqueued"]
