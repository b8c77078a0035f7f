"""Redirects stay on the site's own origins unless its profile allows others.

Scrapy follows any redirect. A page that redirects to the same host on another
port, or to another host, would be fetched (and stored) as the site's. This
downloader middleware sees each redirected request (``meta["redirect_urls"]``)
before it is sent: it goes out when its origin (scheme, host, port) is that
of the first request, or one the site owns
(:meth:`newscrawler.profiles.SiteProfile.owns_origin`: a host on its domains,
on a default port or the home URL's; or an origin listed in the profile's
``redirect_origins``). Otherwise it is dropped (``IgnoreRequest``, stat
``redirect/refused_origin``). ``REDIRECT_SAME_ORIGIN=False`` switches it off.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request
from scrapy.statscollectors import StatsCollector

from newscrawler.profiles import SiteProfile, generic_profile, origin_of

logger = logging.getLogger(__name__)


class OriginRedirectMiddleware:
    """Drop redirected requests that leave the site's origins."""

    def __init__(self, stats: StatsCollector, crawler: Crawler | None = None) -> None:
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OriginRedirectMiddleware:
        if not crawler.settings.getbool("REDIRECT_SAME_ORIGIN", True):
            raise NotConfigured("REDIRECT_SAME_ORIGIN is off: redirects go anywhere")
        assert crawler.stats is not None
        return cls(crawler.stats, crawler)

    def profile_for(self, url: str) -> SiteProfile:
        """The crawl's profile of the site ``url`` is on (a generic one when none)."""
        spider = self.crawler.spider if self.crawler is not None else None
        profile_of = getattr(spider, "profile_of", None)
        profile = profile_of(url) if callable(profile_of) else None
        return profile if isinstance(profile, SiteProfile) else generic_profile(url)

    def process_request(self, request: Request) -> None:
        chain = request.meta.get("redirect_urls")
        if not chain:
            return
        first = str(chain[0])
        if origin_of(request.url) == origin_of(first):
            return
        if self.profile_for(first).owns_origin(request.url):
            return
        self.stats.inc_value("redirect/refused_origin")
        logger.info("redirect from %s to another origin not followed: %s", first, request.url)
        raise IgnoreRequest(f"redirect to another origin: {request.url}")
