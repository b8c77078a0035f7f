"""The bounds of a crawl: its time window (``--since`` / ``--until``) and its
article budget (``--max-articles``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from newscrawler.text.zones import DEFAULT_TIMEZONE, zone_of


class SpiderArgumentError(ValueError):
    """A bad ``-a NAME=VALUE`` spider argument; the message says what to write."""


DURATION_RE = re.compile(r"^\s*(\d+)\s*([dhw])\s*$", re.IGNORECASE)
DHAKA = zone_of(DEFAULT_TIMEZONE)  # bounds without a zone are read in Bangladesh time


def parse_bound(text: str, *, now: datetime | None = None, end: bool = False) -> datetime:
    """Parse a crawl bound: an ISO date or datetime, or a duration back from now.

    A bare date is the start of that day in Bangladesh time (the end of it when
    ``end`` is true); a naive datetime is read in Bangladesh time.

    >>> parse_bound("2025-11-12").isoformat()
    '2025-11-12T00:00:00+06:00'
    >>> parse_bound("2025-11-12", end=True).isoformat()
    '2025-11-13T00:00:00+06:00'
    >>> parse_bound("7d", now=datetime(2026, 1, 8, tzinfo=UTC)).isoformat()
    '2026-01-01T00:00:00+00:00'
    >>> parse_bound("yesterday")
    Traceback (most recent call last):
    ...
    ValueError: 'yesterday' is not a date (use YYYY-MM-DD, an ISO datetime, or 7d / 12h / 2w)
    """
    match = DURATION_RE.match(text)
    if match:
        size, unit = int(match.group(1)), match.group(2).lower()
        delta = {"h": timedelta(hours=size), "d": timedelta(days=size), "w": timedelta(weeks=size)}
        return (now or datetime.now(UTC)) - delta[unit]
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip()) + timedelta(days=1 if end else 0)
            return datetime.combine(day, time(), DHAKA)
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date (use YYYY-MM-DD, an ISO datetime, or 7d / 12h / 2w)"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=DHAKA)


@dataclass(frozen=True)
class CrawlWindow:
    """Articles published in ``[since, until)``; ``None`` leaves a side open."""

    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def from_strings(cls, since: str | None, until: str | None) -> CrawlWindow:
        window = cls(
            parse_bound(since) if since else None,
            parse_bound(until, end=True) if until else None,
        )
        if window.since and window.until and window.since >= window.until:
            raise ValueError("--since must be before --until")
        return window

    def admits(self, when: datetime | None) -> bool:
        """True when ``when`` is inside the window, or unknown.

        >>> w = CrawlWindow(since=datetime(2025, 1, 1, tzinfo=UTC))
        >>> w.admits(datetime(2024, 12, 31, tzinfo=UTC)), w.admits(None)
        (False, True)
        """
        if when is None:
            return True
        if when.tzinfo is None:
            when = when.replace(tzinfo=DHAKA)
        if self.since and when < self.since:
            return False
        return not (self.until and when >= self.until)

    def admits_index(self, lastmod: datetime | None) -> bool:
        """Whether a child sitemap last modified at ``lastmod`` may hold admitted articles."""
        if lastmod is None or self.since is None:
            return True
        return (lastmod if lastmod.tzinfo else lastmod.replace(tzinfo=DHAKA)) >= self.since

    @property
    def open(self) -> bool:
        return self.since is None and self.until is None


def positive_int(value: str | int | None, name: str) -> int | None:
    """A spider argument that must be a whole number of 1 or more, when given.

    >>> positive_int("5", "max_articles"), positive_int(None, "max_articles")
    (5, None)
    >>> positive_int("abc", "max_articles")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    newscrawler.spiders.window.SpiderArgumentError: -a max_articles='abc' is not a whole ...
    """
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1 or isinstance(value, bool):
        raise SpiderArgumentError(
            f"-a {name}={value!r} is not a whole number of 1 or more (write -a {name}=100)"
        )
    return number


@dataclass
class ArticleBudget:
    """``--max-articles``: only articles that reach the archive count toward the limit.

    An article the spider extracts may still be dropped by the item pipelines
    (outside the date window, too short, not Bengali); it must not use up the
    budget. The spider asks :meth:`take` before yielding an article, and the
    item signals :meth:`settle` it once the pipelines have stored or dropped it.

    >>> budget = ArticleBudget(limit=1)
    >>> budget.take(), budget.take()  # the second waits for the first's outcome
    (True, False)
    >>> budget.settle(stored=False); budget.take()  # dropped: the place is free again
    True
    >>> budget.settle(stored=True); budget.full
    True
    """

    limit: int | None = None
    stored: int = 0
    pending: int = 0

    def take(self) -> bool:
        """Reserve a place for one more article; ``False`` when none is left."""
        if self.limit is not None and self.stored + self.pending >= self.limit:
            return False
        self.pending += 1
        return True

    def settle(self, *, stored: bool) -> None:
        """An article left the pipelines: stored, or dropped (its place is freed)."""
        self.pending = max(0, self.pending - 1)
        self.stored += stored

    @property
    def full(self) -> bool:
        """True once ``limit`` articles have been stored."""
        return self.limit is not None and self.stored >= self.limit
