"""DedupePipeline: canonical URL, content hash, clusters; duplicates marked, never dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured

from newscrawler.items import ArticleItem
from newscrawler.pipelines.dedupe import DedupePipeline
from newscrawler.text.fingerprints import content_hash
from tests.scrapy_support import get_crawler

P = [
    "ঢাকায় আজ সকাল থেকে টানা বৃষ্টি হচ্ছে বলে জানিয়েছে আবহাওয়া অফিস। নগরের নিচু এলাকা প্লাবিত।",
    "রাস্তায় জলাবদ্ধতায় যান চলাচল ব্যাহত হয়েছে। অফিসগামী মানুষ দুর্ভোগে পড়েছেন।",
    "আবহাওয়াবিদ বলেন, আগামী দুই দিন বৃষ্টি চলতে পারে। উপকূলে তিন নম্বর সংকেত দেখানো হয়েছে।",
]
BODY = "\n\n".join(P)
NEAR_BODY = "\n\n".join([*P[:2], P[2].replace("দুই", "তিন"), "সূত্র: বাসস"])
OTHER = "জাতীয় ক্রিকেট দল আজ সিরিজের শেষ ম্যাচে সাত উইকেটে জিতেছে। অধিনায়ক খুশি।"


def make_pipeline(tmp_path: Path, **settings: object) -> DedupePipeline:
    settings = {"STORAGE_DB_URL": f"sqlite:///{tmp_path}/d.sqlite", **settings}
    pipeline = DedupePipeline.from_crawler(get_crawler(settings_dict=settings))
    pipeline.open_spider()
    return pipeline


def run(pipeline: DedupePipeline, url: str, body: str | None, **fields: str) -> ArticleItem:
    item = ArticleItem(url=url, body=body, **fields)  # type: ignore[arg-type]
    result = pipeline.process_item(item)
    assert result is item  # never dropped
    return item


@pytest.mark.parametrize("store", ["sql", "memory"])
def test_marks_exact_and_near_duplicates(tmp_path: Path, store: str) -> None:
    pipeline = make_pipeline(tmp_path, DEDUPE_STORE=store)
    first = run(pipeline, "https://a.com/n/1?utm_source=fb", BODY)
    assert first.canonical_url == "https://a.com/n/1"
    assert first.content_hash == content_hash(BODY) and first.word_count == len(BODY.split())
    assert first.cluster_id and first.duplicate_of is None and first.similarity is None
    exact = run(pipeline, "https://b.com/x", BODY.replace("\n\n", "\n\n "))
    assert (exact.duplicate_of, exact.similarity) == ("https://a.com/n/1", 1.0)
    near = run(pipeline, "https://m.c.com/y/amp", NEAR_BODY)
    assert near.canonical_url == "https://c.com/y" and near.duplicate_of == "https://a.com/n/1"
    assert near.similarity is not None and near.similarity < 1.0
    assert first.cluster_id == exact.cluster_id == near.cluster_id
    other = run(pipeline, "https://a.com/n/2", OTHER)
    assert other.duplicate_of is None and other.cluster_id != first.cluster_id
    stats = pipeline.stats.get_stats()
    assert (stats["dedupe/distinct"], stats["dedupe/exact"], stats["dedupe/near"]) == (2, 1, 1)
    pipeline.close_spider()


def test_recrawl_is_not_a_duplicate_and_updates_hash(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path)
    first = run(pipeline, "https://a.com/n/1", BODY)
    edited = BODY + "\n\nসংশোধনী: আগের সংস্করণে একটি তথ্য ভুল ছিল।"
    again = run(pipeline, "https://a.com/n/1#top", edited)
    assert again.duplicate_of is None and again.cluster_id == first.cluster_id
    assert again.content_hash == content_hash(edited) != first.content_hash
    assert pipeline.stats.get_value("dedupe/recrawl") == 1
    pipeline.close_spider()


def test_the_items_canonical_url_and_hash_are_trusted(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path)
    item = run(pipeline, "https://a.com/amp/n/1", BODY, canonical_url="https://a.com/n/1")
    assert item.canonical_url == "https://a.com/n/1"
    stamped = ArticleItem(url="https://a.com/n/2", body=OTHER, content_hash="f" * 64)
    pipeline.process_item(stamped)
    assert stamped.content_hash == "f" * 64 and stamped.word_count is None  # not taken again
    pipeline.close_spider()


def test_index_persists_between_crawls(tmp_path: Path) -> None:
    first = make_pipeline(tmp_path)
    run(first, "https://a.com/n/1", BODY)
    first.close_spider()
    second = make_pipeline(tmp_path)
    item = run(second, "https://b.com/z", NEAR_BODY)
    assert item.duplicate_of == "https://a.com/n/1"
    second.close_spider()


def test_item_without_body_passes(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path, DEDUPE_STORE="memory")
    item = run(pipeline, "https://a.com/n/1", None)
    assert item.content_hash is None and item.cluster_id is None
    assert pipeline.stats.get_value("dedupe/no_body") == 1


def test_settings(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured, match="DEDUPE_ENABLED"):
        make_pipeline(tmp_path, DEDUPE_ENABLED=False)
    with pytest.raises(ValueError, match="DEDUPE_STORE"):
        make_pipeline(tmp_path, DEDUPE_STORE="redis")
    with pytest.raises(ValueError, match="DEDUPE_THRESHOLD"):
        make_pipeline(tmp_path, DEDUPE_THRESHOLD=0)


def test_database_error_keeps_the_item(tmp_path: Path) -> None:
    from sqlalchemy.exc import OperationalError

    pipeline = make_pipeline(tmp_path)
    assert pipeline.index is not None

    def broken(url: str) -> None:
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    pipeline.index.store.get = broken  # type: ignore[method-assign,assignment]
    item = run(pipeline, "https://a.com/n/1", BODY)
    assert item.content_hash == content_hash(BODY) and item.cluster_id is None
    assert pipeline.stats.get_value("dedupe/errors") == 1


def test_sample_site_amp_copy_is_the_same_article(tmp_path: Path) -> None:
    from urllib.parse import urlsplit

    from newscrawler.extract.response import make_article
    from newscrawler.profiles import generic_profile
    from newscrawler.samplesite.expected import expected_articles
    from newscrawler.samplesite.render import Ctx
    from newscrawler.samplesite.routes import route
    from newscrawler.samplesite.site import SampleSite

    site, base = SampleSite(count=8), "http://127.0.0.1:8123"
    ctx = Ctx(site, base)
    pipeline = make_pipeline(tmp_path, DEDUPE_STORE="memory")
    checked = 0
    for row in expected_articles(site, base):
        for address in [row["url"], *(a for a in row["alt_urls"] if "/amp/" in a)]:
            html = route(ctx, urlsplit(address).path).body.decode("utf-8")
            made = make_article(html, address, generic_profile(base))
            assert made is not None
            item = run(pipeline, address, made.body, canonical_url=made.canonical_url or "")
            assert item.canonical_url == row["url"] and item.duplicate_of is None
            checked += address != row["url"]
    assert checked and pipeline.stats.get_value("dedupe/recrawl") == checked
    assert pipeline.stats.get_value("dedupe/distinct") == 8


def test_signatures_that_cannot_be_written_at_close_are_kept_then_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing never raises: storage closes in the same step and must settle its items."""
    from sqlalchemy.exc import OperationalError

    pipeline = make_pipeline(tmp_path)
    run(pipeline, "https://a.com/n/1", BODY)
    assert pipeline.index is not None
    store = pipeline.index.store
    write = store.add_many  # type: ignore[attr-defined]

    def refused(*_args: object) -> None:
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    monkeypatch.setattr(store, "add_many", refused)
    assert pipeline.close_spider() is None  # no crawl, so no outage to wait for
    assert pipeline.stats.get_value("dedupe/unsaved") == 1
    monkeypatch.setattr(store, "add_many", write)  # the database is back: still pending
    store.close()
    again = make_pipeline(tmp_path)
    assert run(again, "https://b.com/z", NEAR_BODY).duplicate_of == "https://a.com/n/1"
    again.close_spider()
