"""Full disks, SIGKILL at random points, two crawls started at once.

Before: a full job-directory disk looped for ever; a dead-letter file on a full
disk lost its items silently; a crawl killed before 500 articles had stored
nothing; two crawls 0.5 s apart both ran on one job directory.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest

from newscrawler.samplesite.server import serve
from tests.faults.conftest import sample_site
from tests.faults.support import (
    Archive,
    PrivatePostgres,
    article_count,
    by_path,
    crawl_args,
    fill,
    last_line,
    run_crawl,
    start_crawl,
    stored,
    tiny_tmpfs,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.faults]
SLOW = {"CONCURRENT_REQUESTS": "2", "DOWNLOAD_DELAY": "0.08"}


def test_sigkill_at_random_points_then_resume_loses_nothing(tmp_path: Path, clean: Archive) -> None:
    """With the default batch of 500, items are flushed every 2 s: a kill costs seconds."""
    chance = random.Random()
    db_url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    with serve(sample_site()) as running:
        profile = running.write_profile(tmp_path)
        kills = []
        for _ in range(2):  # two kills at random points, then a crawl to the end
            proc = start_crawl(crawl_args(profile, db_url, tmp_path / "d", "--resume",
                                          settings=SLOW))  # fmt: skip
            wait_for(db_url, stored(db_url) + 1, proc)  # only the 2 s flush stores anything
            time.sleep(chance.uniform(0, 1.5))
            kills.append(stored(db_url))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        result = run_crawl(crawl_args(profile, db_url, tmp_path / "d", "--resume"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert kills[0] > 0  # before: 0 stored by a killed crawl of under 500 articles
    assert by_path(db_url) == clean and article_count(db_url) == len(clean)


def test_two_crawls_started_at_once_never_share_a_job_directory(
    tmp_path: Path, clean: Archive
) -> None:
    """Before: two crawls 0.5 s apart both ran on one job directory (the marker came late)."""
    db_url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    with serve(sample_site()) as running:
        command = crawl_args(running.write_profile(tmp_path), db_url, tmp_path / "d")
        first = start_crawl(command)
        time.sleep(0.5)
        second = start_crawl(command)
        outcomes = [(p.wait(timeout=180), p.communicate()[1]) for p in (first, second)]
    codes = sorted(code for code, _err in outcomes)
    assert codes == [0, 5], [err[-1500:] for _code, err in outcomes]
    refused = next(err for code, err in outcomes if code == 5)
    assert "already running" in last_line(refused)
    assert by_path(db_url) == clean and article_count(db_url) == len(clean)


def test_a_full_job_directory_disk_stops_the_crawl_in_one_line(
    tmp_path: Path, clean: Archive
) -> None:
    """Before: Scrapy's disk queue failed on every pop and the crawl looped for 10 minutes."""
    db_url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    with tiny_tmpfs("2m") as disk, serve(sample_site()) as running:
        profile = running.write_profile(tmp_path)
        (disk / "d").mkdir()
        fill(disk)
        started = time.monotonic()
        stopped = run_crawl(crawl_args(profile, db_url, disk / "d", settings=SLOW), timeout=90)
        assert time.monotonic() - started < 60
        assert stopped.returncode != 0
        assert "cannot be written (No space left on device): stopping" in stopped.stderr
        assert "disk_full" in last_line(stopped.stderr)
        (disk / "filler").unlink()  # space again: --resume finishes the crawl
        result = run_crawl(crawl_args(profile, db_url, disk / "d", "--resume"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert by_path(db_url) == clean and article_count(db_url) == len(clean)


def test_a_dead_letter_file_on_a_full_disk_stops_at_once_saying_what_is_lost(
    postgres: PrivatePostgres, tmp_path: Path
) -> None:
    """Items in memory, the database down beyond the limit, no room for dead letters.

    Before: the dead-letter file was written with 0 bytes and its items lost silently.
    After: the crawl stops at once, exit 3, and says how many items were in memory.
    """
    db_url = postgres.database("deadletter_full")
    with tiny_tmpfs("1m") as disk, serve(sample_site()) as running:
        fill(disk)
        settings = {**SLOW, "STORAGE_BATCH_SIZE": "500", "STORAGE_FLUSH_INTERVAL": "600",
                    "STORAGE_OUTAGE_LIMIT": "2",
                    "STORAGE_DEADLETTER_PATH": str(disk / "deadletter.jsonl")}  # fmt: skip
        command = crawl_args(running.write_profile(tmp_path), db_url, tmp_path / "d",
                             settings=settings)  # fmt: skip
        proc = start_crawl(command)
        try:
            deadline = time.monotonic() + 90
            while sum(1 for _m, p, s in running.requests if s == 200 and p.count("/") > 2) < 8:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
            postgres.stop()
            _out, err = proc.communicate(timeout=90)
        finally:
            if proc.poll() is None:
                proc.kill()
            postgres.start()
    assert proc.returncode == 3, err[-2000:]
    line = last_line(err)
    assert "items in memory were lost" in line, err[-3000:]
    assert int(line.split("; ")[-1].split()[0]) >= 1
