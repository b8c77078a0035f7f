"""End to end: a crawl stopped (SIGINT) or killed (SIGKILL) and resumed equals a clean crawl."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawler.samplesite.server import RunningSite, serve
from newscrawler.samplesite.site import SampleSite
from tests.crawl_support import (
    REPO,
    archive,
    child_env,
    crawl,
    crawl_command,
    revisions,
    runs,
    settings_args,
)

pytestmark = pytest.mark.slow
# Slow enough to stop half-way; small batches so that some articles are stored by then.
SLOW = {"CONCURRENT_REQUESTS": "2", "DOWNLOAD_DELAY": "0.05", "STORAGE_BATCH_SIZE": "2"}


@pytest.fixture(scope="module")
def site() -> Iterator[RunningSite]:
    with serve(SampleSite(count=24)) as running:
        yield running


@pytest.fixture(scope="module")
def clean(site: RunningSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The archive of one clean, uninterrupted crawl."""
    folder = tmp_path_factory.mktemp("clean")
    db_url = f"sqlite:///{folder / 'clean.sqlite'}"
    crawl(site.write_profile(folder), db_url, folder / "data")
    return dict(archive(db_url))


def stop_half_way(command: list[str], db_url: str, stop: signal.Signals, enough: int) -> None:
    with subprocess.Popen(
        command, env=child_env(), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as proc:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if Path(db_url.removeprefix("sqlite:///")).exists() and len(archive(db_url)) >= enough:
                break
            time.sleep(0.2)
        assert proc.poll() is None, "the crawl ended before it could be stopped"
        proc.send_signal(stop)
        proc.wait(timeout=120)


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["killed", "stopped"])
def test_resume_gives_the_clean_archive(
    site: RunningSite, clean: dict[str, object], tmp_path: Path, stop: signal.Signals
) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    profile = site.write_profile(tmp_path)
    command = crawl_command(profile, db_url, tmp_path / "data", *settings_args(SLOW))
    stop_half_way(command, db_url, stop, enough=6)
    before = archive(db_url)
    assert 0 < len(before) < len(clean)
    jobdir = tmp_path / "data" / "jobs" / "samplesite"
    if stop == signal.SIGINT:  # Scrapy saved its queue: the resumed crawl continues from it
        assert (jobdir / "requests.queue").is_dir() and not (jobdir / "running").exists()
    else:  # the marker tells the resumed crawl that the queue cannot be trusted
        assert (jobdir / "running").exists()

    site.clear_requests()
    crawl(profile, db_url, tmp_path / "data", "--resume")
    assert archive(db_url) == clean  # nothing lost
    assert revisions(db_url) == 0  # nothing stored twice
    fetched = {path for _m, path, _s in site.requests}
    assert not fetched & {urlsplit(url).path for url in before}  # finished pages not re-fetched
    assert [(run["site"], run["status"]) for run in runs(db_url)] == [
        ("samplesite", "killed"),
        ("samplesite", "resumed"),
    ]
