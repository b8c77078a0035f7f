"""One robots.txt download per site and crawl.

With ``ROBOTSTXT_OBEY``, Scrapy's ``RobotsTxtMiddleware`` downloads a host's
robots.txt before the first request to it, and the news spider asks for the
same file to read its ``Sitemap:`` lines. :class:`RobotsTxtShareMiddleware`
sits after ``RobotsTxtMiddleware`` (priority 100) in the downloader chain: it
keeps the robots.txt response that middleware's own request got and answers
the spider's request for the same URL with it, once, instead of downloading
the file again (stat ``robotstxt/shared``), if it is not older than
``ROBOTSTXT_CACHE_SECONDS``. Robots rules are the same as ever: only Scrapy's
middleware reads them.

Without ``ROBOTSTXT_OBEY`` it is switched off and the spider's request goes
out as usual.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

MAX_KEPT = 64  # robots.txt responses kept for the spider (hosts it never asks about age out)


def is_robots_txt(url: str) -> bool:
    """True for the URL of a site's robots.txt.

    >>> is_robots_txt("https://example.com/robots.txt"), is_robots_txt("https://example.com/")
    (True, False)
    """
    return urlsplit(url).path == "/robots.txt"


class RobotsTxtShareMiddleware:
    """Answer the spider's robots.txt request with the copy Scrapy's robots middleware got."""

    def __init__(self, stats: StatsCollector, cache_seconds: float = 86400.0) -> None:
        self.stats = stats
        self.cache_seconds = cache_seconds
        self.clock: Callable[[], float] = time.monotonic  # tests set a fake one
        self.kept: dict[str, tuple[float, Response]] = {}  # URL -> (when, response)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtShareMiddleware:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("ROBOTSTXT_OBEY is off: nothing fetches robots.txt but the spider")
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getfloat("ROBOTSTXT_CACHE_SECONDS"))

    def process_request(self, request: Request) -> Response | None:
        if request.meta.get("dont_obey_robotstxt") or not is_robots_txt(request.url):
            return None
        when, kept = self.kept.pop(request.url, (0.0, None))
        if kept is None or self.clock() - when >= self.cache_seconds:
            return None
        self.stats.inc_value("robotstxt/shared")
        logger.debug("robots.txt answered from the robots middleware's download: %s", request.url)
        return kept.replace(request=request)

    def process_response(self, request: Request, response: Response) -> Response:
        url = str((request.meta.get("redirect_urls") or [request.url])[0])  # before redirects
        if request.meta.get("dont_obey_robotstxt") and is_robots_txt(url):
            self.kept.pop(url, None)
            if len(self.kept) >= MAX_KEPT:
                del self.kept[next(iter(self.kept))]
            self.kept[url] = (self.clock(), response)
        return response
