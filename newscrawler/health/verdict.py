"""A site's latest figures against its own recent history: ``ok``, ``warn`` or ``fail``.

The baseline of a figure is its median over a trailing window of the site's
good runs (finished, with enough articles to judge), so one odd run neither
trips an alarm nor moves the baseline much. Every check says why in words:
"published date on 12% of articles, was 97% (last 14 runs)".
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from typing import Any

from newscrawler.health.figures import FIELDS, SiteFigures

LEVELS = ("ok", "warn", "fail")
GOOD_STATUSES = frozenset({"finished", "resumed"})
FIELD_WORDS = {
    "title": "headline",
    "body": "body",
    "published": "published date",
    "authors": "author",
    "section": "section",
}


@dataclass(frozen=True)
class Thresholds:
    """When a figure warns or fails; set per site in a profile's ``[health]`` table."""

    window: int = 14  # good runs in the baseline
    min_history: int = 3  # good runs needed before judging
    min_articles: int = 5  # articles a run needs for its shares to be judged
    warn_drop: float = 0.15  # a share this much below its baseline warns ...
    fail_drop: float = 0.35  # ... and this much below fails
    body_warn_ratio: float = 0.6  # median body length below this share of its baseline warns
    body_fail_ratio: float = 0.35
    blocked_warn: float = 0.1  # blocked/challenge pages: rise in share that warns
    blocked_fail: float = 0.3
    http_warn: float = 0.2  # HTTP errors: rise in share of pages
    http_fail: float = 0.5
    stale_factor: float = 3.0  # no new articles for this many usual gaps warns (twice: fails)
    stale_min_hours: float = 24.0  # ... and never sooner than this

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None, *, source: str) -> Thresholds:
        """Thresholds with overrides; raises ``ValueError`` naming an unknown or bad key."""
        known = {f.name: f.type for f in fields(cls)}
        changes: dict[str, Any] = {}
        for key, value in (values or {}).items():
            if key not in known:
                raise ValueError(
                    f"{source}: unknown health setting {key!r}: use {', '.join(known)}"
                )
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{source}: health setting {key} must be a number >= 0")
            changes[key] = int(value) if known[key] == "int" else float(value)
        return replace(cls(), **changes)


@dataclass
class Check:
    """One judged figure."""

    figure: str
    level: str
    reason: str


@dataclass
class RunFigures:
    """A site's figures in one crawl run, with the run's identity."""

    run_id: int
    started_at: datetime
    status: str
    figures: SiteFigures


@dataclass
class Verdict:
    """A site's health: the worst level of its checks, and the checks."""

    site: str
    level: str
    checks: list[Check] = field(default_factory=list)
    latest: RunFigures | None = None
    runs: int = 0

    @property
    def reasons(self) -> list[str]:
        return [c.reason for c in self.checks if c.level != "ok"]


def percent(share: float) -> str:
    """A share as a whole percentage.

    >>> percent(0.974)
    '97%'
    """
    return f"{share * 100:.0f}%"


def judge(
    site: str, history: Sequence[RunFigures], thresholds: Thresholds, now: datetime
) -> Verdict:
    """The verdict on ``history`` (oldest first): its newest run against the ones before."""
    if not history:
        return Verdict(site, "ok", [Check("runs", "ok", "no crawl recorded yet")])
    latest, earlier = history[-1], list(history[:-1])
    baseline = [
        r for r in earlier
        if r.status in GOOD_STATUSES and r.figures.articles >= thresholds.min_articles
    ][-thresholds.window :]  # fmt: skip
    checks = _share_checks(latest, baseline, thresholds)
    checks += _drop_checks(latest, baseline, thresholds)
    checks += _stale_checks(history, thresholds, now)
    checks += _empty_check(latest, baseline)
    level = max((c.level for c in checks), key=LEVELS.index, default="ok")
    return Verdict(site, level, checks, latest, len(history))


