"""End to end: two ``newscrawler schedule`` processes on one database, real crawls, SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import pytest

from newscrawler.samplesite.server import serve
from newscrawler.samplesite.site import SampleSite
from tests.crawl_support import REPO, child_env, runs, schedule_file

pytestmark = pytest.mark.slow


def finished_runs(db_url: str) -> list[dict[str, object]]:
    return [r for r in runs(db_url) if r["finished_at"] is not None]


def test_two_schedulers_share_a_site_without_overlap(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with serve(SampleSite(count=12)) as running:
        config = schedule_file(
            tmp_path,
            running.write_profile(tmp_path),
            db_url,
            "1s",
            heartbeat="0.5s",
            stale_after="30s",
        )
        command = [sys.executable, "-m", "newscrawler", "schedule", "--config", str(config)]
        logs = [(tmp_path / f"scheduler{n}.log").open("w") for n in (1, 2)]
        procs = [
            subprocess.Popen(command, env=child_env(), cwd=REPO, stderr=log, stdout=log)
            for log in logs
        ]
        try:
            deadline = time.monotonic() + 150
            while time.monotonic() < deadline and len(finished_runs(db_url)) < 3:
                time.sleep(0.5)
        finally:
            for proc in procs:
                proc.send_signal(signal.SIGTERM)
            codes = [proc.wait(timeout=120) for proc in procs]
            for log in logs:
                log.close()
    text = "\n".join((tmp_path / f"scheduler{n}.log").read_text() for n in (1, 2))
    assert codes == [0, 0], text
    history = runs(db_url)
    assert len(finished_runs(db_url)) >= 3, text
    assert all(r["site"] == "samplesite" and r["finished_at"] for r in history), history
    spans = sorted((r["started_at"], r["finished_at"]) for r in history)
    for (_start, end), (next_start, _end) in pairwise(spans):
        assert end <= next_start, spans  # never two crawls of the site at once
    assert {r["status"] for r in history} <= {"finished", "killed", "resumed"}
    later = [r["stats"] for r in history[1:] if r["status"] != "killed"]
    assert any(s.get("incremental/not_modified") for s in later), later  # conditional GET
    assert "samplesite: crawl started" in text and "articles stored" in text
    assert "SIGTERM received: stopping" in text
