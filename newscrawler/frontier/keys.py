"""Redis connection and key names of a frontier crawl."""

from __future__ import annotations

import hashlib
import json
import os
import socket
from dataclasses import dataclass
from typing import Any

import redis

DEFAULT_PREFIX = "newscrawler:"


class FrontierError(Exception):
    """The frontier's Redis cannot be used (bad URL, unreachable, refused)."""


def connect(url: str) -> redis.Redis:
    """A client for ``url`` that has answered a PING, else :class:`FrontierError`.

    >>> connect("http://example.com/")
    Traceback (most recent call last):
    ...
    newscrawler.frontier.keys.FrontierError: not a Redis URL: 'http://example.com/' (use redis://HOST:6379/0)
    """
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise FrontierError(f"not a Redis URL: {url!r} (use redis://HOST:6379/0)")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10)
        client.ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise FrontierError(f"cannot reach the frontier at {url}: {exc}") from None
    return client


def crawl_id_for(spec: dict[str, Any]) -> str:
    """A crawl id from what the crawl is: processes started with the same sites and
    options join the same crawl.

    >>> crawl_id_for({"starts": ["https://a.example/"]}) == crawl_id_for({"starts": ["https://a.example/"]})
    True
    """
    text = json.dumps(spec, sort_keys=True, default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def worker_name() -> str:
    """This process, as other workers see it: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one crawl (all under ``prefix + crawl_id``).

    >>> Keys("nc:", "abc").queue
    'nc:abc:queue'
    """

    prefix: str
    crawl_id: str

    @classmethod
    def of(cls, settings: Any) -> Keys:
        """The keys of the crawl ``FRONTIER_CRAWL_ID`` under ``FRONTIER_KEY_PREFIX``."""
        return cls(
            settings.get("FRONTIER_KEY_PREFIX") or DEFAULT_PREFIX, settings["FRONTIER_CRAWL_ID"]
        )

    def key(self, name: str) -> str:
        return f"{self.prefix}{self.crawl_id}:{name}"

    @property
    def queue(self) -> str:
        """Sorted set: encoded request -> -priority (lowest score pops first)."""
        return self.key("queue")

    @property
    def leases(self) -> str:
        """Sorted set: ``worker \\0 score \\0 request`` -> lease deadline (unix time)."""
        return self.key("leases")

    @property
    def seen(self) -> str:
        """Set of request fingerprints (the shared duplicate filter)."""
        return self.key("seen")

    @property
    def seeded(self) -> str:
        """``seeding`` while the first process enqueues discovery, then ``done``."""
        return self.key("seeded")

    @property
    def enqueued(self) -> str:
        """Set when a scheduler registered the crawl for the workers to start."""
        return self.key("enqueued")

    @property
    def workers(self) -> str:
        """Hash: worker name -> last heartbeat (unix time)."""
        return self.key("workers")

    @property
    def articles(self) -> str:
        """Counter of articles taken towards ``--max-articles`` across workers."""
        return self.key("articles")

    @property
    def stored(self) -> str:
        """Counter of articles that passed the pipelines (stored) across workers."""
        return self.key("stored")

    @property
    def stop(self) -> str:
        """Set once the crawl must end everywhere (``--max-articles`` reached)."""
        return self.key("stop")

    @property
    def sites(self) -> str:
        """Hash: site (host) -> requests fetched, for ``frontier status``."""
        return self.key("sites")

    def site_slots(self, site: str) -> str:
        """Sorted set of a site's in-flight request tokens -> expiry."""
        return self.key(f"slots:{site}")

    def site_next(self, site: str) -> str:
        """A site's earliest next request time (unix time, for the download delay)."""
        return self.key(f"next:{site}")

    def site_delay(self, site: str) -> str:
        """A site's current delay between two request starts (seconds), as the shared
        AutoThrottle has adjusted it."""
        return self.key(f"delay:{site}")

    def robots(self, site: str) -> str:
        """A site's robots.txt response, fetched once per crawl and ROBOTSTXT_CACHE_SECONDS."""
        return self.key(f"robots:{site}")

    def pattern(self) -> str:
        return f"{self.prefix}{self.crawl_id}:*"


CRAWLS = "crawls"  # hash under the prefix: crawl id -> JSON spec of the crawl
