"""Drop items that are not usable articles, counting each reason; fingerprint the rest.

The body is final once validated (normalise and repeats ran before), so the
kept item's ``content_hash`` and ``word_count`` are taken here, once, and
trusted by the dedupe and storage pipelines.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from newscrawler.crawling.context import context_of
from newscrawler.text.fingerprints import fold_text, folded_hash
from newscrawler.text.language import bengali_ratio


class ValidatePipeline:
    """Drop an item with no title, no body, a body that is not Bengali, or a
    publication date outside the crawl's ``--since``/``--until`` window.

    Each drop is counted as ``validate/dropped/<reason>``.
    """

    def __init__(
        self,
        stats: StatsCollector,
        min_ratio: float,
        min_chars: int,
        crawler: Crawler | None = None,
    ) -> None:
        self.stats = stats
        self.min_ratio = min_ratio
        self.min_chars = min_chars
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        assert crawler.stats is not None
        settings = crawler.settings
        return cls(
            crawler.stats,
            settings.getfloat("VALIDATE_MIN_BENGALI_RATIO"),
            settings.getint("VALIDATE_MIN_BODY_CHARS"),
            crawler,
        )

    def reason(self, adapter: ItemAdapter) -> str | None:
        """The reason to drop, or ``None`` to keep. Override this to add rules."""
        body = adapter.get("body") or ""
        if not adapter.get("title"):
            return "no_title"
        if not body:
            return "no_body"
        if len(body) < self.min_chars:
            return "short_body"
        if bengali_ratio(body) < self.min_ratio:
            return "not_bengali"
        spider = self.crawler.spider if self.crawler else None
        window = context_of(spider).window if spider else None
        if window is not None and not window.admits(adapter.get("published_at")):
            return "out_of_window"
        return None

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        reason = self.reason(adapter)
        if reason:
            self.stats.inc_value(f"validate/dropped/{reason}")
            raise DropItem(f"{reason}: {adapter.get('url')}")
        stamp_fingerprints(adapter)
        self.stats.inc_value("validate/passed")
        return item


def stamp_fingerprints(adapter: ItemAdapter) -> None:
    """Set ``content_hash`` and ``word_count`` from the item's (final) body."""
    folded = fold_text(adapter.get("body") or "")  # once, for both
    adapter["content_hash"] = folded_hash(folded)
    adapter["word_count"] = len(folded.split())
