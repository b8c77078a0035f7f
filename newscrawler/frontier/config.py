"""The Scrapy settings a frontier crawl turns on, and its crawl id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newscrawler.frontier.keys import crawl_id_for

# Scrapy components of a frontier crawl (merged into the project's dicts).
DOWNLOADER_MIDDLEWARES = {
    # before RobotsTxtMiddleware (100): robots.txt answered from the crawl's shared copy
    "newscrawler.frontier.robots.SharedRobotsMiddleware": 95,
    # last before the download itself: one site's requests share one global budget
    "newscrawler.frontier.politeness.SitePolitenessMiddleware": 950,
}
SPIDER_MIDDLEWARES = {"newscrawler.frontier.middleware.FrontierSpiderMiddleware": 960}
EXTENSIONS = {"newscrawler.frontier.extension.FrontierExtension": 510}
# Near-duplicate checks under a crawl-wide lock.
DEDUPE = "newscrawler.pipelines.dedupe.DedupePipeline"
DEDUPE_LOCKED = "newscrawler.frontier.dedupe.FrontierDedupePipeline"


def crawl_spec(
    starts: list[str],
    profile_path: str | None,
    since: str | None,
    until: str | None,
    max_articles: int | None,
    refresh: bool,
) -> dict[str, Any]:
    """What a crawl is, as JSON: the same spec on two machines is the same crawl."""
    profile = Path(profile_path).read_text("utf-8") if profile_path else None
    return {
        "starts": list(starts),
        "profile": profile,
        "since": since,
        "until": until,
        "max_articles": max_articles,
        "refresh": refresh,
    }


def frontier_settings(
    url: str, spec: dict[str, Any], current: dict[str, Any], crawl_id: str | None = None
) -> dict[str, Any]:
    """Settings for a crawl on the frontier at ``url``; ``current`` holds the crawl's
    component dicts as configured so far (``DOWNLOADER_MIDDLEWARES``, ...).

    >>> s = frontier_settings("redis://h:6379/0", {"starts": ["x"]}, {})
    >>> s["SCHEDULER"], len(s["FRONTIER_CRAWL_ID"])
    ('newscrawler.frontier.scheduler.FrontierScheduler', 12)
    """
    crawl = crawl_id or crawl_id_for(spec)
    return {
        "FRONTIER_URL": url,
        "FRONTIER_CRAWL_ID": crawl,
        "FRONTIER_SPEC": json.dumps(spec, sort_keys=True),
        "SCHEDULER": "newscrawler.frontier.scheduler.FrontierScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        # Each article is written as it comes: a killed worker has nothing unwritten.
        "STORAGE_BATCH_SIZE": 1,
        # The crawl run rows of all workers are grouped by the crawl id.
        "STORAGE_RUN_OPTIONS": {"frontier_crawl": crawl},
        "DOWNLOADER_MIDDLEWARES": {
            **dict(current.get("DOWNLOADER_MIDDLEWARES") or {}),
            **DOWNLOADER_MIDDLEWARES,
        },
        "SPIDER_MIDDLEWARES": {
            **dict(current.get("SPIDER_MIDDLEWARES") or {}),
            **SPIDER_MIDDLEWARES,
        },
        "EXTENSIONS": {**dict(current.get("EXTENSIONS") or {}), **EXTENSIONS},
        "ITEM_PIPELINES": {
            (DEDUPE_LOCKED if path == DEDUPE else path): order
            for path, order in dict(current.get("ITEM_PIPELINES") or {}).items()
        },
    }


def global_delay_settings(settings: Any) -> dict[str, Any]:
    """The settings that give a frontier crawl's delay to the sites' shared budgets: the
    crawl's delay and AutoThrottle switch are kept as ``FRONTIER_SITE_DELAY`` and
    ``FRONTIER_AUTOTHROTTLE``, and Scrapy's per-worker delay, its randomisation and
    AutoThrottle are switched off. Nothing changes with ``FRONTIER_POLITENESS`` off.

    >>> from scrapy.settings import Settings
    >>> s = global_delay_settings(Settings({"DOWNLOAD_DELAY": 0.25, "AUTOTHROTTLE_ENABLED": True}))
    >>> s["FRONTIER_SITE_DELAY"], s["FRONTIER_AUTOTHROTTLE"], s["DOWNLOAD_DELAY"]
    (0.25, True, 0)
    """
    if not settings.getbool("FRONTIER_POLITENESS", True):
        return {}
    return {
        "FRONTIER_SITE_DELAY": max(0.0, settings.getfloat("DOWNLOAD_DELAY")),
        "FRONTIER_AUTOTHROTTLE": settings.getbool("AUTOTHROTTLE_ENABLED"),
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_ENABLED": False,
    }


def settings_for(options: Any, settings: Any) -> dict[str, Any]:
    """Frontier settings for a ``newscrawler crawl`` (its ``CrawlOptions``), merged into
    the component dicts ``settings`` holds so far."""
    spec = crawl_spec(
        options.starts,
        options.profile_path,
        options.since,
        options.until,
        options.max_articles,
        options.refresh,
    )
    current = {
        name: settings.getdict(name)
        for name in ("DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "EXTENSIONS", "ITEM_PIPELINES")
    }
    crawl_id = settings.get("FRONTIER_CRAWL_ID") or None
    return {
        **frontier_settings(settings["FRONTIER_URL"], spec, current, crawl_id),
        **global_delay_settings(settings),
    }
