"""Placeholder for the repeated-body removal pipeline (issue 5 replaces this module)."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class RepeatsPipeline:
    """Not built yet: disables itself."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RepeatsPipeline:
        raise NotConfigured("repeated-body removal is not built yet (issue 5)")
