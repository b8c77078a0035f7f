"""When a site is due: the first run after start-up and the run after each run.

Missed-run policy: fires missed while the scheduler was down (or while the
site's previous crawl was still running) are not replayed one by one; they
collapse into ONE run, started as soon as possible. A site with no crawl in
the history at all is due at start-up. The history is the ``crawl_runs``
table, so the policy holds across restarts and across machines sharing one
database.
"""

from __future__ import annotations

from datetime import datetime

from newscrawler.schedule.config import Job


def first_due(job: Job, last_start: datetime | None, now: datetime) -> datetime:
    """When ``job`` should first run, given the start of the site's latest recorded crawl.

    >>> from datetime import UTC, timedelta
    >>> job = Job(site="s", key="s", every=timedelta(hours=1))
    >>> now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    >>> first_due(job, None, now) == now                        # never crawled
    True
    >>> first_due(job, now - timedelta(hours=5), now) == now    # missed: once, now
    True
    >>> first_due(job, now - timedelta(minutes=20), now).time()
    datetime.time(12, 40)
    """
    if last_start is None:
        return now
    return next_due(job, last_start, now)


def next_due(job: Job, started: datetime, now: datetime) -> datetime:
    """The next run of ``job`` after a run that started at ``started``; missed fires run now.

    >>> from datetime import UTC
    >>> job = Job(site="s", key="s", cron="0 * * * *")
    >>> nine = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    >>> next_due(job, nine, nine.replace(minute=5))
    datetime.datetime(2026, 1, 1, 10, 0, tzinfo=datetime.timezone.utc)
    """
    due = job.next_after(started)
    return now if due <= now else due
