"""Capture every HTTP exchange of a crawl in WARC files (``WARC_DIR``).

:class:`WarcCaptureMiddleware` sits next to the downloader (order 950), so it
sees each response before any other middleware acts on it: redirects before
``RedirectMiddleware`` follows them, errors before ``RetryMiddleware`` retries,
robots.txt before ``RobotsTxtMiddleware`` parses it, and bodies still in the
``Content-Encoding`` the server chose, before ``HttpCompressionMiddleware``
(590) decodes them. Its request record carries the headers every other
middleware set (user agent, ``Accept-Encoding``). What it records is the wire
form, less the chunked framing Scrapy's downloader has already removed.

:class:`WarcItemMiddleware` then writes the response record's location (and
time) on every article the spider makes from that response, so the archive
can point each stored article at its capture.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers as ScrapyHeaders
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from newscrawler.warc.writer import (
    DEFAULT_MAX_SIZE,
    KIND_FIELD,
    SITE_FIELD,
    Capture,
    Exchange,
    Headers,
    WarcFiles,
)

logger = logging.getLogger(__name__)

META_KEY = "warc_capture"
# When the request left for the downloader (set only on requests that really did).
SENT_KEY = "warc_sent_at"
# Settings written into each file's warcinfo record: what shaped the crawl.
INFO_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "DOWNLOAD_DELAY",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "AUTOTHROTTLE_ENABLED",
    "INCREMENTAL_ENABLED",
    "INCREMENTAL_REFRESH",
)


def header_pairs(headers: ScrapyHeaders) -> Headers:
    """Scrapy headers as (name, value) text pairs, one per value."""
    pairs = []
    for name, values in headers.items():
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


def warcinfo_fields(settings: BaseSettings) -> dict[str, str]:
    """The warcinfo record's fields: robots policy, user agent, crawl settings."""
    obey = settings.getbool("ROBOTSTXT_OBEY")
    chosen = {name: settings.get(name) for name in INFO_SETTINGS}
    return {
        "robots": "obey" if obey else "ignore",
        "http-header-user-agent": str(settings.get("USER_AGENT") or ""),
        "isPartOf": str(settings.get("BOT_NAME") or "newscrawler"),
        "description": "crawl settings: " + json.dumps(chosen, default=str, sort_keys=True),
    }


def exchange_of(request: Request, response: Response | None) -> Exchange:
    """The exchange Scrapy saw, as the writer takes it."""
    request_headers = header_pairs(request.headers)
    if not any(name.lower() == "host" for name, _ in request_headers):
        request_headers.insert(0, ("Host", urlsplit(request.url).netloc))
    extra = {}
    for field, key in ((SITE_FIELD, "site"), (KIND_FIELD, "kind")):
        if request.meta.get(key):
            extra[field] = str(request.meta[key])
    exchange = Exchange(
        url=request.url,
        method=request.method,
        request_headers=request_headers,
        request_body=request.body,
        date=request.meta.get(SENT_KEY) or datetime.now(UTC),
        extra=extra,
    )
    if response is not None:
        exchange.url = response.url
        exchange.status = response.status
        exchange.protocol = response.protocol or "HTTP/1.1"
        exchange.response_headers = header_pairs(response.headers)
        exchange.body = response.body
    return exchange


class WarcCaptureMiddleware:
    """Downloader middleware: write each exchange to the WARC files in ``WARC_DIR``."""

    def __init__(self, files: WarcFiles, stats: StatsCollector) -> None:
        self.files = files
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        settings = crawler.settings
        folder = settings.get("WARC_DIR")
        if not folder:
            raise NotConfigured("no WARC_DIR: responses are not captured")
        max_size = settings.getint("WARC_MAX_SIZE", DEFAULT_MAX_SIZE)
        prefix = settings.get("WARC_PREFIX") or "newscrawler"
        files = WarcFiles(folder, warcinfo_fields(settings), max_size, prefix)
        assert crawler.stats is not None
        middleware = cls(files, crawler.stats)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> None:
        # Last before the downloader: a request that gets here is sent.
        request.meta[SENT_KEY] = datetime.now(UTC)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(SENT_KEY) is None:  # made by a middleware (a shared robots.txt)
            return response
        capture = self.files.write(exchange_of(request, response))
        request.meta[META_KEY] = capture
        request.meta[SENT_KEY] = None  # a retry or redirect copy is sent anew
        kind = "revisit" if response.status == 304 else "response"
        self.stats.inc_value(f"warc/{kind}")
        self.stats.set_value("warc/files", len(self.files.files))
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if request.meta.get(SENT_KEY) is None:  # refused before it was sent (IgnoreRequest)
            return
        self.files.write_request(exchange_of(request, None))
        self.stats.inc_value("warc/request_only")

    def spider_closed(self) -> None:
        self.files.close()


class WarcItemMiddleware:
    """Spider middleware: point each article at the response record it came from."""

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        capture = response.meta.get(META_KEY)
        async for output in result:
            if isinstance(capture, Capture) and not isinstance(output, Request):
                stamp(output, capture)
            yield output


def stamp(item: Any, capture: Capture) -> None:
    """Record ``capture`` on an item that has the capture fields; its fetch time too."""
    adapter = ItemAdapter(item)
    if "warc_record_id" not in adapter.field_names():
        return
    adapter["warc_file"] = capture.file
    adapter["warc_offset"] = capture.offset
    adapter["warc_record_id"] = capture.record_id
    adapter["fetched_at"] = capture.date
