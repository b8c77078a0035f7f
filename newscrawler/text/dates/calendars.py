"""Dates written with a month name or as numbers, in any of the three calendars.

Forms: ``২৯ ডিসেম্বর ২০২১``, ``১৯শে মার্চ``, ``নভেম্বর ৭, ২০২৫``, ``March 2023``,
``২৪ আশ্বিন ১৪২৭ বঙ্গাব্দ``, ``২০ সফর ১৪৪২ হিজরি``, ``২৯-১২-২০২১``, ``29.12.2021``,
``2021/12/29``. The month name decides the calendar, so a Bangla or Hijri year
is never taken for a Gregorian one.
"""

from __future__ import annotations

from typing import NamedTuple

from newscrawler.text.dates.clock import HOUR_WORDS
from newscrawler.text.dates.names import (
    BANGLA_MONTHS,
    ERAS,
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    ORDINALS,
    WEEKDAYS,
)
from newscrawler.text.dates.tokens import Token

# Plausible years per calendar: other numbers next to a month name are not years.
YEARS = {"gregorian": (1800, 2199), "bangla": (1300, 1599), "hijri": (1300, 1599)}
NUMERIC_SEPARATORS = frozenset("-/.")
FILLERS = frozenset({",", "-", "of"})  # "the 3rd of March"


class DatePart(NamedTuple):
    """A date as printed: ``year`` ``None`` when left out, ``day`` ``None`` for month-year."""

    calendar: str
    year: int | None
    month: int
    day: int | None
    start: int
    end: int
    next_index: int


def month_at(tokens: list[Token], index: int) -> tuple[str, int, int] | None:
    """(calendar, month, next index) for a month name at ``index``."""
    if index >= len(tokens) or tokens[index].kind != "word":
        return None
    word = tokens[index].text.lower()
    if index + 1 < len(tokens) and tokens[index + 1].kind == "word":
        pair = word + " " + tokens[index + 1].text.lower()
        if pair in HIJRI_MONTHS:
            return "hijri", HIJRI_MONTHS[pair], index + 2
    for calendar, table in (
        ("gregorian", GREGORIAN_MONTHS),
        ("bangla", BANGLA_MONTHS),
        ("hijri", HIJRI_MONTHS),
    ):
        if word in table:
            return calendar, table[word], index + 1
    return None


def _skip(tokens: list[Token], index: int, allowed: frozenset[str]) -> int:
    while index < len(tokens) and tokens[index].text in allowed:
        index += 1
    return index


def _day(tokens: list[Token], index: int) -> tuple[int, int] | None:
    """A day number (with an optional ordinal suffix): (day, next index)."""
    if index >= len(tokens) or tokens[index].kind != "num" or len(tokens[index].text) > 2:
        return None
    day = int(tokens[index].text)
    if not 1 <= day <= 32:  # West Bengal months can have 32 days
        return None
    index += 1
    if index < len(tokens) and tokens[index].text.lower() in ORDINALS:
        index += 1
    return day, index


def _after_bracket(tokens: list[Token], index: int) -> int | None:
    """Where a year after a bracket starts: ``(১০ মার্চ) ২০২৪``, ``১০ মার্চ (রবিবার) ২০২৪``."""
    at = _skip(tokens, index, FILLERS)
    if at + 2 < len(tokens) and tokens[at].text == "(" and tokens[at + 2].text == ")":
        if tokens[at + 1].text.lower() not in WEEKDAYS:
            return None
        at += 2
    if at < len(tokens) and tokens[at].text == ")":
        return _skip(tokens, at + 1, FILLERS)
    return None


def _bracketed_year(tokens: list[Token], index: int, calendar: str) -> tuple[int | None, int]:
    """A year after a closing bracket, or none (never a refusal: the bracket ended the date)."""
    at = _after_bracket(tokens, index)
    if at is None or at >= len(tokens) or tokens[at].kind != "num" or len(tokens[at].text) != 4:
        return None, index
    if (at + 1 < len(tokens) and tokens[at + 1].text in (":", ".")) or _hours_after(tokens, at):
        return None, index
    year = int(tokens[at].text)
    first, last = YEARS[calendar]
    era = ERAS.get(tokens[at + 1].text.lower()) if at + 1 < len(tokens) else None
    if not first <= year <= last or (era is not None and era != calendar):
        return None, index
    return year, at + 2 if era is not None else at + 1


def _hours_after(tokens: list[Token], at: int) -> bool:
    """``১৫২০ ঘণ্টা``: a four-digit 24-hour clock, not a year."""
    return at + 1 < len(tokens) and tokens[at + 1].text.lower() in HOUR_WORDS


