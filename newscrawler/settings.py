"""Scrapy settings for newscrawler.

Components are switched on here and configured by prefixed settings
(``NEWS_*``, ``INCREMENTAL_*``, ``DATES_*``, ``REPEATS_*``, ``VALIDATE_*``,
``DEDUPE_*``, ``STORAGE_*``). This module is the only place a setting's
default is written: components read ``settings.getint("NAME")`` with no
default of their own. Every value can be overridden per crawl with
``newscrawler crawl -s NAME=VALUE``.
"""

from __future__ import annotations

from newscrawler.text.zones import DEFAULT_TIMEZONE

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["newscrawler.spiders"]
NEWSPIDER_MODULE = "newscrawler.spiders"

# Politeness defaults: obey robots.txt, identify ourselves, adapt to the server.
ROBOTSTXT_OBEY = True
# RFC 9309 2.4: a robots.txt answer is used for 24 hours at most, then asked for
# again (a copy kept stays in use while the file is unreachable).
ROBOTSTXT_CACHE_SECONDS = 86400
USER_AGENT = "newscrawler/0.1 (+research archive of Bengali news; https://github.com/newscrawler)"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy's remote-control endpoint runs Python sent to it and leaves token files: off.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
LOG_FORMATTER = "newscrawler.plugins.logformatter.LogFormatter"
# Scrapy checks that a generator callback returns no value by parsing its source,
# for most responses (its answer is cached per bound method, which lives only as
# long as a request): about 1.5% of a crawl's CPU. The spider's callbacks are
# checked once, by a test (tests/test_spiders_news.py).
WARN_ON_GENERATOR_RETURN_VALUE = False
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"

# Scrapy's duplicate filter sees canonical URLs: ?utm_source=..., #fragments and
# AMP variants are one request.
REQUEST_FINGERPRINTER_CLASS = "newscrawler.plugins.requestfp.CanonicalRequestFingerprinter"

# The news spider follows section listings this many links deep from the home page.
NEWS_LISTING_DEPTH = 3

# Incremental crawling: skip stored articles unless their sitemap/feed lastmod is
# newer, conditional GET for sitemaps and feeds, bounded listing walks.
DOWNLOADER_MIDDLEWARES = {
    "newscrawler.incremental.middleware.IncrementalMiddleware": 90,
    # robots.txt per RFC 9309: 5xx or no answer disallows all, 4xx allows all, 500 KiB read
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawler.plugins.robots.RobotsTxtMiddleware": 100,
    # redirects stay on the site's origins (scheme, host, port) unless its profile allows
    # others: checked before robots.txt, so a foreign origin's robots.txt is not fetched either
    "newscrawler.plugins.redirects.OriginRedirectMiddleware": 95,
    # after RobotsTxtMiddleware (100): the spider reads the robots.txt it downloaded
    "newscrawler.plugins.robotsshare.RobotsTxtShareMiddleware": 110,
    # next to the downloader: sees responses as served (see newscrawler/warc/capture.py)
    "newscrawler.warc.capture.WarcCaptureMiddleware": 950,
}
SPIDER_MIDDLEWARES = {
    "newscrawler.incremental.spider.IncrementalSpiderMiddleware": 950,
    "newscrawler.warc.capture.WarcItemMiddleware": 960,
}
# A full or read-only disk under the job directory stops the crawl (one line).
SCHEDULER = "newscrawler.crawling.diskguard.DiskGuardScheduler"
# Resumable crawls: job state per site under the data directory. ``newscrawler crawl``
# sets JOBDIR and RESUME_MODE (fresh, continue or recover) for every crawl.
EXTENSIONS = {
    "newscrawler.plugins.resume.ResumeExtension": 500,
    # a database outage pauses the crawl instead of failing every request
    "newscrawler.crawling.outage.DatabaseOutage": 510,
    # Per-site extraction health, counted into the crawl's stats (newscrawler health).
    "newscrawler.health.tally.HealthExtension": 600,
    "newscrawler.crawling.progress.Progress": 610,
}
RESUME_MODE = "fresh"
HEALTH_ENABLED = True
# URLs kept per site and missing field, as examples for whoever fixes the extractor.
HEALTH_EXAMPLES = 3
# A progress line on stderr (`newscrawler crawl` switches it on for a terminal).
PROGRESS_ENABLED = False
INCREMENTAL_ENABLED = True
INCREMENTAL_REFRESH = False
INCREMENTAL_CONDITIONAL = True
INCREMENTAL_LISTING_BOUND = True
# Fetch records of pages are written to the archive this many at a time.
INCREMENTAL_FLUSH_SIZE = 50
# A URL that failed (404/410, connection error, redirect loop, HTML for a sitemap) is not
# requested again for this many seconds, doubling with each further failure, at most _MAX.
INCREMENTAL_FAILURE_BACKOFF = 86400
INCREMENTAL_FAILURE_BACKOFF_MAX = 30 * 86400

