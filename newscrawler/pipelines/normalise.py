"""Clean every text field of an article (see :mod:`newscrawler.text.normalise`)."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawler.text.normalise import normalise_body, normalise_text

LINE_FIELDS = ("title", "subtitle", "section", "published_raw", "updated_raw")
LIST_FIELDS = ("authors", "tags")


class NormalisePipeline:
    """NFC, one form of য়/ড়/ঢ়, no stray invisible characters, tidy whitespace."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalisePipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in LINE_FIELDS:
            if adapter.get(name):
                adapter[name] = normalise_text(adapter[name]) or None
        for name in LIST_FIELDS:
            cleaned = (normalise_text(v) for v in adapter.get(name) or [])
            adapter[name] = list(dict.fromkeys(v for v in cleaned if v))
        if adapter.get("body"):
            adapter["body"] = normalise_body(adapter["body"]) or None
        self.stats.inc_value("normalise/items")
        return item
