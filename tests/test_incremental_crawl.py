"""End to end: a re-crawl of the sample site fetches only new and changed articles."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawler.samplesite.server import serve
from newscrawler.samplesite.site import SampleSite
from tests.crawl_support import archive, crawl, revisions, runs

pytestmark = pytest.mark.slow


def article_paths(requests: list[tuple[str, str, int]], stored: set[str]) -> set[str]:
    """Paths of the requests that fetched stored article pages."""
    return {path for _method, path, _status in requests} & stored


def test_second_crawl_fetches_only_new_and_changed(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with serve(SampleSite(count=24)) as running:
        profile = running.write_profile(tmp_path)
        crawl(profile, db_url, tmp_path / "data")
        first = archive(db_url)
        first_requests = len(running.requests)
        assert len(first) >= 20

        running.clear_requests()
        new = running.site.publish(3)
        edited = running.site.edit(5)
        crawl(profile, db_url, tmp_path / "data")
        second_requests = running.requests

        running.clear_requests()
        crawl(profile, db_url, tmp_path / "data")  # nothing new: sitemaps and feed answer 304
        third_requests = running.requests

    after = archive(db_url)
    paths = {urlsplit(url).path for url in after}
    fetched_articles = article_paths(second_requests, paths)
    new_paths = {urlsplit(url).path for url in set(after) - set(first)}
    assert len(new_paths) == len(new)
    changed = [url for url in first if after[url] != first[url]]
    assert [urlsplit(u).path for u in changed] == [p for p in fetched_articles - new_paths]
    assert len(changed) == 1 and str(edited.id) in changed[0]
    assert revisions(db_url) == 1

    stats = runs(db_url)[-2]["stats"]  # the second crawl
    assert stats["storage/inserted"] == len(new) and stats["storage/revised"] == 1
    assert stats["incremental/skipped"] >= len(first) // 2
    # unchanged child sitemaps are not requested: their lastmod in the index did not move
    assert stats["incremental/unchanged_sitemap"] >= 1
    assert (
        stats["downloader/request_count"] < first_requests
    )  # the ratio: bench/incremental_crawl.py
    assert not any(path.startswith("/bad/") for _m, path, _s in second_requests)  # backing off

    third = runs(db_url)[-1]["stats"]
    assert third["incremental/not_modified"] >= 1
    assert any(status == 304 for _m, _p, status in third_requests)
    assert not article_paths(third_requests, paths)
