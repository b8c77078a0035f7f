"""Reading the groups of a fast-path match (:mod:`.patterns`) into dates and a time.

Every group is looked up as matched, in tables built once at import: words in
each case the patterns accept (no ``.lower()`` copy), one- and two-digit numbers
in any mix of Bengali and ASCII digits, and the 24-hour hour of every printed
hour under every marker or day part. Years are read with ``int``, which takes
Bengali digits as they are (the values :func:`newscrawler.text.digits.to_ascii_digits`
gives, without a copy).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from operator import itemgetter
from typing import Literal, NamedTuple, TypeVar

from newscrawler.text.dates.calendars import YEARS, DatePart
from newscrawler.text.dates.clock import DAY_PARTS, FRACTIONS, MARKERS, to_24h
from newscrawler.text.dates.labels import LABEL_WORDS
from newscrawler.text.dates.names import ALL_MONTHS, ERAS, WEEKDAYS
from newscrawler.text.dates.patterns import DATE_FIRST_RE, TIME_FIRST_RE

Time = tuple[int, int, int, str]  # hour (24-hour clock), minute, second, precision
# NamedTuple(...) runs a Python-level __new__; tuple.__new__ builds the same value in C.
_new = tuple.__new__
V = TypeVar("V")


def cased(table: Mapping[str, V]) -> dict[str, V]:
    """``table`` with each key also Capitalised and UPPER, the forms the patterns accept.

    A match is then looked up as printed, without a ``.lower()`` copy per word.

    >>> cased({"pm": "pm"}) == {"PM": "pm", "Pm": "pm", "pm": "pm"}
    True
    """
    return {
        form: value for key, value in table.items() for form in (key.upper(), key.capitalize(), key)
    }


# Lookup tables of the fast path, keyed by the text of a group as matched.
MONTH_INFO = {name: (cal, number, *YEARS[cal]) for name, (cal, number) in cased(ALL_MONTHS).items()}
WEEKDAY_ANY = cased(WEEKDAYS)
LABEL_ANY = cased(LABEL_WORDS)
ERA_ANY = cased(ERAS)
MARK_RULES: dict[str, str] = cased(MARKERS)
PART_RULES: dict[str, str] = {**MARK_RULES, **DAY_PARTS}  # a day-part word wins, as in the grammar
DIGITS = "0123456789\u09e6\u09e7\u09e8\u09e9\u09ea\u09eb\u09ec\u09ed\u09ee\u09ef"
# Every one- and two-digit number in Bengali, ASCII or mixed digits (a dict lookup beats int()).
NUMBERS = {a + b: int(a + b) for a in ("", *DIGITS) for b in DIGITS}
# The 24-hour hour of every printed hour 0..99 under each rule (None: impossible).
HOURS = {
    rule: tuple(to_24h(h, rule) for h in range(100))
    for rule in {None, *MARKERS.values(), *DAY_PARTS.values()}
}


class Fields(NamedTuple):
    """The groups of a stamp match (``None`` where absent), in ``DATE_FIRST_RE``'s order."""

    body: str | None
    label: str | None
    wd: str | None
    d1: str | None
    m1: str | None
    y1: str | None
    e1: str | None
    m2: str | None
    d2: str | None
    y2: str | None
    d3: str | None
    ns: str | None
    m3: str | None
    y3: str | None
    d4: str | None
    m4: str | None
    y4: str | None
    e4: str | None
    d5: str | None
    m5: str | None
    y5: str | None
    e5: str | None
    part: str | None
    frac: str | None
    h: str | None
    sep: str | None
    mi: str | None
    s: str | None
    om: str | None
    mark: str | None
    wd2: str | None


def _order(pattern: re.Pattern[str]) -> tuple[str, ...]:
    return tuple(sorted(pattern.groupindex, key=pattern.groupindex.__getitem__))


