"""The generic ``news`` spider: any Bengali news site from its home URL.

Discovery runs from cheap to expensive: robots.txt ``Sitemap:`` lines (sitemap
indexes, news sitemaps), feeds autodiscovered from ``<link rel="alternate">``,
then the home page and section listings. Every page that looks like an article
goes through the site-agnostic extraction cascade (:mod:`newscrawler.extract`);
dates, repeats, duplicates and storage are the pipelines' business.

The spider is a set of small hooks (``discover``, ``is_article``,
``follow_listing``, ``make_item``); a site profile feeds them data, and a
site-specific subclass overrides one hook only when data is not enough.

Usage::

    scrapy crawl news -a start=https://www.example.com.bd/ -a max_articles=100
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import urljoin

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawler.crawling.context import CrawlContext
from newscrawler.crawling.kinds import RequestKind, request_kind
from newscrawler.discover.challenge import detect_block
from newscrawler.discover.feeds import feed_links, parse_feed
from newscrawler.discover.listing import is_article_url, listing_links
from newscrawler.discover.robots import sitemap_urls
from newscrawler.discover.sitemaps import parse_sitemap
from newscrawler.extract import ExtractionError
from newscrawler.extract.evidence import declares_article
from newscrawler.extract.response import make_article, page_text
from newscrawler.items import ArticleItem
from newscrawler.profiles import SiteProfile, crawl_key, crawl_profiles
from newscrawler.spiders.window import (
    ArticleBudget,
    CrawlWindow,
    SpiderArgumentError,
    positive_int,
)
from newscrawler.text.urls import canonical_url

logger = logging.getLogger(__name__)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class NewsSpider(scrapy.Spider):
    """Crawl one or more news sites given by home URL or profile name.

    Spider arguments: ``start`` (comma-separated home URLs or profile names),
    ``profile`` (path of a profile TOML), ``since``/``until`` (dates bounding
    the articles fetched), ``max_articles``, ``refresh`` (re-fetch stored
    articles). Components read them from ``self.context``
    (:class:`~newscrawler.crawling.context.CrawlContext`).
    """

    name = "news"

    def __init__(
        self,
        start: str | None = None,
        profile: str | None = None,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        refresh: str | bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.profiles = self.load_profiles(start, profile)
        try:
            self.window = CrawlWindow.from_strings(since, until)
        except ValueError as exc:
            raise SpiderArgumentError(f"-a since/until: {exc}") from None
        self.max_articles = positive_int(max_articles, "max_articles")
        self.refresh = str(refresh).lower() in ("1", "true", "yes")
        self.allowed_domains = sorted({d for p in self.profiles for d in p.domains})
        self.budget = ArticleBudget(self.max_articles)
        # What the crawl's components share (see newscrawler.crawling.context).
        self.context = CrawlContext(
            site=crawl_key(self.profiles),
            profiles=tuple(self.profiles),
            window=self.window,
            max_articles=self.max_articles,
            refresh=self.refresh,
        )
        # Links already followed from listing pages: a listing links every page of
        # its section, so most links were seen before; skipping them here costs a
        # set lookup instead of a canonical URL, a Request and a fingerprint each.
        self.seen_links: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        try:
            spider = super().from_crawler(crawler, *args, **kwargs)
        except ValueError as exc:  # a bad -a argument or profile: one line, exit 2
            logger.error("%s", exc)
            raise SystemExit(2) from None
        # --max-articles counts articles the pipelines kept, not those yielded.
        crawler.signals.connect(spider.on_item_stored, signal=signals.item_scraped)
        crawler.signals.connect(spider.on_item_lost, signal=signals.item_dropped)
        crawler.signals.connect(spider.on_item_lost, signal=signals.item_error)
        return spider

    def on_item_stored(self, item: Any) -> None:
        self.budget.settle(stored=True)

    def on_item_lost(self, item: Any) -> None:
        self.budget.settle(stored=False)

    @staticmethod
    def load_profiles(start: str | None, profile: str | None) -> list[SiteProfile]:
        """Profiles from ``-a profile=PATH`` and/or ``-a start=URL,NAME,...``."""
        try:
            return crawl_profiles((start or "").split(","), profile)
        except ValueError as exc:
            raise SpiderArgumentError(str(exc)) from None

    def profile_of(self, url: str) -> SiteProfile:
        """The profile whose domains hold ``url`` (the first one as a fallback)."""
        return next((p for p in self.profiles if p.allows(url)), self.profiles[0])

    # -- discovery -----------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for profile in self.profiles:
            for request in self.discover(profile):
                yield request

    def discover(self, profile: SiteProfile) -> Iterator[Request]:
        """First requests for a site: robots.txt, hinted sitemaps/feeds, listings."""
        meta = {"site": profile.name}
        yield Request(
            urljoin(profile.home_url, "/robots.txt"),
            callback=self.parse_robots,
            errback=self.on_error,
            meta={**meta, "kind": RequestKind.ROBOTS},
        )
        for url in profile.sitemaps:
            yield self.sitemap_request(url, profile)
        for url in profile.feeds:
            yield self.feed_request(url, profile)
        for url in profile.start_urls or (profile.home_url,):
            yield self.listing_request(url, profile, depth=0)

    def sitemap_request(
        self, url: str, profile: SiteProfile, lastmod: datetime | None = None
    ) -> Request:
        meta = {"site": profile.name, "kind": RequestKind.SITEMAP, "lastmod": lastmod}
        return Request(url, callback=self.parse_sitemap, errback=self.on_error, meta=meta)

    def feed_request(self, url: str, profile: SiteProfile) -> Request:
        meta = {"site": profile.name, "kind": RequestKind.FEED}
        return Request(url, callback=self.parse_feed, errback=self.on_error, meta=meta)

    def listing_request(self, url: str, profile: SiteProfile, depth: int) -> Request:
        meta = {"site": profile.name, "kind": RequestKind.LISTING, "listing_depth": depth}
        return Request(url, callback=self.parse_page, errback=self.on_error, meta=meta)

    def article_request(
        self, url: str, profile: SiteProfile, lastmod: datetime | None = None
    ) -> Request | None:
        """A request for an article page, or ``None`` when the crawl bounds rule it out."""
        target = canonical_url(url)
        if not target or not profile.allows(target) or self.full:
            return None
        if not self.window.admits(lastmod):
            return None
        meta = {"site": profile.name, "kind": RequestKind.ARTICLE, "lastmod": lastmod}
        return Request(target, callback=self.parse_page, errback=self.on_error, meta=meta)

    # -- callbacks -----------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Request]:
        profile = self.profile_of(response.url)
        text = response.text if isinstance(response, TextResponse) else ""
        for url in sitemap_urls(text, response.url):
            self.crawler.stats.inc_value("discover/sitemaps_in_robots")
            yield self.sitemap_request(url, profile)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        profile = self.profile_of(response.url)
        sitemap = parse_sitemap(response.body, response.url, tz=profile.timezone)
        self.crawler.stats.inc_value(f"discover/sitemap/{sitemap.kind}")
        if sitemap.kind == "index":
            for entry in sitemap.entries:
                if profile.allows(entry.loc) and self.window.admits_index(entry.lastmod):
                    yield self.sitemap_request(entry.loc, profile, entry.lastmod)
            return
        # Newest first, so that --max-articles keeps the latest articles.
        entries = sorted(sitemap.entries, key=lambda e: e.lastmod or EPOCH, reverse=True)
        yield from self.article_requests(((e.loc, e.lastmod) for e in entries), profile)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        profile = self.profile_of(response.url)
        entries = parse_feed(response.body, response.url, tz=profile.timezone)
        if entries is None:
            self.crawler.stats.inc_value("discover/feed/invalid")
            return
        self.crawler.stats.inc_value("discover/feed/parsed")
        pairs = ((e.link, e.updated or e.published) for e in entries)
        yield from self.article_requests(pairs, profile)

    def article_requests(
        self, pairs: Iterable[tuple[str, datetime | None]], profile: SiteProfile
    ) -> Iterator[Request]:
        for url, lastmod in pairs:
            request = self.article_request(url, profile, lastmod)
            if request is not None:
                yield request

    def parse_page(self, response: Response) -> Iterator[Request | ArticleItem]:
        """Any HTML page: an article yields an item; a listing yields more requests."""
        stats = self.crawler.stats
        if self.full:
            # Stop here, not right after the last article's yield: an exception
            # raised after a yield would lose that item on its way to the pipelines.
            stats.inc_value("pages/skipped/max_articles")
            raise CloseSpider("max_articles")
        if not isinstance(response, TextResponse):
            stats.inc_value("pages/dropped/not_html")
            return
        html = page_text(response.body, response.text, response.encoding)
        block = detect_block(html, response.status)
        if block:
            stats.inc_value(f"pages/dropped/blocked/{block}")
            return
        profile = self.profile_of(response.url)
        expected = request_kind(response.meta) == RequestKind.ARTICLE
        if expected or self.is_article_page(response.url, html, profile):
            try:
                item = self.make_item(response, html, profile)
            except ExtractionError as exc:  # not "not an article": counted apart
                stats.inc_value(f"extract/error/{exc.kind}")
                logger.warning("%s", exc)
                return
            if item is not None:
                yield from self.emit(item)
                return
            if expected:
                stats.inc_value("pages/dropped/not_article")
        stats.inc_value("pages/listing")
        yield from self.follow_listing(response, html, profile)

    @property
    def full(self) -> bool:
        """True once ``max_articles`` articles have been stored."""
        return self.budget.full

    def emit(self, item: ArticleItem) -> Iterator[ArticleItem]:
        """Yield an article unless ``max_articles`` are stored or on their way."""
        if not self.budget.take():
            self.crawler.stats.inc_value("pages/skipped/max_articles")
            return
        self.crawler.stats.inc_value("pages/article")
        yield item

    # -- hooks ---------------------------------------------------------------

    def is_article(self, url: str, profile: SiteProfile) -> bool:
        """Override this to change which URLs are tried as articles."""
        return is_article_url(url, profile=profile)

    def is_article_page(self, url: str, html: str, profile: SiteProfile) -> bool:
        """Try extraction when the URL looks like an article's or the page declares one.

        The extractor then decides from all the evidence; a page it refuses is
        followed as a listing.
        """
        if self.is_article(url, profile):
            return True
        if profile.article_re is None and declares_article(html):
            self.crawler.stats.inc_value("pages/declared_article")
            return True
        return False

    def follow_listing(
        self, response: TextResponse, html: str, profile: SiteProfile
    ) -> Iterator[Request]:
        """Feeds, articles and further listing pages linked from a listing page."""
        depth = int(response.meta.get("listing_depth", 0))
        if depth == 0:
            for url in feed_links(html, response.url):
                yield self.feed_request(url, profile)
        links = listing_links(html, response.url, profile=profile, known=self.seen_links)
        if links.known:
            self.crawler.stats.inc_value("discover/seen_links", links.known)
        articles = self.unseen(links.articles)
        yield from self.article_requests(((u, None) for u in articles), profile)
        if depth < self.settings.getint("NEWS_LISTING_DEPTH"):
            for url in self.unseen(links.listings):
                if profile.allows(url):
                    yield self.listing_request(url, profile, depth + 1)

    def unseen(self, links: list[str]) -> list[str]:
        """The links no listing page gave before (in this crawl); remembers them."""
        new = [url for url in links if url not in self.seen_links]
        if len(new) < len(links):
            self.crawler.stats.inc_value("discover/seen_links", len(links) - len(new))
        self.seen_links.update(new)
        return new

    def make_item(
        self, response: TextResponse, html: str, profile: SiteProfile
    ) -> ArticleItem | None:
        """Extract an :class:`ArticleItem` from an article page, or ``None``."""
        return make_article(html, response.url, profile, response.status)

    def on_error(self, failure: Failure) -> None:
        """Count a failed request by reason; the crawl goes on.

        A request a middleware chose not to send (a stored article, a 304) is
        not a failure: the middleware counts it.
        """
        if isinstance(failure.value, HttpError):  # an IgnoreRequest too: test it first
            reason = f"http_{failure.value.response.status}"
        elif isinstance(failure.value, IgnoreRequest):
            return
        else:
            reason = type(failure.value).__name__
        self.crawler.stats.inc_value(f"pages/failed/{reason}")
        request = getattr(failure, "request", None)
        logger.info("request failed (%s): %s", reason, getattr(request, "url", "?"))
