"""Resume: per-site job directories, killed vs stopped crawls, crawl-history upkeep."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawler.crawling.jobdir import (
    MARKER,
    ResumeError,
    crawl_settings,
    job_dir,
)
from storage.db import Database, open_archive
from storage.history import last_start, mark_resumed, reap_dead_runs, run_of_process
from storage.models import CrawlRun
from storage.runs import finish_run, start_run


def dead_pid() -> int:
    """The id of a process that has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def leave_state(directory: Path, *, marker: int | None = None) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "requests.seen").write_text("abc\n")
    (directory / "requests.queue").mkdir(exist_ok=True)
    if marker is not None:
        (directory / MARKER).write_text(str(marker))


def test_fresh_crawl_clears_old_state(tmp_path: Path) -> None:
    directory = job_dir("site", tmp_path)
    leave_state(directory)
    settings = crawl_settings("site", resume=False, data_dir=tmp_path)
    assert settings == {"JOBDIR": str(directory), "RESUME_MODE": "fresh", "DATA_DIR": str(tmp_path)}
    assert list(directory.iterdir()) == []


@pytest.mark.parametrize(
    ("state", "marker", "mode", "kept"),
    [
        (False, False, "fresh", False),  # nothing to resume
        (True, False, "continue", True),  # stopped cleanly: continue from the queue
        (True, True, "recover", False),  # killed: discard the queue, rediscover
    ],
)
def test_resume_modes(tmp_path: Path, state: bool, marker: bool, mode: str, kept: bool) -> None:
    directory = job_dir("site", tmp_path)
    if state:
        leave_state(directory, marker=dead_pid() if marker else None)
    settings = crawl_settings("site", resume=True, data_dir=tmp_path)
    assert settings["RESUME_MODE"] == mode
    assert (directory / "requests.seen").exists() is kept
    assert not (directory / MARKER).exists() or mode == "continue"


def test_a_live_crawl_is_not_disturbed(tmp_path: Path) -> None:
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as proc:
        try:
            leave_state(job_dir("site", tmp_path), marker=proc.pid)
            with pytest.raises(ResumeError, match="already running"):
                crawl_settings("site", resume=True, data_dir=tmp_path)
        finally:
            proc.kill()


def dead_and_alive_runs(db: Database) -> tuple[int, int, int]:
    """Runs of ``site`` (one whose process died, one of ours) and a dead one of ``other``."""
    with db.session() as session:
        killed, alive, other = (start_run(session, s) for s in ("site", "site", "other"))
    with db.session() as session:
        for run_id in (killed, other):
            session.get_one(CrawlRun, run_id).pid = dead_pid()
    return killed, alive, other


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from newscrawler.crawling.jobdir import crawl_settings
crawl_settings("site", resume=False, data_dir=Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(30)
"""


def test_a_crawl_starting_at_the_same_moment_is_refused(tmp_path: Path) -> None:
    """The flock is taken before any marker exists: no start-up race."""
    with subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
            assert not (job_dir("site", tmp_path) / MARKER).exists()
            with pytest.raises(ResumeError, match="already running"):
                crawl_settings("site", resume=True, data_dir=tmp_path)
        finally:
            proc.kill()
    crawl_settings("site", resume=True, data_dir=tmp_path)  # the lock died with its process


def test_history_killed_and_resumed_runs(tmp_path: Path) -> None:
    db = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    try:
        killed, alive, other = dead_and_alive_runs(db)
        assert reap_dead_runs(db, site="site") == [killed]
        assert reap_dead_runs(db) == [other]  # every site's, as the scheduler does at start
        run = run_of_process(db, "site", os.getpid())
        assert run is not None and run.id == alive and run.status == "running"
        assert last_start(db, "site") is not None and last_start(db, "nosuch") is None
        assert not mark_resumed(db, alive)  # only a finished run becomes resumed
        with db.session() as session:
            finish_run(session, alive, "finished", {})

    finally:
        db.dispose()
