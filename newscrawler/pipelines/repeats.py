"""Remove repeated content inside one page's body (see :mod:`newscrawler.text.repeats`).

Settings: ``REPEATS_ENABLED`` (default True). Stats: ``repeats/items``,
``repeats/items_changed``, ``repeats/bodies_removed``, ``repeats/paragraphs_removed``,
``repeats/title_lines_removed``, ``repeats/byline_lines_removed``.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from newscrawler.text.repeats import remove_repeats

COUNTS = ("bodies_removed", "paragraphs_removed", "title_lines_removed", "byline_lines_removed")


class RepeatsPipeline:
    """Keep the first copy of a body printed twice; drop headline and byline lines."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RepeatsPipeline:
        if not crawler.settings.getbool("REPEATS_ENABLED"):
            raise NotConfigured("repeated-body removal is switched off (REPEATS_ENABLED=False)")
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        self.stats.inc_value("repeats/items")
        body = adapter.get("body")
        if not body:
            return item
        result = remove_repeats(
            body, title=adapter.get("title"), authors=adapter.get("authors") or ()
        )
        if result.changed:
            adapter["body"] = result.body
            self.stats.inc_value("repeats/items_changed")
            for name in COUNTS:
                if getattr(result, name):
                    self.stats.inc_value(f"repeats/{name}", getattr(result, name))
        return item
