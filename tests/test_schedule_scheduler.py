"""The scheduler loop with a stand-in crawl command: intervals, locks, stops, kills.

The stand-in records each crawl in the real crawl-runs table (as the storage
pipeline does) and in a text log, sleeps, and on SIGINT stops "cleanly". The
end-to-end tests with real crawls of the sample site are in
``test_schedule_e2e.py``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from newscrawler.schedule.config import ScheduleConfig, config_from_dict
from newscrawler.schedule.scheduler import Scheduler
from storage import locks
from storage.db import Database, open_archive
from storage.models import CrawlRun
from storage.runs import iter_runs, start_run
from storage.types import utcnow

URL = "https://news.test/"
FAKE_CRAWL = """
import os, signal, sys, time
from storage.db import open_archive
from storage.runs import finish_run, start_run

site, log = sys.argv[2], os.environ["FAKE_LOG"]
seconds = float(os.environ.get("FAKE_SECONDS", "0.3"))
db = open_archive(os.environ["FAKE_DB"])
with db.session() as s:
    run_id = start_run(s, "news.test")
stopped = []
signal.signal(signal.SIGINT, lambda *a: stopped.append(1))
with open(log, "a") as f:
    f.write(f"start {run_id} {time.time()}\\n")
deadline = time.time() + seconds
while time.time() < deadline and not stopped:
    time.sleep(0.02)
with open(log, "a") as f:
    f.write(f"{'stopped' if stopped else 'end'} {run_id} {time.time()}\\n")
with db.session() as s:
    finish_run(s, run_id, "killed" if stopped else "finished", {"response_received_count": 3})