def _share_checks(latest: RunFigures, base: list[RunFigures], t: Thresholds) -> list[Check]:
    now = latest.figures
    if now.articles < t.min_articles:
        return [Check("articles", "ok", f"{now.articles} new article(s): too few to judge")]
    if len(base) < t.min_history:
        return [Check("baseline", "ok", f"{len(base)} earlier good run(s): no baseline yet")]
    checks = []
    for name in (*FIELDS, "published"):
        usual = statistics.median(r.figures.shares.get(name, 0.0) for r in base)
        share = now.shares.get(name, 0.0)
        drop = usual - share
        level = "fail" if drop >= t.fail_drop else "warn" if drop >= t.warn_drop else "ok"
        words = f"{FIELD_WORDS[name]} on {percent(share)} of articles, was {percent(usual)}"
        checks.append(Check(name, level, f"{words} (last {len(base)} runs)"))
    lengths = [r.figures.median_body_chars for r in base if r.figures.median_body_chars]
    if lengths and now.median_body_chars is not None:
        usual_len = statistics.median(lengths)
        ratio = now.median_body_chars / usual_len
        level = (
            "fail" if ratio < t.body_fail_ratio else "warn" if ratio < t.body_warn_ratio else "ok"
        )
        reason = (
            f"median body {now.median_body_chars:.0f} characters, was {usual_len:.0f} "
            f"(last {len(base)} runs)"
        )
        checks.append(Check("body_chars", level, reason))
    return checks


def _drop_checks(latest: RunFigures, base: list[RunFigures], t: Thresholds) -> list[Check]:
    checks = []
    for kind, warn, fail, words in (
        ("blocked", t.blocked_warn, t.blocked_fail, "blocked or challenge pages"),
        ("http_error", t.http_warn, t.http_fail, "HTTP errors"),
    ):
        share = latest.figures.dropped_share.get(kind, 0.0)
        usual = statistics.median([r.figures.dropped_share.get(kind, 0.0) for r in base] or [0.0])
        rise = share - usual
        level = "fail" if rise >= fail else "warn" if rise >= warn else "ok"
        if share or level != "ok":
            reason = f"{words}: {percent(share)} of pages, usually {percent(usual)}"
            checks.append(Check(kind, level, reason))
    return checks


def _empty_check(latest: RunFigures, base: list[RunFigures]) -> list[Check]:
    """Article pages fetched but none became an article: the extractor lost the site."""
    now = latest.figures
    fetched = now.pages - sum(now.dropped.get(k, 0) for k in now.dropped if k.startswith("http_"))
    usual = [r.figures.articles for r in base]
    if now.articles == 0 and now.dropped.get("not_article", 0) >= 5 and any(usual):
        reason = (
            f"no article from {fetched} pages ({now.dropped['not_article']} not recognised "
            "as articles)"
        )
        return [Check("articles", "fail", reason)]
    return []


def _stale_checks(history: Sequence[RunFigures], t: Thresholds, now: datetime) -> list[Check]:
    """No new articles for much longer than the site's usual gap between new articles."""
    productive = [r.started_at for r in history if r.figures.articles > 0]
    if len(productive) < 3:
        return []
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(productive)]
    usual = max(statistics.median(gaps), 1.0)
    limit = max(usual * t.stale_factor, t.stale_min_hours * 3600)
    since = (now - productive[-1]).total_seconds()
    if since < limit:
        return []
    level = "fail" if since >= 2 * limit else "warn"
    return [Check("new_articles", level, f"no new articles for {_span(since)}, "
                  f"usually every {_span(usual)}")]  # fmt: skip


def _span(seconds: float) -> str:
    """A duration in words.

    >>> _span(90000), _span(5400)
    ('1.0 days', '1.5 hours')
    """
    delta = timedelta(seconds=seconds)
    if delta >= timedelta(days=1):
        return f"{seconds / 86400:.1f} days"
    return f"{seconds / 3600:.1f} hours"
