"""Scrapy settings for newscrawler.

Components are switched on here and configured by prefixed settings
(``DATES_*``, ``REPEATS_*``, ``DEDUPE_*``, ``STORAGE_*``). Every value can be
overridden per crawl with ``newscrawler crawl -s NAME=VALUE``.
"""

from __future__ import annotations

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["newscrawler.spiders"]
NEWSPIDER_MODULE = "newscrawler.spiders"

# Politeness defaults: obey robots.txt, identify ourselves, adapt to the server.
ROBOTSTXT_OBEY = True
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
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"

# Scrapy's duplicate filter sees canonical URLs: ?utm_source=..., #fragments and
# AMP variants are one request.
REQUEST_FINGERPRINTER_CLASS = "newscrawler.plugins.requestfp.CanonicalRequestFingerprinter"

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
}
SPIDER_MIDDLEWARES = {"newscrawler.incremental.spider.IncrementalSpiderMiddleware": 950}
# A full or read-only disk under the job directory stops the crawl (one line).
SCHEDULER = "newscrawler.crawling.diskguard.DiskGuardScheduler"
# Resumable crawls: job state per site under the data directory.
EXTENSIONS = {
    "newscrawler.plugins.resume.ResumeExtension": 500,
    # a database outage pauses the crawl instead of failing every request
    "newscrawler.crawling.outage.DatabaseOutage": 510,
}
INCREMENTAL_ENABLED = True
INCREMENTAL_REFRESH = False
INCREMENTAL_CONDITIONAL = True
INCREMENTAL_LISTING_BOUND = True
# A URL that failed (404/410, connection error, redirect loop, HTML for a sitemap) is not
# requested again for this many seconds, doubling with each further failure, at most _MAX.
INCREMENTAL_FAILURE_BACKOFF = 86400
INCREMENTAL_FAILURE_BACKOFF_MAX = 30 * 86400

ITEM_PIPELINES = {
    "newscrawler.pipelines.normalise.NormalisePipeline": 100,
    "newscrawler.pipelines.repeats.RepeatsPipeline": 200,
    "newscrawler.pipelines.dates.DatesPipeline": 300,
    "newscrawler.pipelines.validate.ValidatePipeline": 400,
    "newscrawler.pipelines.dedupe.DedupePipeline": 600,
    "newscrawler.pipelines.storage.StoragePipeline": 900,
}

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
DEDUPE_URL_VARIANTS = True

# Storage: database URL (else $NEWSCRAWLER_DB, else ./newscrawler.sqlite).
STORAGE_DB_URL = None
STORAGE_BATCH_SIZE = 500
# Written when this many items wait, or when the oldest waited this many seconds
# (a killed crawl loses seconds of work at most).
STORAGE_FLUSH_INTERVAL = 2.0
# Items that cannot be stored (default: deadletter.jsonl in the crawl's data directory).
STORAGE_DEADLETTER_PATH = None
# During a database outage the crawl pauses; after this many seconds it stops (--resume).
STORAGE_OUTAGE_LIMIT = 600
STORAGE_OUTAGE_MAX_DELAY = 30