"""


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Database]]:
    script = tmp_path / "fake_crawl.py"
    script.write_text(FAKE_CRAWL)
    url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    monkeypatch.setenv("FAKE_DB", url)
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "crawls.log"))
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[1]))
    db = open_archive(url)
    yield tmp_path, db
    db.dispose()


def make_config(tmp_path: Path, every: str = "0.2s", **scheduler: object) -> ScheduleConfig:
    data = {
        "scheduler": {"data_dir": str(tmp_path / "state"), "heartbeat": "0.1s", **scheduler},
        "sites": [{"site": URL, "every": every}],
    }
    return config_from_dict(data)


def scheduler(tmp_path: Path, db: Database, config: ScheduleConfig) -> Scheduler:
    return Scheduler(
        config, db, tick=0.02, command=[sys.executable, str(tmp_path / "fake_crawl.py")]
    )


def crawl_log(tmp_path: Path) -> list[tuple[str, int, float]]:
    lines = (tmp_path / "crawls.log").read_text().split("\n")
    return [(w[0], int(w[1]), float(w[2])) for w in (ln.split() for ln in lines if ln)]


def stop_after(sched: Scheduler, seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, lambda: setattr(sched, "stop_requested", 1))
    timer.start()
    return timer


def ended(tmp_path: Path) -> int:
    """How many stand-in crawls have ended."""
    if not (tmp_path / "crawls.log").exists():
        return 0
    return sum(1 for kind, _run, _when in crawl_log(tmp_path) if kind != "start")


def stop_when_ended(tmp_path: Path, count: int, *scheds: Scheduler) -> threading.Thread:
    """Stop the schedulers once ``count`` crawls have ended (or after a minute)."""

    def watch() -> None:
        deadline = time.monotonic() + 60
        while ended(tmp_path) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        for sched in scheds:
            sched.stop_requested = 1

    thread = threading.Thread(target=watch)
    thread.start()
    return thread


def test_once_runs_each_site_and_records_it(env: tuple[Path, Database]) -> None:
    tmp_path, db = env
    assert scheduler(tmp_path, db, make_config(tmp_path)).run(once=True) == 0
    assert [e[0] for e in crawl_log(tmp_path)] == ["start", "end"]
    with db.read_session() as session:
        (run,) = iter_runs(session)
        assert (run.status, run.pages_fetched) == ("finished", 3)
    assert locks.holder_of(db, "news.test") is None
    assert (tmp_path / "state" / "logs" / "news.test.log").exists()


def test_interval_fires_repeatedly(env: tuple[Path, Database]) -> None:
    tmp_path, db = env
    sched = scheduler(tmp_path, db, make_config(tmp_path, every="0.1s"))
    stop_when_ended(tmp_path, 2, sched)
    sched.run()
    starts = [e for e in crawl_log(tmp_path) if e[0] == "start"]
    assert len(starts) >= 2
    with db.read_session() as session:
        statuses = {r.status for r in iter_runs(session)}
    assert statuses <= {"finished", "killed"}


def test_two_schedulers_never_crawl_one_site_at_once(
    env: tuple[Path, Database], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="newscrawler.schedule.scheduler")
    tmp_path, db = env
    config = make_config(tmp_path, every="0.05s")
    first, second = scheduler(tmp_path, db, config), scheduler(tmp_path, db, config)
    threads = [threading.Thread(target=s.run) for s in (first, second)]
    for thread in threads:
        thread.start()
    stop_when_ended(tmp_path, 3, first, second).join()
    for thread in threads:
        thread.join(timeout=20)
    events = sorted(crawl_log(tmp_path), key=lambda e: e[2])
    depth = 0
    for kind, _run, _when in events:
        depth += 1 if kind == "start" else -1
        assert depth <= 1, events
    assert sum(1 for e in events if e[0] == "start") >= 3
    assert any("skipped" in m and "is crawling it" in m for m in caplog.messages)


def test_missed_run_runs_at_start_up_and_recent_run_waits(env: tuple[Path, Database]) -> None:
    tmp_path, db = env
    with db.session() as session:
        start_run(session, "news.test")  # started just now: the next run is an hour away
    sched = scheduler(tmp_path, db, make_config(tmp_path, every="1h"))
    stop_after(sched, 0.5)
    sched.run()
    assert not (tmp_path / "crawls.log").exists()
    with db.session() as session:
        for run in session.scalars(select(CrawlRun)):
            run.started_at -= timedelta(hours=5)  # the scheduler was down for hours
    sched = scheduler(tmp_path, db, make_config(tmp_path, every="1h"))
    stop_when_ended(tmp_path, 1, sched)
    sched.run()
    assert [e[0] for e in crawl_log(tmp_path)] == ["start", "end"]  # once, not five times


def test_a_site_locked_elsewhere_is_skipped(env: tuple[Path, Database]) -> None:
    tmp_path, db = env
    assert locks.acquire(db, "news.test", "other-host:1:x", stale_after=timedelta(hours=1))
    assert scheduler(tmp_path, db, make_config(tmp_path)).run(once=True) == 0
    assert not (tmp_path / "crawls.log").exists()
    # a holder that stopped beating is taken over
    config = make_config(tmp_path, stale_after="0.1s")
    time.sleep(0.2)
    assert scheduler(tmp_path, db, config).run(once=True) == 0
    assert [e[0] for e in crawl_log(tmp_path)] == ["start", "end"]


def test_a_killed_crawl_is_recorded_killed(
    env: tuple[Path, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path, db = env
    monkeypatch.setenv("FAKE_SECONDS", "30")
    sched = scheduler(tmp_path, db, make_config(tmp_path))

    def kill_child() -> None:
        while not (tmp_path / "crawls.log").exists():
            time.sleep(0.02)
        for crawl in list(sched.running.values()):
            crawl.process.send_signal(signal.SIGKILL)

    threading.Thread(target=kill_child).start()
    assert sched.run(once=True) == 1
    with db.read_session() as session:
        (run,) = iter_runs(session)
        assert run.status == "killed"
    assert locks.holder_of(db, "news.test") is None


def test_sigterm_asks_crawls_to_stop_cleanly(env: tuple[Path, Database]) -> None:
    tmp_path, _db = env
    program = textwrap.dedent(
        f"""
        import sys
        from newscrawler.schedule.config import config_from_dict
        from newscrawler.schedule.scheduler import Scheduler
        from storage.db import open_archive
        config = config_from_dict({{"scheduler": {{"data_dir": {str(tmp_path / "s")!r}}},
                                    "sites": [{{"site": {URL!r}, "every": "1h"}}]}})
        import logging; logging.basicConfig(level="INFO", format="%(message)s")
        db = open_archive({os.environ["FAKE_DB"]!r})
        sys.exit(Scheduler(config, db, tick=0.02,
                           command=[sys.executable, {str(tmp_path / "fake_crawl.py")!r}]).run())
        """
    )
    env_vars = {**os.environ, "FAKE_SECONDS": "30"}
    with subprocess.Popen(
        [sys.executable, "-c", program], env=env_vars, stderr=subprocess.PIPE, text=True
    ) as proc:
        deadline = time.time() + 20
        while not (tmp_path / "crawls.log").exists() and time.time() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert [e[0] for e in crawl_log(tmp_path)] == ["start", "stopped"]
    assert "SIGTERM received: stopping" in err
    assert "asking 1 running crawl(s) to finish" in err
    assert "news.test: finished (exit 0)" in err and "run 1 killed, 3 pages" in err


SCHEDULER_PROGRAM = """
import sys
from newscrawler.schedule.config import config_from_dict
from newscrawler.schedule.scheduler import Scheduler
from storage.db import open_archive
config = config_from_dict({{"scheduler": {{"data_dir": {data!r}, "db": {db!r}}},
                            "sites": [{{"site": {site!r}, "every": "1h"}}]}})
