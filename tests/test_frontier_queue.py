"""The leased queue, the shared seen-set and status/clear, against a real Redis."""

from __future__ import annotations

import time
from typing import Any

import pytest
import redis
from scrapy import Request, Spider

from newscrawler.frontier.queue import LeasedQueue
from newscrawler.frontier.status import clear, crawl_status

pytestmark = pytest.mark.redis


def make_queue(url: str, prefix: str, worker: str, lease: float = 60.0) -> LeasedQueue:
    queue = LeasedQueue(redis.Redis.from_url(url), Spider("news"), f"{prefix}|crawl1")
    queue.worker, queue.lease_seconds = worker, lease
    return queue


def test_a_pop_is_a_lease_and_an_ack_ends_it(redis_prefix: tuple[str, str]) -> None:
    url, prefix = redis_prefix
    queue = make_queue(url, prefix, "w1")
    queue.push(Request("http://a.example/1"))
    queue.push(Request("http://a.example/2", priority=5))
    popped = queue.pop()
    assert popped is not None
    request, member = popped
    assert request.url == "http://a.example/2"  # the higher priority first
    assert (len(queue), queue.leased()) == (1, 1)
    queue.ack([member])
    assert (len(queue), queue.leased()) == (1, 0)


def test_an_expired_lease_goes_back_to_the_queue(redis_prefix: tuple[str, str]) -> None:
    url, prefix = redis_prefix
    dead = make_queue(url, prefix, "dead", lease=0.2)
    dead.push(Request("http://a.example/1", priority=3))
    assert dead.pop() is not None
    other = make_queue(url, prefix, "alive")
    assert other.requeue_expired() == 0  # not yet expired
    time.sleep(0.3)
    assert other.requeue_expired() == 1
    popped = other.pop()
    assert popped is not None
    assert popped[0].url == "http://a.example/1" and popped[0].priority == 3


def test_renewed_leases_do_not_expire_and_released_ones_return_at_once(
    redis_prefix: tuple[str, str],
) -> None:
    url, prefix = redis_prefix
    queue = make_queue(url, prefix, "w1", lease=0.3)
    for n in range(3):
        queue.push(Request(f"http://a.example/{n}"))
    members = [p[1] for p in (queue.pop(), queue.pop()) if p is not None]
    time.sleep(0.2)
    queue.renew(members)
    time.sleep(0.2)
    assert queue.requeue_expired() == 0
    assert queue.release(members) == 2
    assert (len(queue), queue.leased()) == (3, 0)


def test_status_counts_sites_and_leases_and_clear_removes_the_keys(
    redis_prefix: tuple[str, str],
) -> None:
    url, prefix = redis_prefix
    queue = make_queue(url, prefix, "host:1")
    for host in ("a.example", "a.example", "b.example"):
        queue.push(Request(f"http://{host}/{time.time_ns()}"))
    assert queue.pop() is not None
    server: Any = redis.Redis.from_url(url)
    status = crawl_status(server, prefix, "crawl1")
    assert (status.queued, status.leased) == (2, 1)
    assert sum(status.queued_by_site.values()) == 2
    assert status.leases_by_worker == {"host:1": 1}
    assert clear(server, prefix, "crawl1") == 2
    assert crawl_status(server, prefix, "crawl1").queued == 0


def test_a_stalled_worker_takes_back_its_expired_lease_unless_another_popped_it(
    redis_prefix: tuple[str, str],
) -> None:
    url, prefix = redis_prefix
    stalled = make_queue(url, prefix, "stalled", lease=0.1)
    stalled.push(Request("http://a.example/1"))
    stalled.push(Request("http://a.example/2"))
    members = [p[1] for p in (stalled.pop(), stalled.pop()) if p is not None]
    time.sleep(0.2)
    other = make_queue(url, prefix, "other")
    assert other.requeue_expired() == 2
    assert other.pop() is not None  # one of them is fetched by the other worker now
    assert stalled.renew(members) == 1  # the other is taken back, not fetched twice
    assert (len(stalled), stalled.leased()) == (0, 2)
