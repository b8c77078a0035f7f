"""Placeholder for the storage pipeline (issue 4 replaces this module)."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class StoragePipeline:
    """Not built yet: disables itself."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        raise NotConfigured("storage is not built yet (issue 4)")
