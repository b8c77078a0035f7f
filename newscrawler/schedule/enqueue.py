"""Scheduled crawls handed to a shared frontier, for ``newscrawler worker`` processes.

With ``frontier = "redis://..."`` in ``[scheduler]`` a due site is not crawled by the
scheduler: its crawl is registered on the frontier under a new crawl id, with the spec a
``newscrawler crawl --frontier`` process of the same options would register (start URLs
or profile, ``since``, ``until``, ``max_articles``, ``refresh``; plus the site's
``settings`` and key). The next idle worker joins it as its first process and seeds
discovery; other workers join as requests are queued. The scheduler records the enqueue
in the crawl history (a run with status ``enqueued`` and the crawl id) and does not wait
for the crawl; while a site's crawl is still on the frontier it is not enqueued again.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from newscrawler.frontier.config import crawl_spec
from newscrawler.frontier.keys import DEFAULT_PREFIX, Keys, connect, crawl_id_for
from newscrawler.frontier.registry import enqueue, has_work, registered
from newscrawler.schedule.config import Job
from storage.db import Database
from storage.runs import record_enqueued

logger = logging.getLogger(__name__)


def job_spec(job: Job) -> dict[str, Any]:
    """The crawl spec of one run of ``job``, as ``newscrawler crawl --frontier`` with the
    arguments of :meth:`Job.crawl_args` would build it, plus its settings and site key."""
    starts = [] if job.profile else [job.site]
    spec = crawl_spec(starts, job.profile, job.since, job.until, job.max_articles, job.refresh)
    spec["site"] = job.key
    if job.settings:
        spec["settings"] = dict(job.settings)
    return spec


class FrontierEnqueuer:
    """Puts the crawls of due jobs on the frontier at ``url`` (a client that answered)."""

    def __init__(self, url: str, prefix: str | None = None) -> None:
        self.url = url
        self.prefix = prefix or DEFAULT_PREFIX
        self.server = connect(url)  # FrontierError: bad or unreachable

    def on_frontier(self, site: str) -> str | None:
        """The id of a crawl of ``site`` that still has work on the frontier, if any."""
        for crawl_id, spec in registered(self.server, self.prefix).items():
            if spec.get("site") == site and has_work(self.server, Keys(self.prefix, crawl_id)):
                return crawl_id
        return None

    def enqueue(self, job: Job, db: Database) -> str | None:
        """Register a new crawl of ``job`` and record it; its id, or ``None`` when the
        site's previous crawl is still on the frontier."""
        previous = self.on_frontier(job.key)
        if previous is not None:
            logger.info("%s: skipped, its crawl %s is still on the frontier", job.key, previous)
            return None
        spec = job_spec(job)
        # A new id for every run: a crawl id is also its seen-set, which must start empty.
        crawl_id = crawl_id_for({**spec, "enqueued_at": time.time()})
        enqueue(self.server, self.prefix, crawl_id, spec)
        with db.session() as session:
            run_id = record_enqueued(session, job.key, {"frontier_crawl": crawl_id})
        logger.info("%s: crawl %s enqueued on the frontier (run %d)", job.key, crawl_id, run_id)
        return crawl_id

    def close(self) -> None:
        self.server.close()
