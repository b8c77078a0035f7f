"""Placeholder for the date normalisation pipeline (issue 3 replaces this module)."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class DatesPipeline:
    """Not built yet: disables itself."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatesPipeline:
        raise NotConfigured("date normalisation is not built yet (issue 3)")
