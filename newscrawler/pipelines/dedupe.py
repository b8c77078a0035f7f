"""Placeholder for the duplicate detection pipeline (issue 5 replaces this module)."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class DedupePipeline:
    """Not built yet: disables itself."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        raise NotConfigured("duplicate detection is not built yet (issue 5)")
