"""Per-site politeness across workers: one site's concurrency and delay are global.

Each worker's Scrapy throttles a site on its own, so N workers would hit a site N times
harder. Before a request goes to the downloader this middleware takes a token from the
site's shared budget in Redis (at most ``CONCURRENT_REQUESTS_PER_DOMAIN`` tokens out, and
the site's delay between two starts), waiting while there is none; the token comes back
with the response. The worker renews its tokens as it renews its leases, so a dead
worker's tokens expire after ``FRONTIER_LEASE_SECONDS``.

The budget owns the delay: :func:`.config.global_delay_settings` moves the crawl's
``DOWNLOAD_DELAY`` and ``AUTOTHROTTLE_ENABLED`` here and switches Scrapy's own per-worker
delay off, since a local delay taken after the global grant sends the request late, and
two workers' requests then reach the site closer together than the delay. With
AutoThrottle on, the site's delay is adjusted in Redis by every worker's responses, by
AutoThrottle's rule (latency / ``AUTOTHROTTLE_TARGET_CONCURRENCY``, averaged with the
current delay, never below ``DOWNLOAD_DELAY`` nor above ``AUTOTHROTTLE_MAX_DELAY``, not
lowered by a non-200 answer): N workers keep the site at the target concurrency of one.
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

# KEYS: slots, next, delay. ARGV: token, now, limit, delay when none is kept, ttl.
# Returns 0 when the token was taken, else how many ms to wait before trying again.
ACQUIRE = """
local now = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 20 end
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if nxt > now then return math.max(1, math.ceil((nxt - now) * 1000)) end
local delay = tonumber(redis.call('GET', KEYS[3]) or ARGV[4])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[5]), ARGV[1])
redis.call('SET', KEYS[2], tostring(now + delay), 'EX', 3600)
return 0
"""

# KEYS: slots, delay. ARGV: token, latency ('' when the delay is not adjusted), target
# concurrency, min delay, max delay, start delay, 1 if the answer was a 200.
RELEASE = """
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[2] == '' then return 0 end
local current = tonumber(redis.call('GET', KEYS[2]) or ARGV[6])
local target = tonumber(ARGV[2]) / tonumber(ARGV[3])
local new = math.min(math.max(tonumber(ARGV[4]), target, (current + target) / 2), tonumber(ARGV[5]))
if ARGV[7] ~= '1' and new <= current then return 0 end
redis.call('SET', KEYS[2], tostring(new), 'EX', 3600)
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
        self.delay = max(0.0, settings.getfloat("FRONTIER_SITE_DELAY", 0.0))
        self.throttle = settings.getbool("FRONTIER_AUTOTHROTTLE", False)
        self.target = max(0.01, settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY", 1.0))
        self.max_delay = max(self.delay, settings.getfloat("AUTOTHROTTLE_MAX_DELAY", 60.0))
        # AutoThrottle's first delay, until the site's first answer adjusts it.
        start = settings.getfloat("AUTOTHROTTLE_START_DELAY", 5.0)
        self.start_delay = max(self.delay, start) if self.throttle else self.delay
        self.slot_seconds = settings.getfloat("FRONTIER_LEASE_SECONDS", 60.0)
        self.acquire = server.register_script(ACQUIRE)
        self.release = server.register_script(RELEASE)
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
        keys = [self.keys.site_slots(site), self.keys.site_next(site), self.keys.site_delay(site)]
        waited = 0.0
        while True:
            args = [token, time.time(), self.limit, self.start_delay, self.slot_seconds]
            wait_ms = int(self.acquire(keys=keys, args=args))
            if not wait_ms:
                break
            waited += wait_ms / 1000
            await maybe_deferred_to_future(task.deferLater(reactor, wait_ms / 1000, lambda: None))
        request.meta[TOKEN] = (site, token)
        self.held[token] = site
        if waited and self.crawler.stats is not None:
            self.crawler.stats.inc_value("frontier/politeness/waited_ms", int(waited * 1000))

    def give_back(self, request: Request, response: Response | None = None) -> None:
        """Return the request's token; a response adjusts the site's delay (AutoThrottle)."""
        held = request.meta.pop(TOKEN, None)
        if held is None:
            return
        site, token = held
        self.held.pop(token, None)
        latency = request.meta.get("download_latency")
        adjust = (
            self.throttle
            and response is not None
            and latency is not None
            and not request.meta.get("autothrottle_dont_adjust_delay", False)
        )
        keys = [self.keys.site_slots(site), self.keys.site_delay(site)]
        ok = int(response is not None and response.status == 200)
        args = [token, latency if adjust else "", self.target, self.delay]
        self.release(keys=keys, args=[*args, self.max_delay, self.start_delay, ok])

    def process_response(self, request: Request, response: Response) -> Response:
        self.give_back(request, response)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self.give_back(request)
