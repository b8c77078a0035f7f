"""``parse_date``: the whole cascade, cheapest first.

1. Machine forms (ISO 8601, epochs, RFC 2822): one anchored regex each.
2. The common one-stamp shapes: one anchored regex (:mod:`.fast`).
3. The token grammar for everything a page prints (:mod:`.stamps`).
4. Only when both fail on a short, purely Latin string: ``dateparser`` as a
   last resort for English wordings the grammar does not know.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, tzinfo

from newscrawler.text.dates.build import KOLKATA, build, resolve_reference
from newscrawler.text.dates.fast import fast_parse
from newscrawler.text.dates.labels import CLOCK, PRINTED, PUBLISHED, UPDATED
from newscrawler.text.dates.machine import parse_machine
from newscrawler.text.dates.result import DateResult, make_result
from newscrawler.text.dates.stamps import find_stamps
from newscrawler.text.dates.tokens import tokenize
from newscrawler.text.zones import DEFAULT_TIMEZONE, zone_of

logger = logging.getLogger(__name__)

MAX_FAST_CHARS = 160  # longer strings are never one simple stamp
MAX_CHARS = 1000  # longer input is read up to here: a dateline is never this long
# Which stamp of a string is "the" date: published first, the printed/clock ones last.
RANK = {PUBLISHED: 0, None: 1, UPDATED: 2, PRINTED: 3, CLOCK: 4}


def _machine(text: str, zone: tzinfo) -> DateResult | None:
    if len(text) > 64:
        return None
    found = parse_machine(text)
    if found is None:
        return None
    naive, offset, precision = found
    if precision == "day" and offset is None:
        return make_result(naive.date(), "day", "machine", (0, len(text)))
    # Built field by field: replace(tzinfo=...).astimezone(zone) costs several times more.
    when = datetime(naive.year, naive.month, naive.day, naive.hour, naive.minute, naive.second,
                    0, zone)  # fmt: skip
    if offset is not None:  # the fields are in another zone: shift to UTC, then to ours
        shift = offset.utcoffset(None)
        when = zone.fromutc(when - shift if shift else when)
    return make_result(when, precision, "machine", (0, len(text)))


def _fallback(text: str, zone: tzinfo, now: datetime) -> DateResult | None:
    """``dateparser`` for short English strings the grammar did not read."""
    if len(text) > 100 or not text.isascii() or not any(c.isdigit() for c in text):
        return None
    if not any(c.isalpha() for c in text):
        return None
    import dateparser  # imported here: the fast path never pays for it

    settings = {
        "TIMEZONE": str(zone),
        "RETURN_AS_TIMEZONE_AWARE": True,
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
    }
    try:
        found = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # a third-party parser must not break ours
        logger.debug("dateparser failed on %r", text, exc_info=True)
        return None
    if not isinstance(found, datetime):
        return None
    value = found.astimezone(zone)
    if ":" not in text:  # no time printed: dateparser's midnight is not a time
        return make_result(value.date(), "day", "gregorian", (0, len(text)))
    return make_result(value, "minute", "gregorian", (0, len(text)))


def _later(a: DateResult, b: DateResult) -> bool:
    """``a`` is strictly after ``b`` (by day when either has no time)."""
    if isinstance(a.value, datetime) and isinstance(b.value, datetime):
        return a.value > b.value
    return as_date(a) > as_date(b)


def _clocks_marked(results: list[DateResult]) -> list[DateResult]:
    """An unlabelled stamp later than a labelled one that follows it is the page's clock.

    A naive page glues its header clock (the day it was served) to the article's
    stamp: ``ঢাকা ০৯:১৫ পূর্বাহ্ন, সোমবার, ০৪ মার্চ ২০২৪ আপডেট সময় ০৮:০২:৩৩ ...``. A
    publication time can never be after the article's own published or updated
    stamp, so the unlabelled one is the clock and the labelled one wins.
    """
    out = list(results)
    for i, result in enumerate(results):
        if result.label is not None:
            continue
        later = any(
            other.label in (PUBLISHED, UPDATED) and _later(result, other)
            for other in results[i + 1 :]
        )
        if later:
            out[i] = make_result(result.value, result.precision, result.calendar, result.span,
                                 CLOCK, result.weekday_mismatch)  # fmt: skip
    return out


def _grammar(text: str, zone: tzinfo, now: datetime, west_bengal: bool) -> DateResult | None:
    results = []
    for stamp in find_stamps(tokenize(text[:MAX_CHARS])):
        result = build(stamp, zone, now, west_bengal)
        if result is not None:
            results.append(result)
    if not results:
        return None
    if len(results) > 1:
        results = _clocks_marked(results)
    best = min(range(len(results)), key=lambda i: (RANK.get(results[i].label, 1), i))
    others = tuple(r for i, r in enumerate(results) if i != best)
    chosen = results[best]
    if not others:
        return chosen
    return DateResult(
        chosen.value, chosen.precision, chosen.calendar, chosen.span,
        chosen.label, chosen.weekday_mismatch, others,
    )  # fmt: skip


def parse_date(
    text: str, *, tz: str = DEFAULT_TIMEZONE, reference: datetime | None = None
) -> DateResult | None:
    """Read the date a Bengali (or English, or machine) string prints; ``None`` if none.

    ``tz`` is the site's zone (values carry its historical offset); ``reference``
    is the instant relative phrases and year-less dates count from (default:
    now). Never raises on any ``str``; a bad ``tz`` raises ``ValueError``.

    >>> parse_date("আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১").isoformat()
    '2021-12-29T12:18:54+06:00'
    >>> parse_date("প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম").isoformat()
    '2026-08-09T00:00:00+06:00'
    >>> parse_date("২৪ আশ্বিন ১৪২৭").value
    datetime.date(2020, 10, 9)
    >>> parse_date("আজকের পত্রিকা") is None
    True
    """
    zone = zone_of(tz)
    if not isinstance(text, str) or not text:
        return None
    try:
        west_bengal = tz == KOLKATA
        # Machine values are ASCII, or ISO 8601 in Bengali digits (২০২৪-০৩-০৩T...).
        machine = text[0] < "\x80" or (text[4:5] == "-" and "০" <= text[0] <= "৯")
        found = _machine(text, zone) if machine else None
        if found is None and len(text) <= MAX_FAST_CHARS:
            found = fast_parse(text, zone, reference, west_bengal)
        if found is not None:
            return found
        now = resolve_reference(reference, zone)
        return _grammar(text, zone, now, west_bengal) or _fallback(text, zone, now)
    except (ValueError, OverflowError, IndexError, KeyError):
        logger.debug("no date in %r", text[:200], exc_info=True)
        return None


def as_date(result: DateResult) -> date:
    """The calendar day of a result in its own zone."""
    value = result.value
    return value.date() if isinstance(value, datetime) else value
