"""robots.txt read as RFC 9309 says (Scrapy's ``RobotsTxtMiddleware``, corrected).

* ``2xx``: the rules apply; only the first ``ROBOTSTXT_PARSE_LIMIT`` bytes
  (default 500 KiB, the RFC's minimum) are parsed, so a huge file still counts
  instead of failing. The request asks for that much (``Range``) and accepts up
  to ``ROBOTSTXT_MAXSIZE`` bytes (default 32 MiB) from servers that send all.
* ``4xx``: no rules: everything is allowed.
* ``5xx``, or no answer at all (connection refused, timeout, DNS, a body over
  ``ROBOTSTXT_MAXSIZE``): everything is **disallowed** until it is asked for again.

A host's answer is kept for ``ROBOTSTXT_CACHE_SECONDS`` (default 86400: RFC
9309 section 2.4, no cached copy used for more than 24 hours), then asked for
again before the host's next request (stat ``robotstxt/refetched``). When that
download gets a ``5xx`` or no answer, the file is unreachable: the copy already
kept stays in use, for another period (stat ``robotstxt/kept_stale``), rather
than disallowing everything; a ``2xx`` or ``4xx`` replaces it. Stats:
``robotstxt/disallow_all/<why>``, ``robotstxt/allow_all/4xx``,
``robotstxt/truncated``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

PARSE_LIMIT = 500 * 1024
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


def first_part(body: bytes, limit: int) -> bytes:
    """The first ``limit`` bytes of a robots.txt, cut after the last whole line.

    >>> first_part(b"User-agent: *\\nDisallow: /a\\nDisallow: /b", 30)
    b'User-agent: *\\nDisallow: /a\\n'
    """
    if len(body) <= limit:
        return body
    head = body[:limit]
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut >= 0 else head


class RobotsTxtMiddleware(ScrapyRobotsTxt):
    """Scrapy's robots.txt middleware with RFC 9309's answers to errors and large files."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.parse_limit = crawler.settings.getint("ROBOTSTXT_PARSE_LIMIT", PARSE_LIMIT)
        self.max_size = crawler.settings.getint("ROBOTSTXT_MAXSIZE", 32 * 1024 * 1024)
        self.cache_seconds = crawler.settings.getfloat("ROBOTSTXT_CACHE_SECONDS")
        self.clock: Callable[[], float] = time.monotonic  # tests set a fake one
        self.fetched: dict[str, float] = {}  # host -> when its robots.txt was asked for
        self.stale: dict[str, RobotParser | None] = {}  # host -> the copy being refetched

    def robots_request(self, scheme: str, netloc: str) -> Request:
        """The request for a host's robots.txt."""
        return Request(
            f"{scheme}://{netloc}/robots.txt",
            priority=self.DOWNLOAD_PRIORITY,
            headers={"Range": f"bytes=0-{self.parse_limit - 1}"},
            meta={
                "dont_obey_robotstxt": True,
                "download_maxsize": self.max_size,
                "max_retry_times": 1,
            },
            callback=NO_CALLBACK,
        )

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        netloc = url.netloc
        if self.expired(netloc):
            kept = self._parsers.pop(netloc)
            assert not isinstance(kept, Deferred)  # expired() says so
            self.stale[netloc] = kept
            self._stats.inc_value("robotstxt/refetched")
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            self.fetched[netloc] = self.clock()
            robots = self.robots_request(url.scheme, netloc)
            try:
                response = await self.crawler.engine.download_async(robots)
                # a copy shared by other workers (the frontier) is as old as its download
                shared = getattr(response.request, "meta", {})
                self.fetched[netloc] -= float(shared.get("robotstxt_age", 0))
                await self._parse_robots(response, netloc, request)
            except Exception as exc:  # any failure to get an answer: RFC 9309 2.3.1.4
                self._robots_error(exc, netloc)
            self.stale.pop(netloc, None)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(parser)
        return parser

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        status = response.status
        if status >= 500:
            self.settle(netloc, DISALLOW_ALL, f"{status}", "disallow_all/5xx")
            return
        if status >= 400:
            self._stats.inc_value("robotstxt/allow_all/4xx")
            self.settle(netloc, b"", None, None)
            return
        body = response.body
        if len(body) > self.parse_limit:
            self._stats.inc_value("robotstxt/truncated")
            logger.info(
                "robots.txt of %s is %d bytes: its first %d bytes are read",
                netloc,
                len(body),
                self.parse_limit,
            )
            response = response.replace(body=first_part(body, self.parse_limit))
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc).__name__}")
        self.settle(netloc, DISALLOW_ALL, f"{type(exc).__name__}: {exc}", "disallow_all/error")

    def expired(self, netloc: str) -> bool:
        """True when ``netloc``'s kept robots.txt is older than ``ROBOTSTXT_CACHE_SECONDS``."""
        kept = self._parsers.get(netloc, self)  # self: nothing kept
        if kept is self or isinstance(kept, Deferred):
            return False
        return self.clock() - self.fetched.get(netloc, -float("inf")) >= self.cache_seconds

    def settle(self, netloc: str, rules: bytes, why: str | None, stat: str | None) -> None:
        """Answer everyone waiting for ``netloc``'s parser with ``rules``.

        A failure (``why``) while a copy is being refetched keeps that copy instead.
        """
        if why is not None and netloc in self.stale:
            logger.warning(
                "robots.txt of %s could not be read again (%s): the copy kept stays in use",
                netloc,
                why,
            )
            self._stats.inc_value("robotstxt/kept_stale")
            self.answer(netloc, self.stale.pop(netloc))
            return
        if why is not None:
            logger.warning(
                "robots.txt of %s could not be read (%s): nothing on it is fetched", netloc, why
            )
        if stat is not None:
            self._stats.inc_value(f"robotstxt/{stat}")
        self.answer(netloc, build_from_crawler(self._parserimpl, self.crawler, rules))

    def answer(self, netloc: str, parser: Any) -> None:
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)