# WARC capture: every HTTP exchange goes to WARC/1.1 files in WARC_DIR (off when unset),
# a new file every WARC_MAX_SIZE bytes. See docs/warc.md.
WARC_DIR = None
WARC_MAX_SIZE = 1024**3
WARC_PREFIX = "newscrawler"

ITEM_PIPELINES = {
    "newscrawler.pipelines.normalise.NormalisePipeline": 100,
    "newscrawler.pipelines.repeats.RepeatsPipeline": 200,
    "newscrawler.pipelines.dates.DatesPipeline": 300,
    "newscrawler.pipelines.validate.ValidatePipeline": 400,
    "newscrawler.pipelines.dedupe.DedupePipeline": 600,
    "newscrawler.pipelines.storage.StoragePipeline": 900,
}

# Dates: raw candidates become published_at/updated_at. Stamps before DATES_MIN_YEAR
# or more than DATES_FUTURE_SLACK_MINUTES after the fetch are refused; an item
# without a (valid) time zone is read in DATES_DEFAULT_TIMEZONE.
DATES_ENABLED = True
DATES_MIN_YEAR = 1990
DATES_FUTURE_SLACK_MINUTES = 60
DATES_DEFAULT_TIMEZONE = DEFAULT_TIMEZONE

# Validation: a body with less than this share of Bengali letters is dropped.
VALIDATE_MIN_BENGALI_RATIO = 0.5
VALIDATE_MIN_BODY_CHARS = 80

# Repeated content inside a page (a body printed twice, repeated paragraph runs).
REPEATS_ENABLED = True

# Duplicates across articles: exact (content hash) and near (MinHash + LSH,
# Jaccard similarity of word pairs at or above the threshold). Near duplicates
# are stored and marked, never dropped. The index lives in the archive.
DEDUPE_ENABLED = True
DEDUPE_THRESHOLD = 0.3
DEDUPE_NUM_PERM = 256
DEDUPE_SHINGLE_SIZE = 2
DEDUPE_STORE = "sql"
DEDUPE_SQLITE_CACHE_MB = 64
DEDUPE_FLUSH_SIZE = 100
DEDUPE_URL_VARIANTS = True

# Storage: database URL (else $NEWSCRAWLER_DB, else ./newscrawler.sqlite).
# Items are written STORAGE_BATCH_SIZE at a time; a locked batch is retried
# STORAGE_RETRIES times before it goes to the dead-letter file.
STORAGE_ENABLED = True
STORAGE_DB_URL = None
STORAGE_BATCH_SIZE = 500
STORAGE_RETRIES = 5
# Written when this many items wait, or when the oldest waited this many seconds
# (a killed crawl loses seconds of work at most).
STORAGE_FLUSH_INTERVAL = 2.0
# Items that cannot be stored (default: deadletter.jsonl in the crawl's data directory).
STORAGE_DEADLETTER_PATH = None
# During a database outage the crawl pauses; after this many seconds it stops (--resume).
STORAGE_OUTAGE_LIMIT = 600
STORAGE_OUTAGE_MAX_DELAY = 30
