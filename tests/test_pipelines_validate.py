from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler

from newscrawler.crawling.context import CrawlContext
from newscrawler.items import ArticleItem
from newscrawler.pipelines.validate import ValidatePipeline
from newscrawler.spiders.window import CrawlWindow
from tests.scrapy_support import get_crawler

BODY = "রাজধানীতে আজ সকাল থেকে ভারী বৃষ্টি হচ্ছে। আবহাওয়া অধিদপ্তর জানিয়েছে, আগামী দুই দিন এমন থাকবে।"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": None, "body": BODY}, "no_title"),
        ({"title": "শিরোনাম", "body": None}, "no_body"),
        ({"title": "শিরোনাম", "body": "খুব ছোট"}, "short_body"),
        ({"title": "Title", "body": "Heavy rain in Dhaka today. " * 5}, "not_bengali"),
    ],
)
def test_unusable_items_are_dropped_with_a_counted_reason(
    fields: dict[str, str | None], reason: str
) -> None:
    crawler = get_crawler()
    pipeline = build_from_crawler(ValidatePipeline, crawler)
    with pytest.raises(DropItem, match=reason):
        pipeline.process_item(ArticleItem(url="https://example.bd/1", **fields))  # type: ignore[arg-type]
    assert crawler.stats.get_value(f"validate/dropped/{reason}") == 1


def test_good_items_pass() -> None:
    crawler = get_crawler()
    pipeline = build_from_crawler(ValidatePipeline, crawler)
    item = ArticleItem(url="https://example.bd/1", title="বৃষ্টি", body=BODY)
    assert pipeline.process_item(item) is item
    assert crawler.stats.get_value("validate/passed") == 1


def test_items_outside_the_crawl_window_are_dropped() -> None:
    crawler = get_crawler()
    pipeline = build_from_crawler(ValidatePipeline, crawler)

    crawler.spider = Spider("news")
    crawler.spider.context = CrawlContext(  # type: ignore[attr-defined]
        "a.com", window=CrawlWindow.from_strings("2025-01-01", None)
    )
    old = ArticleItem(
        url="u", title="বৃষ্টি", body=BODY, published_at=datetime(2024, 5, 1, tzinfo=UTC)
    )
    with pytest.raises(DropItem, match="out_of_window"):
        pipeline.process_item(old)
