"""The resume extension: the running marker, job state, and the crawl history of its site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from scrapy.spiders import Spider
from sqlalchemy import select

from newscrawler.crawling.context import CrawlContext
from newscrawler.crawling.jobdir import MARKER, job_dir
from newscrawler.plugins.resume import ResumeExtension
from storage.db import open_archive
from storage.models import CrawlRun
from storage.runs import finish_run
from tests.scrapy_support import get_crawler
from tests.test_crawling_jobdir import dead_and_alive_runs, leave_state


def make_extension(
    tmp_path: Path, mode: str, run_id: int | None = None
) -> tuple[ResumeExtension, Spider]:
    settings = {
        "JOBDIR": str(job_dir("site", tmp_path)),
        "RESUME_MODE": mode,
        "STORAGE_DB_URL": f"sqlite:///{tmp_path / 'a.sqlite'}",
    }
    crawler = get_crawler(Spider, settings)
    crawler.spider = Spider("news", context=CrawlContext("site", run_id=run_id))
    return ResumeExtension.from_crawler(crawler), crawler.spider


@pytest.mark.parametrize(
    ("reason", "kept"), [("shutdown", True), ("finished", False), ("max_articles", False)]
)
def test_extension_marks_and_clears(tmp_path: Path, reason: str, kept: bool) -> None:
    ext, spider = make_extension(tmp_path, "fresh")
    ext.spider_opened(spider)
    assert (ext.directory / MARKER).read_text() == str(os.getpid())
    leave_state(ext.directory)
    ext.spider_closed(spider, reason)
    assert not (ext.directory / MARKER).exists()
    assert (ext.directory / "requests.seen").exists() is kept


def test_extension_needs_jobdir() -> None:
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        ResumeExtension.from_crawler(get_crawler(Spider))


def test_only_the_dead_runs_of_the_crawls_site_are_reaped(tmp_path: Path) -> None:
    db = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    try:
        killed, alive, other = dead_and_alive_runs(db)
        with db.session() as session:
            finish_run(session, alive, "finished", {})
        ext, spider = make_extension(tmp_path, "recover", run_id=alive)
        ext.spider_opened(spider)  # reaps the dead runs of "site" only
        ext.spider_closed(spider, "finished")  # the run of a resumed crawl ends "resumed"
        with db.read_session() as session:
            statuses = {r.id: r.status for r in session.scalars(select(CrawlRun))}
        # The other site's run may belong to a crawl on another machine: left alone.
        assert statuses == {killed: "killed", alive: "resumed", other: "running"}
    finally:
        db.dispose()
