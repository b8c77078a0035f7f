"""The health extension: counts, per site, what each page and article became.

Counts go into the crawl's Scrapy stats under ``health/<site>/...``, so the
storage pipeline stores them with the crawl run like every other stat; nothing
here touches the database. Keys (``<site>`` is the profile's name):

* ``pages``, ``articles``: responses received; articles that passed every pipeline
* ``with/title``, ``with/body``, ``with/authors``, ``with/section``: articles having it
* ``published/<source>``: articles with a published date, by where it was found
  (``jsonld``, ``meta``, ``pagedata``, ``time``, ``text``)
* ``body_chars/<bucket>``: body lengths as a histogram (bucket = its upper bound)
* ``dropped/<reason>``: pages and items that did not become articles
* ``missing/<field>/<n>``: up to ``HEALTH_EXAMPLES`` URLs of articles without it
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from newscrawler.health.figures import BODY_BUCKETS, FIELDS, body_bucket

logger = logging.getLogger(__name__)
PREFIX = "health/"


class HealthExtension:
    """Counts extraction health per site into the crawl's stats (``HEALTH_ENABLED``)."""

    def __init__(self, crawler: Crawler, examples: int) -> None:
        self.crawler = crawler
        self.examples = examples

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HealthExtension:
        if not crawler.settings.getbool("HEALTH_ENABLED"):
            raise NotConfigured("HEALTH_ENABLED is off")
        ext = cls(crawler, crawler.settings.getint("HEALTH_EXAMPLES"))
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        return ext

    def site_of(self, url: str) -> str:
        """The site key the spider gives ``url`` (its host when it names no profile)."""
        spider = self.crawler.spider
        profile_of = getattr(spider, "profile_of", None)
        if profile_of is not None:
            return str(profile_of(url).name)
        return urlsplit(url).hostname or "unknown"

    def inc(self, site: str, key: str, count: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"{PREFIX}{site}/{key}", count)

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        site = self.site_of(response.url)
        self.inc(site, "pages")
        if response.status >= 400:
            self.inc(site, f"dropped/http_{response.status}")
        elif request.meta.get("kind") == "article" and response.status < 300:
            self.inc(site, "article_pages")

    def item_scraped(self, item: Any, response: Response, spider: Spider) -> None:
        adapter = ItemAdapter(item)
        site = adapter.get("site") or self.site_of(adapter.get("url") or response.url)
        self.inc(site, "articles")
        for name in FIELDS:
            if adapter.get(name):
                self.inc(site, f"with/{name}")
            else:
                self.example(site, name, adapter.get("canonical_url") or adapter.get("url"))
        if adapter.get("published_at"):
            self.inc(site, f"published/{published_source(adapter)}")
        else:
            self.example(site, "published", adapter.get("canonical_url") or adapter.get("url"))
        self.inc(site, f"body_chars/{body_bucket(len(adapter.get('body') or ''))}")

    def item_dropped(
        self, item: Any, response: Response, exception: BaseException, spider: Spider
    ) -> None:
        adapter = ItemAdapter(item)
        site = adapter.get("site") or self.site_of(adapter.get("url") or response.url)
        reason = str(exception).split(":")[0].strip().replace(" ", "_")[:40] or "dropped"
        self.inc(site, f"dropped/{reason}")

    def example(self, site: str, field: str, url: str | None) -> None:
        """Keep the first few URLs of articles that lack ``field``."""
        assert self.crawler.stats is not None
        if not url or self.examples <= 0:
            return
        count_key = f"{PREFIX}{site}/missing_count/{field}"
        seen = int(self.crawler.stats.get_value(count_key, 0))
        self.crawler.stats.set_value(count_key, seen + 1)
        if seen < self.examples:
            self.crawler.stats.set_value(f"{PREFIX}{site}/missing/{field}/{seen + 1}", url)


def published_source(adapter: ItemAdapter) -> str:
    """Where the article's published date was found: the candidate it was read from.

    ``unknown`` when no candidate holds the raw string (a date set by a profile hook).
    """
    raw = adapter.get("published_raw")
    for candidate in adapter.get("date_candidates") or []:
        if candidate.get("value") == raw:
            return str(candidate.get("source") or "unknown")
    return "unknown"


__all__ = ["BODY_BUCKETS", "HealthExtension", "published_source"]
