"""The clean crawl every fault is compared with, and a private PostgreSQL for outages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newscrawler.samplesite.server import serve
from newscrawler.samplesite.site import SampleSite
from tests.faults.support import PrivatePostgres, by_path, crawl_args, run_crawl

STORIES = 24


def sample_site() -> SampleSite:
    return SampleSite(count=STORIES)


@pytest.fixture(scope="session")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str | None, str | None]]:
    """path -> (title, content hash) of one clean, uninterrupted crawl of the sample site."""
    folder = tmp_path_factory.mktemp("clean")
    db_url = f"sqlite:///{folder / 'clean.sqlite'}"
    with serve(sample_site()) as running:
        result = run_crawl(crawl_args(running.write_profile(folder), db_url, folder / "d"))
    assert result.returncode == 0, result.stderr[-2000:]
    archive = by_path(db_url)
    assert len(archive) >= STORIES // 2
    return archive


@pytest.fixture(scope="session")
def postgres() -> Iterator[PrivatePostgres]:
    """A PostgreSQL cluster of the fault suite's own, running (tests may stop it)."""
    server = PrivatePostgres()
    server.start()
    try:
        yield server
    finally:
        server.destroy()
