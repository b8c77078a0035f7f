"""After a crawl: a line per site that is not ``ok``; the alert command on a turn to ``fail``."""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Mapping

from newscrawler.health.history import histories
from newscrawler.health.verdict import Thresholds, Verdict, judge
from storage.db import Database
from storage.types import utcnow

logger = logging.getLogger(__name__)
ALERT_TIMEOUT = 60


def site_verdicts(
    db: Database, site: str, overrides: Mapping[str, float] | None = None
) -> tuple[Verdict, Verdict | None]:
    """The site's verdict now, and as it stood before its latest run (``None``: no runs before)."""
    with db.read_session() as session:
        runs = histories(session, site).get(site, [])
    thresholds = Thresholds.from_mapping(overrides, source=f"health of {site}")
    now = utcnow()
    previous = judge(site, runs[:-1], thresholds, now) if len(runs) > 1 else None
    return judge(site, runs, thresholds, now), previous


def lines(verdicts: list[Verdict]) -> list[str]:
    """``health SITE: LEVEL: reasons`` for every site that is not ok.

    >>> from newscrawler.health.verdict import Check
    >>> lines([Verdict("a", "fail", [Check("published", "fail", "published date on 0%")])])
    ['health a: fail: published date on 0%']
    """
    return [
        f"health {v.site}: {v.level}: {'; '.join(v.reasons)}" for v in verdicts if v.level != "ok"
    ]


def run_alert(command: str, verdict: Verdict) -> int | None:
    """Run ``command`` through the shell with the verdict in its environment.

    ``NEWSCRAWLER_SITE``, ``NEWSCRAWLER_HEALTH`` and ``NEWSCRAWLER_HEALTH_REASONS``
    say what happened; the exit code is returned (``None`` when it could not run).
    """
    env = {
        **os.environ,
        "NEWSCRAWLER_SITE": verdict.site,
        "NEWSCRAWLER_HEALTH": verdict.level,
        "NEWSCRAWLER_HEALTH_REASONS": "; ".join(verdict.reasons),
    }
    try:
        done = subprocess.run(command, shell=True, env=env, timeout=ALERT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.warning("alert command for %s failed: %s", verdict.site, exc)
        return None
    return done.returncode
