"""Machine forms from meta tags, JSON-LD, feeds, sitemaps and page data: ISO 8601,
RFC 2822, epochs.

These are tried first with anchored regexes, so a well-formed value costs one
match. Broken values seen on real sites are read for what they mean:
``2023-03-20T13:18:35+06:00.000Z`` is +06:00 (the ``.000Z`` is appended junk),
an ISO value without an offset is local time of the site.

:func:`parse_machine` gives the parts (the dates cascade builds its result from
them); :func:`parse_time` gives an aware datetime, as sitemaps and feeds need.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import NamedTuple

from newscrawler.text.digits import to_ascii_digits
from newscrawler.text.zones import DEFAULT_TIMEZONE, zone_of

ISO_RE = re.compile(
    r"\s*(\d{4})-(\d\d)-(\d\d)"
    r"(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d\d(?::?\d\d)?)?(?:\.\d+Z?)?\s*",
    re.IGNORECASE,
)
EPOCH_RE = re.compile(r"\s*(\d{9,10}|\d{12,13})(?:\.\d+)?\s*")
RFC2822_RE = re.compile(
    r"\s*(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})\s+"
    r"(\d\d):(\d\d)(?::(\d\d))?\s*(GMT|UTC?|Z|[+-]\d{4}|[ECMP][SD]T)?\s*",
    re.IGNORECASE,
)
# What a machine value starts with (ISO year, epoch digits, RFC 2822 weekday or day + month).
# The three starts exclude each other, so the one found names the only form to try.
LOOKS_MACHINE_RE = re.compile(
    r"\s*(?:(?P<iso>\d{4}-)|(?P<epoch>\d{9})|(?P<rfc>[A-Za-z]{3}|\d{1,2}\s+[A-Za-z]))"
)
MONTH_ABBREVIATIONS = "jan feb mar apr may jun jul aug sep oct nov dec"
MONTHS = {m: i for i, m in enumerate(MONTH_ABBREVIATIONS.split(), 1)}
# RFC 822's North American zone names, in hours east of UTC.
US_ZONES = {"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}
# Epochs outside these years are ids or counters, not dates.
EPOCH_FIRST, EPOCH_LAST = 631152000, 4102444800  # 1990-01-01, 2100-01-01


class Machine(NamedTuple):
    """A parsed machine value: naive ``when`` in ``zone`` (``None`` = the site's zone)."""

    when: datetime
    zone: tzinfo | None
    precision: str


@lru_cache(maxsize=128)
def _offset(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text.upper() in ("Z", "GMT", "UT", "UTC"):
        return UTC
    if text.upper() in US_ZONES:
        return timezone(timedelta(hours=US_ZONES[text.upper()]))
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
    if minutes > 18 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))


def parse_iso(text: str) -> Machine | None:
    """ISO 8601 with or without time and offset.

    >>> parse_iso("2023-03-20T13:18:35+06:00.000Z").zone
    datetime.timezone(datetime.timedelta(seconds=21600))
    >>> parse_iso("2020-10-09 10:32:52")[::2]
    (datetime.datetime(2020, 10, 9, 10, 32, 52), 'second')
    """
    match = ISO_RE.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    precision = "day" if hour is None else "minute" if second is None else "second"
    when = datetime(
        int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
    )
    return tuple.__new__(Machine, (when, _offset(zone), precision))


def parse_epoch(text: str) -> Machine | None:
    """Unix time in seconds (9–10 digits) or milliseconds (12–13 digits), 1990 to 2100.

    >>> parse_epoch("1679296715").when
    datetime.datetime(2023, 3, 20, 7, 18, 35)
    >>> parse_epoch("1679296715293").when.microsecond
    293000
    """
    match = EPOCH_RE.fullmatch(text)
    if match is None:
        return None
    seconds, millis = int(match.group(1)), 0
    if len(match.group(1)) > 10:
        seconds, millis = divmod(seconds, 1000)
    if not EPOCH_FIRST <= seconds < EPOCH_LAST:
        return None
    when = datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None, microsecond=millis * 1000)
    return Machine(when, UTC, "second")


def parse_rfc2822(text: str) -> Machine | None:
    """RFC 2822 dates as in RSS ``pubDate``.

    >>> parse_rfc2822("Sat, 22 Aug 2026 15:17:20 GMT").when
    datetime.datetime(2026, 8, 22, 15, 17, 20)
    """
    match = RFC2822_RE.fullmatch(text)
    if match is None:
        return None
    day, name, year, hour, minute, second, zone = match.groups()
    month = MONTHS.get(name.lower())
    if month is None:
        return None
    precision = "minute" if second is None else "second"
    when = datetime(int(year), month, int(day), int(hour), int(minute), int(second or 0))
    return tuple.__new__(Machine, (when, _offset(zone), precision))


def utc_marked(text: str) -> str:
    """A machine value from a GMT/UTC field, marked ``Z`` when it prints no offset itself.

    >>> utc_marked("2024-03-03T14:02:33"), utc_marked("2024-03-03T20:02:33+06:00")
    ('2024-03-03T14:02:33Z', '2024-03-03T20:02:33+06:00')
    """
    found = parse_machine(text)
    if found is None or found.zone is not None or found.precision == "day":
        return text
    return text.strip() + "Z"


PARSERS = {"iso": parse_iso, "epoch": parse_epoch, "rfc": parse_rfc2822}


def parse_machine(text: str) -> Machine | None:
    """Try every machine form; ``None`` when the text is not one (or not a real date).

    >>> parse_machine("not a date") is None
    True
    """
    looks = LOOKS_MACHINE_RE.match(text) if len(text) <= 64 else None
    if looks is None:
        return None
    try:
        return PARSERS[looks.lastgroup](text)  # type: ignore[index]
    except ValueError:  # a well-shaped but impossible value such as 2021-02-30
        return None


def parse_time(text: str | None, tz: str = DEFAULT_TIMEZONE) -> datetime | None:
    """An aware datetime from a feed or sitemap timestamp; naive values are taken in ``tz``.

    Bengali digits are read; an offset followed by junk (``+06:00.000Z``) keeps
    the offset; GMT and ``+0000`` give UTC; epochs may be in milliseconds.

    >>> parse_time("Sat, 22 Aug 2026 15:17:20 GMT").isoformat()
    '2026-08-22T15:17:20+00:00'
    >>> parse_time("2020-10-09 10:32:52").isoformat()
    '2020-10-09T10:32:52+06:00'
    >>> parse_time("yesterday") is None
    True
    """
    if not text:
        return None
    found = parse_machine(to_ascii_digits(text))
    if found is None:
        return None
    return found.when.replace(tzinfo=found.zone or zone_of(tz))