sys.exit(Scheduler(config, open_archive({db!r}), tick=0.02,
                   command=[sys.executable, {script!r}]).run())
"""


def test_a_crawl_dies_with_its_scheduler_and_gets_no_db_url_in_argv(
    env: tuple[Path, Database],
) -> None:
    tmp_path, db = env
    program = SCHEDULER_PROGRAM.format(
        data=str(tmp_path / "s"),
        db=os.environ["FAKE_DB"],
        site=URL,
        script=str(tmp_path / "fake_crawl.py"),
    )
    env_vars = {**os.environ, "FAKE_SECONDS": "60"}
    with subprocess.Popen([sys.executable, "-c", program], env=env_vars) as proc:
        deadline = time.time() + 30
        while not (tmp_path / "crawls.log").exists() and time.time() < deadline:
            time.sleep(0.05)
        with db.read_session() as session:
            (run,) = iter_runs(session)
        assert run.pid is not None
        argv = Path(f"/proc/{run.pid}/cmdline").read_bytes().split(b"\0")
        assert b"--db" not in argv and not any(b"sqlite:" in a for a in argv)
        assert b"NEWSCRAWLER_DB=" + os.environ["FAKE_DB"].encode() in Path(
            f"/proc/{run.pid}/environ"
        ).read_bytes().split(b"\0")
        proc.kill()  # SIGKILL: the scheduler cannot ask anyone to stop
        proc.wait()
    deadline = time.time() + 10
    while Path(f"/proc/{run.pid}").exists() and time.time() < deadline:
        time.sleep(0.05)
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(run.pid, os.WNOHANG)  # reap it if it was re-parented to us
    assert (
        not Path(f"/proc/{run.pid}").exists()
        or "Z" in Path(f"/proc/{run.pid}/stat").read_text().split()[2]
    )  # dead (a zombie at most)


def test_a_killed_run_is_run_again_at_start_up(env: tuple[Path, Database]) -> None:
    tmp_path, db = env
    with db.session() as session:
        run_id = start_run(session, "news.test")
    from storage.history import mark_killed

    mark_killed(db, run_id)
    config = make_config(tmp_path, every="1h")
    sched = scheduler(tmp_path, db, config)
    sched.plan(once=False)
    assert sched.due["news.test"] <= utcnow()  # not an hour from the killed start
