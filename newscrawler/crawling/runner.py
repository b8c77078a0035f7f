"""Run a crawl in this process and tell how it ended.

Exit codes (``newscrawler crawl`` exits with them; cron and systemd can act on them):

==  ===================================================================
0   the crawl finished (or stopped at ``--max-articles``)
1   the crawl ended abnormally (an error in the crawler, or it was interrupted)
2   bad usage: a bad argument or option (from the command line layer)
3   a database problem: some items could not be stored (they are kept in
    the dead-letter file beside the database; nothing is lost)
4   nothing could be fetched: every request failed (site down, DNS, blocked)
5   another crawl of the site is running (it holds the job directory's lock)
==  ===================================================================
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from newscrawler.crawling.heap import crawl_heap
from newscrawler.crawling.jobdir import crawl_settings
from newscrawler.crawling.progress import OneLineErrors
from newscrawler.profiles import crawl_key, crawl_profiles
from newscrawler.spiders.news import NewsSpider
from storage.runs import count, dropped

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
    log_file: Path | None = None
    # On a terminal: a progress line instead of INFO logs (`crawl` without -v
    # or --log-file).
    progress: bool = False
    # Logged errors with their traceback (-v, --log-file, DEBUG), else one line.
    tracebacks: bool = False


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
    if options.log_file:
        settings.set("LOG_FILE", str(options.log_file), priority="cmdline")
    if options.progress:
        settings.set("PROGRESS_ENABLED", True, priority="cmdline")
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
    leave_out_switched_off(settings)
    return settings


# Scrapy components that their own setting switches off, by where they are listed.
SWITCHED_OFF = (
    (
        "COOKIES_ENABLED",
        "DOWNLOADER_MIDDLEWARES",
        "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
    ),
    ("REMOTE_CONTROL_ENABLED", "EXTENSIONS", "scrapy.extensions.remote_control.RemoteControl"),
)


def leave_out_switched_off(settings: Settings) -> None:
    """Take out of Scrapy's base listings the components whose setting is off
    (``COOKIES_ENABLED = False``).

    Scrapy imports a listed component before it declines to run, and these
    imports cost a crawl about half a second of CPU (tldextract's, for the
    cookies middleware). Unlisting one in ``DOWNLOADER_MIDDLEWARES`` (``None``)
    would still import it: only the base listing is read without importing. A
    crawl that switches one on (``-s COOKIES_ENABLED=True``) still gets it.
    """
    for switch, listing, path in SWITCHED_OFF:
        if not settings.getbool(switch):
            base = settings.getdict(f"{listing}_BASE")
            if base.pop(path, None) is not None:
                settings.set(f"{listing}_BASE", base, priority="default")


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
    """The crawl's outcome in one line: what was stored, fetched and dropped.

    The counts are those ``runs`` and the scheduler show (:mod:`storage.runs`).

    >>> summary({"storage/inserted": 2, "response_received_count": 5,
    ...          "pages/failed/http_404": 1, "pages/skipped/max_articles": 3}).split("; ")[1]
    '5 pages fetched, 1 dropped'
    """
    return (
        f"{count(stats, 'articles_stored')} articles stored "
        f"({int(stats.get('storage/inserted') or 0)} new, {count(stats, 'revisions')} revised, "
        f"{int(stats.get('storage/unchanged') or 0)} unchanged, "
        f"{count(stats, 'duplicates')} marked as duplicates); "
        f"{count(stats, 'pages_fetched')} pages fetched, {sum(dropped(stats).values())} dropped"
    )


# Why requests failed, in words, by the name counted in ``pages/failed/<name>``.
FAILURE_WORDS = {
    "ConnectionRefusedError": "connection refused",
    "DownloadConnectionRefusedError": "connection refused",
    "DownloadTimeoutError": "timed out",
    "DNSLookupError": "host name not found (DNS)",
    "TimeoutError": "timed out",
    "TCPTimedOutError": "timed out",
    "ConnectionLost": "connection lost",
    "ResponseNeverReceived": "no response",
    "NoRouteError": "no route to host",
}


def why(stats: dict[str, Any]) -> str:
    """Why nothing was fetched, from the failures the crawl counted.

    >>> why({"pages/failed/ConnectionRefusedError": 2})
    'connection refused (2 requests)'
    >>> why({})
    'no request got a response (see the log, or rerun with -v)'
    """
    failed = {
        k.rsplit("/", 1)[-1].rsplit(".", 1)[-1]: int(v)
        for k, v in stats.items()
        if k.startswith(("pages/failed/", "downloader/exception_type_count/"))
    }
    if not failed:
        return "no request got a response (see the log, or rerun with -v)"
    name = max(failed, key=lambda k: failed[k])
    words = FAILURE_WORDS.get(name, name.replace("_", " "))
    n = failed[name]
    return f"{words} ({n} request{'s' if n != 1 else ''})"


def judge(stats: dict[str, Any]) -> CrawlResult:
    """Turn a crawl's final stats into an exit code and a one-line reason."""
    reason = str(stats.get("finish_reason", "unknown"))
    if stats.get("storage/lost"):  # neither stored nor dead-lettered (see pipelines/storage.py)
        return CrawlResult(
            EXIT_DATABASE,
            f"stopped: the dead-letter file could not be written; "
            f"{stats['storage/lost']} items in memory were lost",
            stats,
        )
    if reason == "database_unavailable":  # see crawling/outage.py
        return CrawlResult(
            EXIT_DATABASE, "stopped: the database was unreachable; continue with --resume", stats
        )
    if stats.get("storage/errors"):
        return CrawlResult(
            EXIT_DATABASE,
            f"{stats['storage/errors']} items not stored: kept in the dead-letter file "
            "(store them with 'newscrawler deadletter replay')",
            stats,
        )
    if reason not in FINISHED_REASONS:
        return CrawlResult(EXIT_ABNORMAL, f"crawl ended: {reason}; {summary(stats)}", stats)
    # (a frontier worker that joined late may fetch nothing while the crawl fetched plenty)
    if not count(stats, "pages_fetched") and not stats.get("frontier/crawl_pages"):
        return CrawlResult(EXIT_NOTHING_FETCHED, f"nothing could be fetched: {why(stats)}", stats)
    return CrawlResult(EXIT_OK, f"finished: {summary(stats)}", stats)


def one_line_errors() -> None:
    """Log errors as one line each, without their traceback (see :class:`OneLineErrors`)."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(OneLineErrors())


def site_of(options: CrawlOptions) -> str:
    """The site key of the crawl these options ask for (the spider computes the same).

    Raises :class:`~newscrawler.profiles.ProfileError` for a bad profile or start.
    """
    return crawl_key(crawl_profiles(options.starts, options.profile_path))


def run_crawl(options: CrawlOptions) -> CrawlResult:
    """Run one crawl to its end in this process (Twisted's reactor runs once per process).

    Its job directory is kept under the crawl's site key (:func:`site_of`).
    """
    settings = build_settings(options, site_of(options))
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    if not options.tracebacks:
        # Scrapy installs its final log handler when the crawl starts.
        crawler.signals.connect(one_line_errors, signal=signals.engine_started)
    process.crawl(crawler, **spider_kwargs(options))
    with crawl_heap():
        process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return judge(stats)
