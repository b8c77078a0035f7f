"""Crawlers for unit tests, configured as a real crawl is: the project's settings first.

Components read their settings with no default of their own (the defaults live
in ``newscrawler/settings.py`` only), so a test crawler must start from them.
"""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler as scrapy_crawler

from newscrawler import settings as project


def project_settings() -> dict[str, Any]:
    """``newscrawler/settings.py`` as a plain dict."""
    return {name: getattr(project, name) for name in dir(project) if name.isupper()}


def get_crawler(
    spidercls: type[Spider] | None = None, settings_dict: dict[str, Any] | None = None
) -> Crawler:
    """:func:`scrapy.utils.test.get_crawler` with the project's settings under ``settings_dict``."""
    return scrapy_crawler(spidercls, {**project_settings(), **(settings_dict or {})})