def _year(tokens: list[Token], index: int, calendar: str) -> tuple[int | None, int] | None:
    """A year after a month (or ``None`` when absent); ``None`` when it is the wrong calendar."""
    at = _skip(tokens, index, FILLERS)
    if at < len(tokens) and tokens[at].text in "()":
        return _bracketed_year(tokens, index, calendar)
    if at >= len(tokens) or tokens[at].kind != "num" or len(tokens[at].text) != 4:
        return None, index
    if (at + 1 < len(tokens) and tokens[at + 1].text == ":") or _hours_after(tokens, at):
        return None, index  # a time, not a year
    year = int(tokens[at].text)
    first, last = YEARS[calendar]
    era = ERAS.get(tokens[at + 1].text.lower()) if at + 1 < len(tokens) else None
    if not first <= year <= last or (era is not None and era != calendar):
        return None
    return year, at + 2 if era is not None else at + 1


def named_date_at(tokens: list[Token], index: int) -> DatePart | None:
    """Day-month-year or month-day-year with a month name, starting at ``index``.

    >>> from newscrawler.text.dates.tokens import tokenize
    >>> named_date_at(tokenize("নভেম্বর ৭, ২০২৫"), 0)[:4]
    ('gregorian', 2025, 11, 7)
    >>> named_date_at(tokenize("৪ঠা জুলাই"), 0)[:4]
    ('gregorian', None, 7, 4)
    >>> named_date_at(tokenize("২০ মার্চ ১৪৩০ বঙ্গাব্দ"), 0) is None
    True
    """
    day = _day(tokens, index)
    if day is not None:
        month = month_at(tokens, _skip(tokens, day[1], FILLERS))
        if month is None:
            return None
        found = _year(tokens, month[2], month[0])
        if found is None:
            return None
        last = found[1] - 1
        return DatePart(month[0], found[0], month[1], day[0], tokens[index].start,
                        tokens[last].end, found[1])  # fmt: skip
    month = month_at(tokens, index)
    if month is None:
        return None
    day = _day(tokens, _skip(tokens, month[2], FILLERS))
    found = _year(tokens, day[1] if day else month[2], month[0])
    if found is None or (day is None and found[0] is None):
        return None
    last = found[1] - 1
    return DatePart(month[0], found[0], month[1], day[0] if day else None,
                    tokens[index].start, tokens[last].end, found[1])  # fmt: skip


def year_first_date_at(tokens: list[Token], index: int) -> DatePart | None:
    """``২০২১ সালের ১০ ডিসেম্বর``: a Gregorian year, an era word, then day and month.

    >>> from newscrawler.text.dates.tokens import tokenize
    >>> year_first_date_at(tokenize("২০২১ সালের ১০ ডিসেম্বর"), 0)[:4]
    ('gregorian', 2021, 12, 10)
    """
    token = tokens[index]
    if token.kind != "num" or len(token.text) != 4 or index + 1 >= len(tokens):
        return None
    if ERAS.get(tokens[index + 1].text.lower()) != "gregorian":
        return None
    date = named_date_at(tokens, index + 2)
    year = int(token.text)
    first, last = YEARS["gregorian"]
    if date is None or date.year is not None or date.calendar != "gregorian":
        return None
    if not first <= year <= last:
        return None
    return date._replace(year=year, start=token.start)


def numeric_date_at(tokens: list[Token], index: int) -> DatePart | None:
    """``DD-MM-YYYY``, ``DD/MM/YYYY``, ``DD.MM.YYYY`` (day first) or ``YYYY-MM-DD``.

    >>> from newscrawler.text.dates.tokens import tokenize
    >>> numeric_date_at(tokenize("০৪-০৭-২০১২"), 0)[:4]
    ('gregorian', 2012, 7, 4)
    """
    if index + 4 >= len(tokens):
        return None
    a, sep, b, sep2, c = tokens[index : index + 5]
    if sep.text not in NUMERIC_SEPARATORS or sep2.text != sep.text:
        return None
    if a.kind != "num" or b.kind != "num" or c.kind != "num" or len(b.text) > 2:
        return None
    if len(a.text) == 4 and len(c.text) <= 2:
        year, month, day = int(a.text), int(b.text), int(c.text)
    elif len(a.text) <= 2 and len(c.text) == 4:
        day, month, year = int(a.text), int(b.text), int(c.text)
    else:
        return None
    first, last = YEARS["gregorian"]
    if not (first <= year <= last and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return DatePart("gregorian", year, month, day, a.start, c.end, index + 5)
