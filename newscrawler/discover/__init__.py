"""Discovery: where a generic crawl finds article URLs.

Pure functions over page text (``str``/``bytes``) and the page's URL; no Scrapy
imports. ``robots`` lists sitemaps, ``sitemaps`` and ``feeds`` parse what they
point at, ``listing`` picks article and listing links out of HTML pages, and
``blocks`` recognises bot walls that must never be stored as articles.
"""

from __future__ import annotations

from newscrawler.discover.challenge import detect_block
from newscrawler.discover.feeds import FeedEntry, feed_links, parse_feed
from newscrawler.discover.listing import Links, is_article_url, listing_links
from newscrawler.discover.robots import sitemap_urls
from newscrawler.discover.sitemaps import Sitemap, SitemapEntry, parse_sitemap

__all__ = [
    "FeedEntry",
    "Links",
    "Sitemap",
    "SitemapEntry",
    "detect_block",
    "feed_links",
    "is_article_url",
    "listing_links",
    "parse_feed",
    "parse_sitemap",
    "sitemap_urls",
]
