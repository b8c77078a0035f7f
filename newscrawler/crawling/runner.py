"""Run a crawl in this process and tell how it ended.

Exit codes (``newscrawler crawl`` exits with them; cron and systemd can act on them):

==  ===================================================================
0   the crawl finished (or stopped at ``--max-articles``)
1   the crawl ended abnormally (an error in the crawler, or it was interrupted)
2   bad usage: a bad argument or option (from the command line layer)
3   a database problem: some items could not be stored (they are kept in
    the dead-letter file beside the database; nothing is lost)
4   nothing could be fetched: every request failed (site down, DNS, blocked)
==  ===================================================================
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from newscrawler.crawling.jobdir import crawl_settings
from newscrawler.spiders.news import NewsSpider
from storage.runs import DROPPED_PREFIXES

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_ABNORMAL, EXIT_USAGE, EXIT_DATABASE, EXIT_NOTHING_FETCHED = 0, 1, 2, 3, 4
FINISHED_REASONS = {"finished", "max_articles", "closespider_itemcount"}


@dataclass
class CrawlOptions:
    """Everything ``newscrawler crawl`` can ask of one crawl."""

    starts: list[str]
    profile_path: str | None = None
    db_url: str | None = None
    since: str | None = None
    until: str | None = None
    max_articles: int | None = None
    refresh: bool = False
    resume: bool = False
    data_dir: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    log_level: str = "INFO"


@dataclass
class CrawlResult:
    """How a crawl ended: its exit code, a one-line reason, and the final stats."""

    exit_code: int
    reason: str
    stats: dict[str, Any]


def default_data_dir(db_url: str | None) -> Path:
    """Where crawl state lives unless ``--data-dir`` says: ``.newscrawler/`` beside the
    SQLite archive (so two archives never share a job directory), or in the
    working directory for a server database.
    """
    from storage.db import resolve_url, sqlite_path

    path = sqlite_path(resolve_url(db_url))
    return (path.parent if path is not None else Path()) / ".newscrawler"


def build_settings(options: CrawlOptions, site_key: str) -> Settings:
    """Project settings, then the crawl's options, then ``-s`` overrides (which win)."""
    settings = Settings()
    settings.setmodule("newscrawler.settings", priority="project")
    settings.set("LOG_LEVEL", options.log_level, priority="cmdline")
    if options.db_url:
        settings.set("STORAGE_DB_URL", options.db_url, priority="cmdline")
    # Every crawl keeps its job state, so that any crawl can be resumed.
    db_url = options.db_url or options.overrides.get("STORAGE_DB_URL")
    data_dir = options.data_dir or default_data_dir(db_url)
    if not options.overrides.get("FRONTIER_URL"):  # a shared crawl keeps its state in Redis
        extra = crawl_settings(site_key, resume=options.resume, data_dir=data_dir)
        settings.update(extra, priority="cmdline")
    if options.refresh:
        settings.set("INCREMENTAL_REFRESH", True, priority="cmdline")
    settings.update(options.overrides, priority="cmdline")
    if options.overrides.get("FRONTIER_URL"):
        from newscrawler.frontier.config import settings_for

        settings.update(settings_for(options, settings), priority="cmdline")
    return settings


def spider_kwargs(options: CrawlOptions) -> dict[str, Any]:
    """The ``news`` spider's arguments for these options."""
    kwargs: dict[str, Any] = {
        "start": ",".join(options.starts),
        "profile": options.profile_path,
        "since": options.since,
        "until": options.until,
        "max_articles": options.max_articles,
        "refresh": options.refresh,
    }
    return {k: v for k, v in kwargs.items() if v not in (None, "", False)}


def summary(stats: dict[str, Any]) -> str:
    """The crawl's outcome in one line: what was stored, fetched and dropped."""
    count = {k: int(v) for k, v in stats.items() if isinstance(v, int)}
    stored = count.get("storage/inserted", 0) + count.get("storage/revised", 0)
    dropped = sum(v for k, v in count.items() if k.startswith(DROPPED_PREFIXES))
    duplicates = count.get("dedupe/exact", 0) + count.get("dedupe/near", 0)
    return (
        f"{stored} articles stored ({count.get('storage/inserted', 0)} new, "
        f"{count.get('storage/revised', 0)} revised, {count.get('storage/unchanged', 0)} "
        f"unchanged, {duplicates} marked as duplicates); "
        f"{count.get('downloader/response_count', 0)} pages fetched, {dropped} dropped"
    )


def judge(stats: dict[str, Any]) -> CrawlResult:
    """Turn a crawl's final stats into an exit code and a one-line reason."""
    reason = str(stats.get("finish_reason", "unknown"))
    if stats.get("storage/errors"):
        return CrawlResult(EXIT_DATABASE, f"{stats['storage/errors']} items not stored", stats)
    if reason not in FINISHED_REASONS:
        return CrawlResult(EXIT_ABNORMAL, f"crawl ended: {reason}; {summary(stats)}", stats)
    # (a frontier worker that joined late may fetch nothing while the crawl fetched plenty)
    if not stats.get("downloader/response_count") and not stats.get("frontier/crawl_pages"):
        return CrawlResult(EXIT_NOTHING_FETCHED, "nothing could be fetched", stats)
    return CrawlResult(EXIT_OK, f"finished: {summary(stats)}", stats)


def run_crawl(options: CrawlOptions, site_key: str) -> CrawlResult:
    """Run one crawl to its end in this process (Twisted's reactor runs once per process)."""
    settings = build_settings(options, site_key)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, **spider_kwargs(options))
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return judge(stats)
