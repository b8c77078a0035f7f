"""Hijri dates by the tabular Islamic calendar (civil epoch, 16 July 622 Julian).

Months alternate 30 and 29 days; Dhu al-Hijjah has 30 in the 11 leap years of
each 30-year cycle (2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29). The calendar
printed by Bangladeshi papers follows the sighting of the moon, which falls on
the tabular date or a day either side, so a converted date is right to within
a day.
"""

from __future__ import annotations

from datetime import date

EPOCH = 227015  # date(622, 7, 19).toordinal(): 1 Muharram 1 AH, proleptic Gregorian


def _days_before(year: int, month: int) -> int:
    """Days from the epoch to the first day of ``month`` of ``year`` AH."""
    return (year - 1) * 354 + (3 + 11 * year) // 30 + (59 * (month - 1) + 1) // 2


def to_gregorian(year: int, month: int, day: int) -> date | None:
    """The Gregorian date of a Hijri date, or ``None`` when there is no such day.

    >>> to_gregorian(1442, 2, 20)
    datetime.date(2020, 10, 8)
    >>> to_gregorian(1445, 9, 1)
    datetime.date(2024, 3, 11)
    """
    if not (1 <= year <= 5000 and 1 <= month <= 12 and 1 <= day <= 30):
        return None
    length = 30 if month % 2 == 1 or (month == 12 and (14 + 11 * year) % 30 < 11) else 29
    if day > length:
        return None
    return date.fromordinal(EPOCH + _days_before(year, month) + day - 1)


def from_gregorian(value: date) -> tuple[int, int, int]:
    """The tabular Hijri ``(year, month, day)`` of a Gregorian date.

    >>> from_gregorian(date(2024, 3, 11))
    (1445, 9, 1)
    """
    days = value.toordinal() - EPOCH
    year = (30 * days + 10646) // 10631
    while _days_before(year + 1, 1) <= days:
        year += 1
    while _days_before(year, 1) > days:
        year -= 1
    month = 12
    while _days_before(year, month) > days:
        month -= 1
    return year, month, days - _days_before(year, month) + 1
