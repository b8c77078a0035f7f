"""The fast path: whole-string regexes for the common one-stamp shapes.

Most datelines are one stamp in a handful of shapes (``প্রকাশ: ০৯ আগস্ট ২০২৬,
১২:০০ এএম``, ``আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১``,
``৫ মিনিট আগে``). One anchored regex (:mod:`.patterns`) reads them without
tokenising. A stamp whose dates all carry a year (one date, or a dual or
triple dateline) is turned into a result here; one without a year becomes a
:class:`Stamp` for the grammar's own :func:`build`. A string of any other
shape (a second stamp, a place name, a value out of range) gives ``None`` and is
left to the grammar, so the fast path only ever answers as the grammar would
(tests check this).
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from newscrawler.text.dates import bangla, hijri
from newscrawler.text.dates.build import build, relative_value, resolve_reference
from newscrawler.text.dates.calendars import YEARS
from newscrawler.text.dates.clock import Clock
from newscrawler.text.dates.fields import (
    ERA_ANY,
    LABEL_ANY,
    MONTH_INFO,
    NUMBERS,
    TIME_FIRST_GET,
    WEEKDAY_ANY,
    Fields,
    Time,
    cased,
    date_parts,
    read_fields,
    time_of,
)
from newscrawler.text.dates.labels import CLOCK, LABEL_WORDS
from newscrawler.text.dates.names import WEEKDAYS
from newscrawler.text.dates.patterns import DATE_FIRST_RE, RELATIVE_RE, TIME_FIRST_RE
from newscrawler.text.dates.relative import UNITS, Relative, make_relative, relative_at
from newscrawler.text.dates.result import DateResult, make_result
from newscrawler.text.dates.stamps import Stamp
from newscrawler.text.dates.tokens import tokenize

GREGORIAN_YEARS = YEARS["gregorian"]
UNIT_ANY = cased(UNITS)


def _simple(
    g: tuple[str | None, ...], span: tuple[int, int], zone: tzinfo, west_bengal: bool
) -> DateResult | None:
    """One date with its year, in any calendar; ``None`` to leave anything else to :func:`build`.

    ``g`` holds the groups in :class:`Fields` order, unpacked by position (one tuple
    unpacking beats a dozen attribute reads on this path).
    """
    label, wd, d1, m1, y1, e1, m2, d2, y2, d3, _, m3, y3 = g[1:14]  # Fields.label..y3
    if y3 is not None and m3 is not None and d3 is not None:
        calendar, year, month, day = "gregorian", int(y3), NUMBERS[m3], NUMBERS[d3]
        first, last = GREGORIAN_YEARS
    else:
        year_text, month_text, day_text = (y1, m1, d1) if m1 else (y2, m2, d2)
        info = MONTH_INFO.get(month_text) if month_text else None
        if year_text is None or day_text is None or info is None:
            return None
        calendar, month, first, last = info
        year, day = int(year_text), NUMBERS[day_text]
        if e1 is not None and ERA_ANY.get(e1) != calendar:
            return None
    clock = None if g[24] is None else time_of(g)  # Fields.h: no call without a time
    if clock is False or not first <= year <= last or day > 32:
        return None
    try:
        if calendar != "gregorian":
            value = _value(calendar, year, month, day, clock, zone, west_bengal)
        elif clock is None:
            value = date(year, month, day)
        else:  # the common case, without a call
            value = datetime(year, month, day, clock[0], clock[1], clock[2], 0, zone)
    except ValueError:
        return None
    if value is None:
        return None
    weekday = wd or g[30]  # Fields.wd2
    mismatch = weekday is not None and WEEKDAY_ANY[weekday] != value.weekday()
    tag = LABEL_ANY[label] if label else None
    return make_result(value, "day" if clock is None else clock[3], calendar, span, tag, mismatch)


def _value(
    calendar: str, year: int, month: int, day: int, clock: Time | None, zone: tzinfo,
    west_bengal: bool,
) -> date | datetime | None:  # fmt: skip
    """The day (or instant, with a clock) of a printed date; raises ``ValueError`` on a bad one."""
    if calendar == "gregorian":
        if clock is None:
            return date(year, month, day)
        return datetime(year, month, day, clock[0], clock[1], clock[2], 0, zone)
    if calendar == "bangla":
        found = bangla.to_gregorian(year, month, day, bangladesh=not west_bengal)
    else:
        found = hijri.to_gregorian(year, month, day)
    if found is None or clock is None:
        return found
    return datetime(found.year, found.month, found.day, clock[0], clock[1], clock[2], 0, zone)


def _dual(
    f: tuple[str | None, ...], span: tuple[int, int], zone: tzinfo, west_bengal: bool,
    time_first: bool,
) -> DateResult | None:  # fmt: skip
    """A dual or triple dateline whose dates all have years, built as :func:`build` would.

    ``None`` leaves it to :func:`build` (a date without a year, an invalid part).
    """
    dates = date_parts(f)
    clock = time_of(f)
    if dates is None or clock is False:
        return None
    by_calendar = {p[0]: p for p in dates}  # DatePart.calendar
    if len(by_calendar) != len(dates):  # two dates of one calendar: two stamps
        return None
    part = by_calendar.get("gregorian") or by_calendar.get("bangla") or by_calendar["hijri"]
    calendar, year, month, day = part[:4]
    if year is None:
        return None
    try:
        value = _value(calendar, year, month, day or 1, clock, zone, west_bengal)
    except ValueError:
        return None
    if value is None:
        return None
    wd = f[2]  # Fields.wd
    weekday = wd or f[30]  # Fields.wd2
    mismatch = weekday is not None and WEEKDAY_ANY[weekday] != value.weekday()
    label = LABEL_ANY[f[1]] if f[1] else None  # Fields.label
    # Stamp.looks_like_header_clock: time before the dates, or weekday first and no time.
    header_shape = time_first if clock is not None else wd is not None
    if label is None and header_shape and "gregorian" in by_calendar and "bangla" in by_calendar:
        label = CLOCK
    precision = "day" if clock is None else clock[3]
    return make_result(value, precision, calendar, span, label, mismatch)


def _stamp(f: Fields, span: tuple[int, int], time_first: bool) -> Stamp | None:
    """The grammar's :class:`Stamp` for a match (dual datelines, other calendars, no year)."""
    dates = date_parts(f)
    clock = time_of(f)
    if dates is None or clock is False:
        return None
    weekday = f.wd or f.wd2
    stamp = Stamp(
        label=LABEL_WORDS[f.label.lower()] if f.label else None,
        clock=None if clock is None else tuple.__new__(Clock, (*clock, 0, 0, 0)),
        weekday=WEEKDAYS[weekday.lower()] if weekday else None,
        start=span[0],
        end=span[1],
    )
    order = stamp.order
    if clock and time_first:
        order.append("clock")
    if weekday:
        order.append("weekday")
    for part in dates:
        if part.calendar in stamp.dates:  # two dates of one calendar: two stamps
            return None
        stamp.dates[part.calendar] = part
        order.append(part.calendar)
    if clock and not time_first:
        order.append("clock")
    if stamp.looks_like_header_clock():
        stamp.label = CLOCK
    return stamp


