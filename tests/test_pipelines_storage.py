"""The storage pipeline: batching, counted outcomes, crawl runs, retries, dead letters,
and two crawl processes writing one SQLite file at once."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from scrapy import Spider
from scrapy.pipelines import ItemPipelineManager
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from newscrawler.crawling.context import CrawlContext, context_of
from newscrawler.crawling.outage import DatabaseOutage
from newscrawler.crawling.runner import judge
from newscrawler.items import ArticleItem
from newscrawler.pipelines.dedupe import DedupePipeline
from newscrawler.pipelines.storage import StoragePipeline, dead_letter_path
from storage.db import open_archive
from storage.models import Article, CrawlRun
from storage.repository import count
from tests.scrapy_support import get_crawler
from tests.storage_support import db_url, make_item

__all__ = ["db_url"]
REPO = Path(__file__).resolve().parents[1]


def make_pipeline(url: str, **settings: Any) -> StoragePipeline:
    crawler = get_crawler(Spider, {"STORAGE_DB_URL": url, **settings})
    crawler.spider = Spider(name="test")
    pipeline = StoragePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


def test_stores_batches_counts_and_records_the_run(db_url: str) -> None:
    pipeline = make_pipeline(db_url, STORAGE_BATCH_SIZE=3)
    for n in range(7):
        pipeline.process_item(ArticleItem(**make_item(n)))
    pipeline.process_item(make_item(0))  # the same page again: unchanged
    pipeline.process_item(make_item(1, body="নতুন লেখা"))  # edited: revised
    pipeline.close_spider()
    assert pipeline.spider is not None
    pipeline.spider_closed(pipeline.spider, "finished")
    stats = pipeline.stats.get_stats()
    assert (stats["storage/inserted"], stats["storage/unchanged"], stats["storage/revised"]) == (
        7,
        1,
        1,
    )
    db = open_archive(db_url)
    with db.read_session() as session:
        assert count(session) == 7
        run = session.scalars(select(CrawlRun)).one()
        assert (run.status, run.articles_stored, run.revisions) == ("finished", 8, 1)
        assert context_of(pipeline.spider).run_id == run.id
    db.dispose()


def test_reuses_a_run_id_set_in_the_crawl_context(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    first = make_pipeline(url)
    crawler = get_crawler(Spider, {"STORAGE_DB_URL": url})
    crawler.spider = Spider(name="test", context=CrawlContext("test", run_id=first.run_id))
    second = StoragePipeline.from_crawler(crawler)
    second.open_spider()
    assert second.run_id == first.run_id


def test_a_failing_database_dead_letters_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    pipeline = make_pipeline(url, STORAGE_RETRIES=2)
    calls = []

    def locked(batch: list[dict[str, Any]]) -> None:
        calls.append(len(batch))
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(pipeline, "_write", locked)
    monkeypatch.setattr("time.sleep", lambda _s: None)
    pipeline.process_item(make_item(1))
    pipeline.close_spider()
    assert calls == [1, 1, 1]
    assert pipeline.stats.get_value("storage/errors") == 1
    kept = dead_letter_path(url).read_text(encoding="utf-8").splitlines()
    assert dead_letter_path(url).parent == tmp_path / ".newscrawler"  # the data directory
    assert json.loads(kept[0])["canonical_url"] == make_item(1)["canonical_url"]


def test_one_poison_item_costs_only_itself(db_url: str, tmp_path: Path) -> None:
    """A lone surrogate is repaired; an item the database refuses is isolated and dead-lettered."""
    pipeline = make_pipeline(
        db_url,
        STORAGE_BATCH_SIZE=10,
        STORAGE_FLUSH_INTERVAL=0,
        STORAGE_DEADLETTER_PATH=str(tmp_path / "dl.jsonl"),
    )
    pipeline.process_item(make_item(1, authors=["\udfff"], title="খবর\x00\ud83d"))
    pipeline.process_item(make_item(2, published_at="not a date"))  # refused by the database
    for n in range(3, 8):
        pipeline.process_item(make_item(n))
    pipeline.close_spider()
    stats = pipeline.stats.get_stats()
    assert stats["storage/inserted"] == 6
    assert stats["storage/repaired_chars"] == 3
    assert (stats["storage/errors"], stats["storage/dead_lettered"]) == (1, 1)
    lines = pipeline.dead_letters.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["canonical_url"] for line in lines] == [make_item(2)["canonical_url"]]
    db = open_archive(db_url)
    with db.read_session() as session:
        first = session.scalars(
            select(Article).where(Article.canonical_url == make_item(1)["canonical_url"])
        ).one()
        assert (first.authors, first.title) == (["\ufffd"], "খবর\ufffd\ufffd")
    db.dispose()


def test_items_wait_at_most_the_flush_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    pipeline = make_pipeline(url, STORAGE_BATCH_SIZE=500, STORAGE_FLUSH_INTERVAL=2)
    now = [1000.0]
    monkeypatch.setattr("time.monotonic", lambda: now[0])
    pipeline.last_flush = now[0]
    pipeline.process_item(make_item(1))
    assert pipeline.buffer  # under the batch size, under 2 s: waiting
    now[0] += 2.5
    pipeline.flush_due()  # what the crawl's timer calls
    assert not pipeline.buffer and pipeline.stats.get_value("storage/inserted") == 1


def test_a_dead_letter_file_that_cannot_be_written_counts_the_lost_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")  # a file where the dead-letter folder should be
    pipeline = make_pipeline(
        url, STORAGE_DEADLETTER_PATH=str(blocked / "dl.jsonl"), STORAGE_FLUSH_INTERVAL=0
    )
    pipeline.process_item(make_item(1, published_at="not a date"))
    pipeline.close_spider()
    assert pipeline.stats.get_value("storage/lost") == 1


def test_switched_off() -> None:
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        StoragePipeline.from_crawler(get_crawler(Spider, {"STORAGE_ENABLED": False}))


def test_the_batch_size_default_is_the_settings_one() -> None:
    # It was 500 in settings.py and 100 in the pipeline; settings.py is the one owner.
    from newscrawler import settings

    pipeline = StoragePipeline.from_crawler(get_crawler(Spider, {"STORAGE_DB_URL": "sqlite://"}))
    assert pipeline.batch_size == settings.STORAGE_BATCH_SIZE == 500
    assert pipeline.retries == settings.STORAGE_RETRIES


WRITER = textwrap.dedent(
    """
    import sys
    from scrapy import Spider
    from tests.scrapy_support import get_crawler
    from newscrawler.pipelines.storage import StoragePipeline
    from tests.storage_support import make_item

    url, start = sys.argv[1], int(sys.argv[2])
    crawler = get_crawler(Spider, {"STORAGE_DB_URL": url, "STORAGE_BATCH_SIZE": 10})
    crawler.spider = Spider(name="w")
    pipeline = StoragePipeline.from_crawler(crawler)
    pipeline.open_spider()
    for n in range(start, start + 200):
        pipeline.process_item(make_item(n))
    pipeline.close_spider()
    pipeline.spider_closed(crawler.spider, "finished")
    print(crawler.stats.get_value("storage/errors", 0))
    """
)


@pytest.mark.slow
def test_two_processes_write_one_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"  # both also race to create it
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, str(start)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        for start in (0, 100)  # 100 items overlap: both crawls store them
    ]
    outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outputs == ["0", "0"]
    db = open_archive(url)
    with db.read_session() as session:
        urls = session.scalars(select(Article.canonical_url)).all()
    assert len(urls) == len(set(urls)) == 300
    db.dispose()


def test_profiles_name_the_run_and_describe_their_sites(tmp_path: Path) -> None:
    from newscrawler.profiles import SiteProfile, crawl_key
    from storage.models import Site

    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    crawler = get_crawler(Spider, {"STORAGE_DB_URL": url})
    profile = SiteProfile(name="example.com", home_url="https://example.com/")
    context = CrawlContext(crawl_key([profile]), profiles=(profile,))
    crawler.spider = Spider(name="news", context=context)
    pipeline = StoragePipeline.from_crawler(crawler)
    pipeline.open_spider()
    db = open_archive(url)
    with db.read_session() as session:
        assert session.scalars(select(CrawlRun.site)).one() == "example.com"
        site = session.scalars(select(Site)).one()
    assert (site.key, site.home_url, site.timezone) == (
        "example.com",
        "https://example.com/",
        "Asia/Dhaka",
    )
    db.dispose()


def refused(*_args: Any) -> None:
    """What the database driver raises when the server is gone (an outage)."""
    raise OperationalError("INSERT", {}, Exception("connection refused"))


def closing_crawl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, gave_up: bool
) -> tuple[StoragePipeline, DedupePipeline]:
    """Dedupe and storage holding 3 items when the database goes away for good.

    The dead-letter file cannot be written either (a file where its folder should be).
    """
    blocked = tmp_path / "full"
    blocked.write_text("")
    crawler = get_crawler(
        Spider,
        {
            "STORAGE_DB_URL": f"sqlite:///{tmp_path / 'a.sqlite'}",
            "STORAGE_DEADLETTER_PATH": str(blocked / "dl.jsonl"),
            "STORAGE_FLUSH_INTERVAL": 600,
        },
    )
    crawler.spider = Spider(name="test")
    storage, dedupe = StoragePipeline.from_crawler(crawler), DedupePipeline.from_crawler(crawler)
    storage.open_spider()
    dedupe.open_spider()
    for n in range(3):
        storage.process_item(dedupe.process_item(make_item(n)))
    outage = DatabaseOutage(crawler, storage.db_url)
    outage.gave_up = gave_up  # the extension's state once STORAGE_OUTAGE_LIMIT has passed
    monkeypatch.setattr(DatabaseOutage, "of", lambda _crawler: outage)
    monkeypatch.setattr(storage, "_write", refused)
    assert dedupe.index is not None
    monkeypatch.setattr(dedupe.index.store, "add_many", refused)
    return storage, dedupe


def close_all(pipelines: list[Any], storage: StoragePipeline) -> None:
    """Close as Scrapy's engine does: every ``close_spider`` started in one go (a
    failure is logged, and the crawl goes on closing), then ``spider_closed``."""
    assert storage.crawler is not None and storage.spider is not None
    manager = ItemPipelineManager(*pipelines, crawler=storage.crawler)
    try:
        asyncio.run(manager.close_spider_async())
    finally:
        storage.spider_closed(storage.spider, "database_unavailable")


def test_items_held_when_the_outage_limit_passes_are_counted_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dead-letter fault's root cause: dedupe's close raised (its pending signatures
    could not be written), which stopped Scrapy before it awaited storage's flush: the
    items were neither stored, dead-lettered nor counted (tests/faults, full disk)."""
    storage, dedupe = closing_crawl(tmp_path, monkeypatch, gave_up=True)
    close_all([dedupe, storage], storage)
    stats = storage.stats.get_stats()
    assert stats["storage/lost"] == 3
    assert stats["dedupe/unsaved"] == 3  # signatures only: reindex rebuilds them
    result = judge({**stats, "finish_reason": "database_unavailable"})
    assert result.exit_code == 3
    assert result.reason.endswith("; 3 items in memory were lost")


@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
def test_items_held_by_a_flush_that_never_ran_are_settled_when_the_crawl_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any pipeline whose close raises leaves storage's waiting flush unawaited."""

    class Failing:
        def close_spider(self) -> None:
            raise RuntimeError("a pipeline that fails to close")

    storage, dedupe = closing_crawl(tmp_path, monkeypatch, gave_up=False)
    monkeypatch.setattr(dedupe, "close_spider", lambda: None)
    with pytest.raises(RuntimeError, match="fails to close"):
        close_all([Failing(), dedupe, storage], storage)
    assert storage.stats.get_value("storage/lost") == 3
    assert not storage.buffer and not storage.held
