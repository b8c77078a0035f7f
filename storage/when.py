"""Filter bounds from friendly text: dates in the archive's zone, or a span back from now.

A date or datetime written without a zone means the archive's local zone
(``Asia/Dhaka`` unless told otherwise), the zone its articles are shown in; a
bare date used as an end (``until``) includes that whole day; ``7d``, ``12h``
and ``2w`` count back from now, as ``crawl --since`` does.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TZ = "Asia/Dhaka"
DURATION_RE = re.compile(r"^\s*(\d{1,6})\s*([dhw])\s*$", re.IGNORECASE)
UNITS = {"h": "hours", "d": "days", "w": "weeks"}

When = date | datetime | str | None


def zone(name: str | tzinfo | None) -> tzinfo:
    """A time zone by IANA name; one-line ``ValueError`` for an unknown one.

    >>> zone("Asia/Dhaka").key
    'Asia/Dhaka'
    >>> zone("Mars/Base")
    Traceback (most recent call last):
    ...
    ValueError: unknown time zone 'Mars/Base' (write an IANA name such as Asia/Dhaka or UTC)
    """
    if isinstance(name, tzinfo):
        return name
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (write an IANA name such as Asia/Dhaka or UTC)"
        ) from None


def parse_when(
    value: When,
    *,
    end: bool = False,
    tz: str | tzinfo | None = None,
    now: datetime | None = None,
) -> datetime | None:
    """A filter bound as an aware datetime.

    >>> parse_when("2024-05-01").isoformat()
    '2024-05-01T00:00:00+06:00'
    >>> parse_when("2024-05-01", end=True, tz="UTC").isoformat()
    '2024-05-02T00:00:00+00:00'
    >>> parse_when("2024-05-01T10:00+00:00").isoformat()
    '2024-05-01T10:00:00+00:00'
    >>> parse_when("7d", now=datetime(2026, 1, 8, tzinfo=UTC)).isoformat()
    '2026-01-01T00:00:00+00:00'
    """
    if value is None or value == "":
        return None
    local = zone(tz)
    if isinstance(value, str):
        text = value.strip()
        duration = DURATION_RE.match(text)
        if duration:
            size, unit = int(duration.group(1)), UNITS[duration.group(2).lower()]
            return (now or datetime.now(UTC)) - timedelta(**{unit: size})
        try:
            value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"{text!r} is not a date: write 2024-05-01, an ISO datetime, or 7d / 12h / 2w"
            ) from None
    if not isinstance(value, datetime):
        day = datetime.combine(value, time(), tzinfo=local)
        return day + timedelta(days=1) if end else day
    return value if value.tzinfo else value.replace(tzinfo=local)


def window(
    since: When, until: When, tz: str | tzinfo | None = None
) -> tuple[datetime | None, datetime | None]:
    """``(since, until)`` bounds, ``until`` exclusive; since later than until is an error.

    >>> window("2024-05-02", "2024-05-01")
    Traceback (most recent call last):
    ...
    ValueError: since (2024-05-02) is later than until (2024-05-01)
    """
    start, stop = parse_when(since, tz=tz), parse_when(until, end=True, tz=tz)
    if start is not None and stop is not None and start >= stop:
        raise ValueError(f"since ({since}) is later than until ({until})")
    return start, stop
