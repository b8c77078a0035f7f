"""robots.txt fetched once per site per crawl, whatever the number of workers.

The first worker to need a site's robots.txt takes a short lock and downloads it; its
response is kept in Redis for ``ROBOTSTXT_CACHE_SECONDS`` (24 hours, RFC 9309), and
every other request for it (Scrapy's ``RobotsTxtMiddleware`` and the news spider, in
every worker) is answered from there, marked with its age (``robotstxt_age`` in the
request's meta) so that a worker's copy is asked for again when the shared one expires.
An answer of ``5xx`` is not shared: each worker then keeps its own copy, if it has one
(:mod:`newscrawler.plugins.robots`).
"""

from __future__ import annotations

import json
import time
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor, task

from newscrawler.frontier.keys import Keys, connect
from newscrawler.frontier.politeness import site_of
from newscrawler.plugins.robotsshare import is_robots_txt

SHARED = "frontier_robots"
LOCK_SECONDS = 30


class SharedRobotsMiddleware:
    """Downloader middleware (before ``RobotsTxtMiddleware``): one robots.txt per site."""

    def __init__(
        self, crawler: Crawler, server: Any, keys: Keys, cache_seconds: float = 86400.0
    ) -> None:
        self.crawler = crawler
        self.server = server
        self.keys = keys
        self.cache_seconds = cache_seconds

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedRobotsMiddleware:
        settings = crawler.settings
        if not settings.get("FRONTIER_URL"):
            raise NotConfigured("FRONTIER_URL is not set")
        return cls(
            crawler,
            connect(settings["FRONTIER_URL"]),
            Keys.of(settings),
            settings.getfloat("ROBOTSTXT_CACHE_SECONDS"),
        )

    def inc(self, name: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(name)

    async def process_request(self, request: Request) -> Response | None:
        if not is_robots_txt(request.url):
            return None
        key = self.keys.robots(site_of(request.url))
        # Only RobotsTxtMiddleware's own request waits for another worker's download:
        # the spider's request for the file waits on that middleware, never the reverse.
        waits = bool(request.meta.get("dont_obey_robotstxt"))
        deadline = time.time() + (LOCK_SECONDS if waits else 0)
        while True:
            kept = self.server.get(key)
            if kept is not None:
                self.inc("frontier/robots/shared")
                request.meta[SHARED] = True
                shared = json.loads(kept)
                age = time.time() - float(shared.get("at", time.time()))
                request.meta["robotstxt_age"] = max(0.0, age)
                return rebuild(shared, request)
            if not waits or time.time() >= deadline:
                return None
            if self.server.set(key + ":lock", "1", nx=True, ex=LOCK_SECONDS):
                return None  # this worker downloads it
            await maybe_deferred_to_future(task.deferLater(reactor, 0.1, lambda: None))

    def process_response(self, request: Request, response: Response) -> Response:
        if is_robots_txt(request.url) and not request.meta.get(SHARED) and response.status < 500:
            kept = {
                "url": response.url,
                "status": response.status,
                "headers": {k.decode(): [v.decode("latin-1") for v in vs]
                            for k, vs in response.headers.items()},
                "body": response.body.decode("latin-1"),
                "at": time.time(),
            }  # fmt: skip
            key, seconds = self.keys.robots(site_of(request.url)), max(1, int(self.cache_seconds))
            if self.server.set(key, json.dumps(kept), nx=True, ex=seconds):
                self.inc("frontier/robots/fetched")
        return response


def rebuild(kept: dict[str, Any], request: Request) -> Response:
    """A response from its kept form, for ``request``."""
    headers = Headers({k: v for k, v in kept["headers"].items()})
    body = kept["body"].encode("latin-1")
    cls = responsetypes.from_args(headers=headers, url=kept["url"], body=body)
    return cls(url=kept["url"], status=kept["status"], headers=headers, body=body, request=request)
