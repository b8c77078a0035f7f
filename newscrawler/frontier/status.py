"""What a frontier holds: crawls, queue lengths, leases, sites and live workers."""

from __future__ import annotations

import json
import pickle
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from newscrawler.frontier.keys import CRAWLS, Keys
from newscrawler.frontier.queue import SEP, lease_worker

SAMPLE = 20_000  # queued requests decoded for the per-site counts


@dataclass
class CrawlStatus:
    crawl_id: str
    spec: dict[str, Any]
    queued: int
    leased: int
    seeded: str | None
    articles_stored: int
    queued_by_site: Counter[str] = field(default_factory=Counter)
    fetched_by_site: dict[str, int] = field(default_factory=dict)
    workers: dict[str, float] = field(default_factory=dict)  # name -> seconds since heartbeat
    leases_by_worker: Counter[str] = field(default_factory=Counter)


def crawl_ids(server: Any, prefix: str) -> list[str]:
    """Crawls registered on the frontier, and any with keys left (finished, orphaned)."""
    found = {k.decode() for k in server.hkeys(prefix + CRAWLS)}
    for key in server.scan_iter(match=f"{prefix}*:queue"):
        found.add(key.decode()[len(prefix) :].rsplit(":", 1)[0])
    return sorted(found)


def host_of(data: bytes) -> str:
    try:
        return urlsplit(str(pickle.loads(data)["url"])).netloc
    except Exception:  # a request this version cannot read
        return "?"


def crawl_status(server: Any, prefix: str, crawl_id: str) -> CrawlStatus:
    keys = Keys(prefix, crawl_id)
    raw = server.hget(prefix + CRAWLS, crawl_id)
    seeded = server.get(keys.seeded)
    status = CrawlStatus(
        crawl_id=crawl_id,
        spec=json.loads(raw) if raw else {},
        queued=int(server.zcard(keys.queue)),
        leased=int(server.zcard(keys.leases)),
        seeded=seeded.decode() if seeded else None,
        articles_stored=int(server.get(keys.stored) or 0),
    )
    for data in server.zrange(keys.queue, 0, SAMPLE - 1):
        status.queued_by_site[host_of(data)] += 1
    for member in server.zrange(keys.leases, 0, -1):
        status.leases_by_worker[lease_worker(member)] += 1
        status.queued_by_site[host_of(member.split(SEP, 2)[2])] += 0
    status.fetched_by_site = {k.decode(): int(v) for k, v in server.hgetall(keys.sites).items()}
    now = time.time()
    status.workers = {
        k.decode(): round(now - float(v), 1) for k, v in server.hgetall(keys.workers).items()
    }
    return status


def clear(server: Any, prefix: str, crawl_id: str | None = None) -> int:
    """Delete a crawl's keys (every crawl under ``prefix`` without one); how many."""
    pattern = Keys(prefix, crawl_id).pattern() if crawl_id else prefix + "*"
    doomed = list(server.scan_iter(match=pattern, count=1000))
    for start in range(0, len(doomed), 500):
        server.delete(*doomed[start : start + 500])
    if crawl_id:
        server.hdel(prefix + CRAWLS, crawl_id)
    return len(doomed)
