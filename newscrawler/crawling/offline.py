"""Run the item pipelines on one page without a crawl: what ``newscrawler extract`` does.

The same extraction and item pipelines as a crawl, minus storage and the
cross-article duplicate check, so a user can check a site profile against a
saved page and see exactly what a crawl would store.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.settings import Settings
from scrapy.spiders import Spider
from scrapy.utils.misc import build_from_crawler, load_object

from newscrawler.discover.challenge import detect_block
from newscrawler.extract.response import make_article
from newscrawler.items import ArticleItem
from newscrawler.profiles import SiteProfile

logger = logging.getLogger(__name__)

# Pipelines that need an archive; an offline run leaves them out.
ARCHIVE_PIPELINES = ("StoragePipeline", "DedupePipeline")


@dataclass
class Outcome:
    """What became of one page: the item, or why there is none, and the stats."""

    item: ArticleItem | None
    dropped: str | None = None
    stats: dict[str, Any] = field(default_factory=dict)


def offline_pipelines(
    overrides: dict[str, Any] | None = None, exclude: tuple[str, ...] = ARCHIVE_PIPELINES
) -> tuple[list[Any], Any]:
    """Build the enabled item pipelines (less ``exclude``, by class name) and their stats.

    Re-extraction and WARC import keep ``DedupePipeline`` (it reads the archive
    at ``STORAGE_DB_URL``) and store the items themselves.
    """
    settings = Settings()
    settings.setmodule("newscrawler.settings", priority="project")
    settings.update(overrides or {}, priority="cmdline")
    enabled = settings.getwithbase("ITEM_PIPELINES")
    # A crawler that is never started: pipelines only read its settings and
    # stats, and no reactor is needed (or installed) for that.
    crawler = Crawler(Spider, settings)
    crawler.stats = load_object(settings["STATS_CLASS"])(crawler)
    pipelines = []
    for path, _order in sorted(enabled.items(), key=lambda kv: kv[1]):
        if _order is None or path.rsplit(".", 1)[-1] in exclude:
            continue
        try:
            pipelines.append(build_from_crawler(load_object(path), crawler))
        except NotConfigured as exc:
            logger.debug("pipeline %s disabled: %s", path, exc)
    return pipelines, crawler.stats


def run_pipelines(item: ArticleItem, pipelines: list[Any]) -> tuple[ArticleItem | None, str | None]:
    """Pass ``item`` through ``pipelines``; return it, or ``None`` and the drop reason."""
    try:
        for pipeline in pipelines:
            item = pipeline.process_item(item)
    except DropItem as exc:
        return None, str(exc)
    return item, None


def page_item(
    html: str, url: str, profile: SiteProfile, status: int = 200
) -> tuple[ArticleItem | None, str | None]:
    """The page's article before pipelines, or ``None`` and why there is none."""
    block = detect_block(html, status)
    if block:
        return None, f"blocked: {block}"
    item = make_article(html, url, profile, status)
    if item is None:
        return None, "not_article: no article found on the page"
    return item, None


def process_page(
    html: str, url: str, profile: SiteProfile, overrides: dict[str, Any] | None = None
) -> Outcome:
    """Extract and clean one page; never touches a database."""
    item, reason = page_item(html, url, profile)
    if item is None:
        return Outcome(None, reason)
    pipelines, stats = offline_pipelines(overrides)
    cleaned, reason = run_pipelines(item, pipelines)
    return Outcome(cleaned, reason, stats.get_stats())