def _relative(match: re.Match[str]) -> Relative | None:
    _, n1, u1, n2, u2, word = match.groups()
    if word is not None:  # এইমাত্র, আজ, গতকাল: the grammar's own reader
        return relative_at(tokenize(word), 0)
    pairs = [(int(n1), UNIT_ANY[u1])]
    if n2 is not None:
        pairs.append((int(n2), UNIT_ANY[u2]))
    return make_relative(pairs, match.span(1))


def fast_stamp(text: str) -> Stamp | None:
    """The one stamp ``text`` holds when it has a common shape; else ``None``.

    >>> fast_stamp("প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম").clock[:2]
    (0, 0)
    >>> fast_stamp("ঢাকা, ০৯ আগস্ট ২০২৬") is None
    True
    """
    match = DATE_FIRST_RE.fullmatch(text) or TIME_FIRST_RE.fullmatch(text)
    if match is not None:
        fields, time_first = read_fields(match)
        return _stamp(fields, match.span("body"), time_first)
    found = RELATIVE_RE.fullmatch(text)
    relative = None if found is None else _relative(found)
    if relative is None:
        return None
    return Stamp(relative=relative, start=relative.start, end=relative.end)


def fast_parse(
    text: str, zone: tzinfo, reference: datetime | None, west_bengal: bool
) -> DateResult | None:
    """The result for a common one-stamp shape, or ``None`` to leave ``text`` to the grammar.

    ``reference`` is as :func:`~newscrawler.text.dates.parse_date` takes it; it is
    only resolved (``None``: now) for relative phrases and dates without a year.

    >>> from zoneinfo import ZoneInfo
    >>> dhaka = ZoneInfo("Asia/Dhaka")
    >>> fast_parse("২৯-১২-২০২১", dhaka, None, False).isoformat()
    '2021-12-29'
    """
    match = DATE_FIRST_RE.fullmatch(text)
    if match is not None:
        groups, time_first = match.groups(), False
    else:
        match = TIME_FIRST_RE.fullmatch(text)
        if match is None:
            return _relative_result(text, zone, reference)
        groups, time_first = TIME_FIRST_GET(match.groups()), True
    span = match.span(1)  # the body group, first in both patterns
    if groups[14] is None:  # Fields.d4: one date
        result = _simple(groups, span, zone, west_bengal)
    else:
        result = _dual(groups, span, zone, west_bengal, time_first)
    if result is not None:
        return result
    stamp = _stamp(tuple.__new__(Fields, groups), span, time_first)
    now = resolve_reference(reference, zone)
    return None if stamp is None else build(stamp, zone, now, west_bengal)


def _relative_result(text: str, zone: tzinfo, reference: datetime | None) -> DateResult | None:
    found = RELATIVE_RE.fullmatch(text)
    relative = None if found is None else _relative(found)
    if relative is None:
        return None
    value = relative_value(relative, resolve_reference(reference, zone))
    return make_result(value, relative.precision, "relative", (relative.start, relative.end))
