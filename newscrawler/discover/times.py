"""Timestamps as sitemaps and feeds write them: W3C/ISO 8601, RFC 822, epoch numbers."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawler.text.digits import to_ascii_digits

logger = logging.getLogger(__name__)

DEFAULT_TZ = "Asia/Dhaka"
ISO = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)(?:[.,]\d+)?)?"
    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")


def zone(tz: str) -> ZoneInfo:
    """The named time zone; raises ValueError naming the bad ``tz`` (a configuration error)."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {tz!r}; use an IANA name such as 'Asia/Dhaka'"
        ) from exc


def _offset(text: str) -> timezone:
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return timezone(sign * timedelta(minutes=minutes))


def _iso(text: str) -> datetime | None:
    match = ISO.match(text)
    if not match:
        return None
    stamp = match["date"] + "T" + (match["time"] or "00:00")
    value = datetime.fromisoformat(stamp)
    return value.replace(tzinfo=_offset(match["zone"])) if match["zone"] else value


def parse_time(text: str | None, tz: str = DEFAULT_TZ) -> datetime | None:
    """An aware datetime from a feed or sitemap timestamp; naive values are taken in ``tz``.

    An offset followed by junk (``+06:00.000Z``) keeps the offset; GMT and
    ``+0000`` give UTC; 10/13-digit numbers are epoch seconds/milliseconds.

    >>> parse_time("Sat, 22 Aug 2026 15:17:20 GMT").isoformat()
    '2026-08-22T15:17:20+00:00'
    >>> parse_time("2023-03-20T13:18:35+06:00.000Z").isoformat()
    '2023-03-20T13:18:35+06:00'
    >>> parse_time("2020-10-09 10:32:52").isoformat()
    '2020-10-09T10:32:52+06:00'
    >>> parse_time("yesterday") is None
    True
    """
    if not text or not text.strip():
        return None
    text = to_ascii_digits(text.strip())
    try:
        value = _iso(text)
        if value is None and EPOCH.match(text):
            seconds = int(text) / (1000 if len(text) == 13 else 1)
            value = datetime.fromtimestamp(seconds, UTC)
        if value is None:
            value = parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError, OverflowError) as exc:
        logger.debug("unparseable timestamp %r: %s", text, exc)
        return None
    return value if value.tzinfo else value.replace(tzinfo=zone(tz))
