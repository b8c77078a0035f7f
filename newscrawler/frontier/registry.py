"""The crawls registered on a frontier: how a crawl is announced and how workers find it.

A crawl is registered in the ``crawls`` hash under the key prefix: crawl id -> its spec
(:func:`newscrawler.frontier.config.crawl_spec`, as JSON). The first
``newscrawler crawl --frontier`` process of a crawl registers it as it seeds discovery;
``newscrawler schedule`` with a ``frontier`` registers a scheduled crawl before any
process runs it. ``newscrawler worker`` joins a registered crawl that has work to do and
rebuilds its ``newscrawler crawl`` arguments from the spec (``crawl_args``).
"""

from __future__ import annotations

import json
from typing import Any

from newscrawler.frontier.keys import CRAWLS, Keys


def register(server: Any, prefix: str, crawl_id: str, spec: dict[str, Any]) -> bool:
    """Announce a crawl to the workers; ``False`` when it was registered already (the
    first registration is kept: a scheduled crawl's spec is not replaced by its seeder's)."""
    text = json.dumps(spec, sort_keys=True)
    return bool(server.hsetnx(prefix + CRAWLS, crawl_id, text))


def enqueue(server: Any, prefix: str, crawl_id: str, spec: dict[str, Any]) -> None:
    """Register a crawl that no process runs yet: the next idle worker joins it and, as
    its first process, seeds discovery (what ``newscrawler schedule`` does)."""
    keys = Keys(prefix, crawl_id)
    pipe = server.pipeline(transaction=True)
    pipe.set(keys.enqueued, "1")
    pipe.hsetnx(prefix + CRAWLS, crawl_id, json.dumps(spec, sort_keys=True))
    pipe.execute()


def registered(server: Any, prefix: str) -> dict[str, dict[str, Any]]:
    """Every registered crawl: crawl id -> spec."""
    return {
        raw_id.decode(): json.loads(raw_spec)
        for raw_id, raw_spec in server.hgetall(prefix + CRAWLS).items()
    }


def has_work(server: Any, keys: Keys) -> bool:
    """The crawl still needs a worker: it was enqueued and nobody has seeded it yet, or
    requests are queued, or leased (perhaps by a dead worker)."""
    if server.get(keys.seeded) is None:
        # A crawl that is over has its keys expired, ``enqueued`` with them.
        return bool(server.exists(keys.enqueued))
    return bool(server.zcard(keys.queue) or server.zcard(keys.leases))


def pending_crawl(server: Any, prefix: str) -> tuple[str, dict[str, Any]] | None:
    """A registered crawl with work for a worker, if any."""
    for crawl_id, spec in registered(server, prefix).items():
        if has_work(server, Keys(prefix, crawl_id)):
            return crawl_id, spec
    return None
