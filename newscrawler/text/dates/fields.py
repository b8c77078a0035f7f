"""Reading the groups of a fast-path match (:mod:`.patterns`) into dates and a time.

Numbers are read with ``int``, which takes Bengali digits as they are (the same
values :func:`newscrawler.text.digits.to_ascii_digits` gives, without a copy).
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
    found = ALL_MONTHS.get(month.lower())
    if found is None or not 1 <= int(day) <= 32:
        return None
    calendar = found[0]
    if era is not None and ERAS.get(era.lower()) != calendar:
        return None
    if year is not None:
        first, last = YEARS[calendar]
        if not first <= int(year) <= last:
            return None
    value = (calendar, None if year is None else int(year), found[1], int(day), 0, 0, 0)
    return _new(DatePart, value)


def date_parts(f: Fields) -> list[DatePart] | None:
    """Every date of the match, in order; ``None`` if one is not valid."""
    if f.m1 is not None and f.d1 is not None:
        first = named_part(f.d1, f.m1, f.y1, f.e1)
    elif f.m2 is not None and f.d2 is not None:
        first = named_part(f.d2, f.m2, f.y2, None)
    elif f.d3 is not None and f.m3 is not None and f.y3 is not None:
        low, high = YEARS["gregorian"]
        if not (1 <= int(f.m3) <= 12 and 1 <= int(f.d3) <= 32 and low <= int(f.y3) <= high):
            return None
        first = _new(DatePart, ("gregorian", int(f.y3), int(f.m3), int(f.d3), 0, 0, 0))
    else:
        return None
    found = [first]
    for day, month, year, era in ((f.d4, f.m4, f.y4, f.e4), (f.d5, f.m5, f.y5, f.e5)):
        if day is not None and month is not None:
            found.append(named_part(day, month, year, era))
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
    return hour, minute, min(second, 59), precision
