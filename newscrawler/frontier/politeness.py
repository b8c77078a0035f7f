"""Per-site politeness across workers: one site's concurrency and delay are global.

Each worker's Scrapy throttles a site on its own, so N workers would hit a site N times
harder. Before a request goes to the downloader this middleware takes a token from the
site's shared budget in Redis (at most ``CONCURRENT_REQUESTS_PER_DOMAIN`` tokens out, and
``DOWNLOAD_DELAY`` seconds between two starts), waiting while there is none; the token
comes back with the response. The worker renews its tokens as it renews its leases, so
a dead worker's tokens expire after ``FRONTIER_LEASE_SECONDS``.
"""

from __future__ import annotations

import time
import uuid
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor, task

from newscrawler.frontier.keys import Keys, connect

# KEYS: slots, next. ARGV: token, now, limit, delay, ttl.
# Returns 0 when the token was taken, else how many ms to wait before trying again.
ACQUIRE = """
local now = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 20 end
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if nxt > now then return math.max(1, math.ceil((nxt - now) * 1000)) end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[5]), ARGV[1])
redis.call('SET', KEYS[2], tostring(now + tonumber(ARGV[4])), 'EX', 3600)
return 0
"""

TOKEN = "frontier_site_token"


def site_of(url: str) -> str:
    """The site a request counts against: its host and port, as Scrapy's slots.

    >>> site_of("http://127.0.0.2:8000/a/b")
    '127.0.0.2:8000'
    """
    return urlsplit(url).netloc.lower()


class SitePolitenessMiddleware:
    """Downloader middleware: a global per-site budget of concurrent requests and delay."""

    def __init__(self, crawler: Crawler, server: Any, keys: Keys) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.server = server
        self.keys = keys
        self.limit = max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 8))
        self.delay = max(0.0, settings.getfloat("DOWNLOAD_DELAY", 0.0))
        self.slot_seconds = settings.getfloat("FRONTIER_LEASE_SECONDS", 60.0)
        self.acquire = server.register_script(ACQUIRE)
        self.held: dict[str, str] = {}  # token -> site
        self.loop = task.LoopingCall(self.renew)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_opened(self) -> None:
        self.loop.start(max(0.2, self.slot_seconds / 4), now=False)

    def spider_closed(self) -> None:
        if self.loop.running:
            self.loop.stop()
        for token, site in list(self.held.items()):
            self.server.zrem(self.keys.site_slots(site), token)
        self.held.clear()

    def renew(self) -> None:
        """Push out the expiry of the tokens this worker holds (it is alive)."""
        expiry = time.time() + self.slot_seconds
        pipe = self.server.pipeline(transaction=False)
        for token, site in self.held.items():
            pipe.zadd(self.keys.site_slots(site), {token: expiry}, xx=True)
        pipe.execute()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SitePolitenessMiddleware:
        settings = crawler.settings
        if not settings.get("FRONTIER_URL") or not settings.getbool("FRONTIER_POLITENESS", True):
            raise NotConfigured("no frontier, or FRONTIER_POLITENESS is off")
        return cls(crawler, connect(settings["FRONTIER_URL"]), Keys.of(settings))

    async def process_request(self, request: Request) -> None:
        site = site_of(request.url)
        token = uuid.uuid4().hex
        keys = [self.keys.site_slots(site), self.keys.site_next(site)]
        waited = 0.0
        while True:
            args = [token, time.time(), self.limit, self.delay, self.slot_seconds]
            wait_ms = int(self.acquire(keys=keys, args=args))
            if not wait_ms:
                break
            waited += wait_ms / 1000
            await maybe_deferred_to_future(task.deferLater(reactor, wait_ms / 1000, lambda: None))
        request.meta[TOKEN] = (site, token)
        self.held[token] = site
        if waited and self.crawler.stats is not None:
            self.crawler.stats.inc_value("frontier/politeness/waited_ms", int(waited * 1000))

    def give_back(self, request: Request) -> None:
        held = request.meta.pop(TOKEN, None)
        if held is not None:
            site, token = held
            self.held.pop(token, None)
            self.server.zrem(self.keys.site_slots(site), token)

    def process_response(self, request: Request, response: Response) -> Response:
        self.give_back(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self.give_back(request)