if _order(DATE_FIRST_RE) != Fields._fields or set(_order(TIME_FIRST_RE)) != set(Fields._fields):
    raise RuntimeError("Fields must list the groups of DATE_FIRST_RE in order")
# TIME_FIRST_RE defines the same groups in another order: reorder them once per match.
TIME_FIRST_GET = itemgetter(*(TIME_FIRST_RE.groupindex[name] - 1 for name in Fields._fields))


def read_fields(match: re.Match[str]) -> tuple[Fields, bool]:
    """The match's fields and whether the time came first (patterns are compared by
    identity: hashing one would hash its whole text)."""
    if match.re is TIME_FIRST_RE:
        return tuple.__new__(Fields, TIME_FIRST_GET(match.groups())), True
    return tuple.__new__(Fields, match.groups()), False


def named_part(day: str, month: str, year: str | None, era: str | None) -> DatePart | None:
    """A date with a month name as matched; ``None`` when a part is out of range."""
    found = MONTH_INFO.get(month)
    number = NUMBERS.get(day)
    if found is None or number is None or not 1 <= number <= 32:
        return None
    calendar, month_number, first, last = found
    if era is not None and ERA_ANY.get(era) != calendar:
        return None
    if year is None:
        return _new(DatePart, (calendar, None, month_number, number, 0, 0, 0))
    year_number = int(year)
    if not first <= year_number <= last:
        return None
    return _new(DatePart, (calendar, year_number, month_number, number, 0, 0, 0))


def date_parts(f: tuple[str | None, ...]) -> list[DatePart] | None:
    """Every date of the match (groups in :class:`Fields` order); ``None`` if one is not valid."""
    _, _, _, d1, m1, y1, e1, m2, d2, y2, d3, _, m3, y3, d4, m4, y4, e4, d5, m5, y5, e5 = f[:22]
    if m1 is not None and d1 is not None:
        first = named_part(d1, m1, y1, e1)
    elif m2 is not None and d2 is not None:
        first = named_part(d2, m2, y2, None)
    elif d3 is not None and m3 is not None and y3 is not None:
        low, high = YEARS["gregorian"]
        day, month, year = NUMBERS[d3], NUMBERS[m3], int(y3)
        if not (1 <= month <= 12 and 1 <= day <= 32 and low <= year <= high):
            return None
        first = _new(DatePart, ("gregorian", year, month, day, 0, 0, 0))
    else:
        return None
    found: list[DatePart | None] = [first]
    if d4 is not None and m4 is not None:
        found.append(named_part(d4, m4, y4, e4))
        if d5 is not None and m5 is not None:
            found.append(named_part(d5, m5, y5, e5))
    return None if None in found else found  # type: ignore[return-value]


def time_of(f: tuple[str | None, ...]) -> Time | Literal[False] | None:
    """The stamp's time; ``None`` without one, ``False`` when it is not a valid time.

    ``f`` holds the groups in :class:`Fields` order.
    """
    # Fields.part .. Fields.mark, in one unpacking
    part, fraction, hour_text, _, minute_text, second_text, oclock_minute, mark = f[22:30]
    if hour_text is None:
        return None
    if minute_text is not None:
        minute = NUMBERS[minute_text]
        if second_text is None:
            second, precision = 0, "minute"
        else:
            second, precision = NUMBERS[second_text], "second"
    elif oclock_minute is None:
        minute, second, precision = 0, 0, "hour"
    else:
        minute, second, precision = NUMBERS[oclock_minute], 0, "minute"
    if minute > 59 or second > 60:
        return False
    rule = MARK_RULES.get(mark) if mark else None
    if rule is None and part:
        rule = PART_RULES.get(part)
    hour = HOURS[rule][NUMBERS[hour_text]]
    if hour is None:
        return False
    if fraction and precision == "hour":
        total = hour * 60 + FRACTIONS.get(fraction, 0)
        hour, minute, precision = (total // 60) % 24, total % 60, "minute"
    return hour, minute, second if second < 60 else 59, precision
