"""The Bangla (Bengali) calendar: ``(year BS, month, day)`` to and from a Gregorian date.

Bangladesh (``bangladesh=True``) uses the Bangla Academy's fixed calendar:
1 Boishakh is always 14 April, and Boishakh year ``Y`` starts in Gregorian year
``Y + 593``. Month lengths follow the rule in force for that year:

* from 1426 BS (the 2019 revision): Boishakh–Ashwin 31 days; Kartik, Agrahayan,
  Poush, Magh and Chaitra 30; Falgun 29, or 30 when its February is in a
  Gregorian leap year (so 1 Poush = 16 December, 8 Falgun = 21 February,
  12 Chaitra = 26 March every year);
* before 1426 BS (the 1987/1995 rule): Boishakh–Bhadra 31 days, Ashwin–Chaitra
  30, Falgun 31 in a leap year.

West Bengal (``bangladesh=False``) keeps the traditional solar calendar: a month
begins on the day after the Sun enters the next sidereal sign (sankranti). It is
computed here from a low-precision solar longitude and the Lahiri ayanamsa,
which gives the almanac's date to within a day (see :mod:`.sankranti`).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

from newscrawler.text.dates.sankranti import month_start

REVISION_2019 = 1426
OFFSET = 593  # Gregorian year in which Boishakh of a Bangla year falls, minus that year


def month_lengths(year: int) -> list[int]:
    """Lengths of the twelve months of Bangla year ``year`` in Bangladesh.

    >>> month_lengths(1430)
    [31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 30]
    >>> month_lengths(1431)[10]
    29
    """
    leap = calendar.isleap(year + OFFSET + 1)
    if year >= REVISION_2019:
        return [31] * 6 + [30, 30, 30, 30, 30 if leap else 29, 30]
    return [31] * 5 + [30] * 5 + [31 if leap else 30, 30]


@lru_cache(maxsize=256)
def _starts(year: int, bangladesh: bool) -> tuple[date, ...]:
    """First Gregorian day of each month of ``year`` and of the next year's Boishakh."""
    if not bangladesh:
        return tuple(month_start(year + m // 12, m % 12) for m in range(13))
    day = date(year + OFFSET, 4, 14)
    starts = [day]
    for length in month_lengths(year):
        day += timedelta(days=length)
        starts.append(day)
    return tuple(starts)


@lru_cache(maxsize=256)
def _ordinals(year: int, bangladesh: bool) -> tuple[int, ...]:
    """:func:`_starts` as proleptic ordinals (integer arithmetic, no ``timedelta``)."""
    return tuple(day.toordinal() for day in _starts(year, bangladesh))


def to_gregorian(year: int, month: int, day: int, *, bangladesh: bool = True) -> date | None:
    """The Gregorian date of a Bangla-calendar date, or ``None`` when there is no such day.

    >>> to_gregorian(1432, 9, 1), to_gregorian(1432, 11, 8), to_gregorian(1432, 12, 12)
    (datetime.date(2025, 12, 16), datetime.date(2026, 2, 21), datetime.date(2026, 3, 26))
    >>> to_gregorian(1427, 6, 24)
    datetime.date(2020, 10, 9)
    """
    if not (1 <= month <= 12 and 1 <= day <= 32 and 1 <= year <= 9000 - OFFSET):
        return None
    starts = _ordinals(year, bangladesh)
    result = starts[month - 1] + day - 1
    return date.fromordinal(result) if result < starts[month] else None


def from_gregorian(value: date, *, bangladesh: bool = True) -> tuple[int, int, int]:
    """The Bangla-calendar ``(year, month, day)`` of a Gregorian date.

    >>> from_gregorian(date(2021, 12, 29))
    (1428, 9, 14)
    """
    year = value.year - OFFSET
    starts = _starts(year, bangladesh)
    if value < starts[0]:
        year -= 1
        starts = _starts(year, bangladesh)
    month = max(m for m in range(12) if starts[m] <= value)
    return year, month + 1, (value - starts[month]).days + 1
