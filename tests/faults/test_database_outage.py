"""A private PostgreSQL stopped in the middle of a crawl: the crawl pauses, loses nothing.

Before: every queued request failed (pages/failed/OperationalError), most articles were
never fetched, and the run row stayed "running".
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newscrawler.samplesite.server import serve
from tests.crawl_support import runs
from tests.faults.conftest import sample_site
from tests.faults.support import (
    Archive,
    PrivatePostgres,
    article_count,
    by_path,
    crawl_args,
    last_line,
    run_crawl,
    start_crawl,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.faults]
# Slow enough to stop the database half-way; small batches so some are stored by then.
SLOW = {
    "CONCURRENT_REQUESTS": "2",
    "DOWNLOAD_DELAY": "0.15",
    "STORAGE_BATCH_SIZE": "2",
    "STORAGE_OUTAGE_MAX_DELAY": "1",
}


def test_an_outage_pauses_the_crawl_and_loses_nothing(
    postgres: PrivatePostgres, tmp_path: Path, clean: Archive
) -> None:
    db_url = postgres.database("outage")
    with serve(sample_site()) as running:
        command = crawl_args(running.write_profile(tmp_path), db_url, tmp_path / "d",
                             settings=SLOW)  # fmt: skip
        proc = start_crawl(command)
        try:
            wait_for(db_url, 4, proc)
            postgres.stop()
            time.sleep(5)  # the crawl meets the outage and pauses
            assert proc.poll() is None, "the crawl gave up during a short outage"
            postgres.start()
            _out, err = proc.communicate(timeout=180)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, err[-2000:]
    assert last_line(err).startswith("newscrawler crawl: finished")
    assert by_path(db_url) == clean and article_count(db_url) == len(clean)
    (run,) = runs(db_url)
    assert run["status"] == "finished"  # the run row is closed
    assert run["stats"]["storage/outages"] >= 1
    assert not run["stats"].get("dedupe/errors")  # no item went on unmarked
    assert not any(k.startswith("pages/failed/OperationalError") for k in run["stats"])


def test_a_long_outage_stops_cleanly_then_replay_and_resume_lose_nothing(
    postgres: PrivatePostgres, tmp_path: Path, clean: Archive
) -> None:
    db_url = postgres.database("long_outage")
    data = tmp_path / "d"
    with serve(sample_site()) as running:
        profile = running.write_profile(tmp_path)
        command = crawl_args(profile, db_url, data, settings={**SLOW, "STORAGE_OUTAGE_LIMIT": "3"})
        proc = start_crawl(command)
        try:
            wait_for(db_url, 4, proc)
            postgres.stop()
            _out, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
            postgres.start()
        assert proc.returncode == 3, err[-2000:]
        assert "the database was unreachable" in last_line(err)
        dead = data / "deadletter.jsonl"
        if dead.exists() and dead.read_text().strip():
            replay = run_crawl(
                [*command[:3], "deadletter", "replay", str(dead), "--db", db_url], timeout=120
            )
            assert replay.returncode == 0, replay.stderr[-2000:]
        resumed = run_crawl(crawl_args(profile, db_url, data, "--resume"))
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert by_path(db_url) == clean  # 0 lost, 0 changed
    assert article_count(db_url) == len(clean)  # 0 doubled
