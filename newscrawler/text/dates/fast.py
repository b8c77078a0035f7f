"""The fast path: whole-string regexes for the common one-stamp shapes.

Most datelines are one stamp in a handful of shapes (``প্রকাশ: ০৯ আগস্ট ২০২৬,
১২:০০ এএম``, ``আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১``,
``৫ মিনিট আগে``). One anchored regex reads them without tokenising; the values
then go through the same :func:`~newscrawler.text.dates.build.build` as the
grammar. Anything else (a second stamp, a place name, an era word, a value out
of range) gives ``None`` here and is left to the grammar, so the fast path only
ever answers when the grammar would answer the same (a test checks this).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from typing import Any, Literal

from newscrawler.text.dates.build import build
from newscrawler.text.dates.calendars import YEARS, DatePart
from newscrawler.text.dates.clock import DAY_PARTS, FRACTIONS, MARKERS, OCLOCK, Clock, make_clock
from newscrawler.text.dates.clock import MINUTE_WORDS as MINUTES
from newscrawler.text.dates.labels import CLOCK, LABEL_WORDS, PRINTED
from newscrawler.text.dates.names import (
    ALL_MONTHS,
    BANGLA_MONTHS,
    ERAS,
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    ORDINALS,
    WEEKDAYS,
)
from newscrawler.text.dates.relative import (
    AGO_WORDS,
    DAY_WORDS,
    NOW_WORDS,
    UNITS,
    Relative,
    make_relative,
)
from newscrawler.text.dates.result import DateResult
from newscrawler.text.dates.stamps import Stamp
from newscrawler.text.dates.tokens import canonical, tokenize


def _alt(words: Iterable[str]) -> str:
    """A regex for the words (English also Capitalised and UPPER) as a trie.

    A trie reads a name character by character instead of trying every name in
    turn, and its greedy optional tails try the longest name first.

    >>> _alt(["জানু", "জানুয়ারি", "জানুয়ারী"]) == "জানু(?:য়ার(?:ি|ী))?"
    True
    """
    trie: dict[str, Any] = {}
    for word in {f for w in words for f in (w, w.capitalize(), w.upper())}:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    branches = [
        re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


D = "[0-9\u09e6-\u09ef]"
# Atomic groups and possessive quantifiers: each part is read once, greedily, as the
# grammar reads it, and a string that does not fit fails at once instead of backtracking.
LABEL_WORD = _alt(w for w, label in LABEL_WORDS.items() if label != PRINTED)
LABEL = (
    rf"(?>(?P<label>{LABEL_WORD})(?:\s++(?:{LABEL_WORD}|{canonical('সময়')}))*+"
    r"\s*+[:\u0983]?+\s*+)"
)
MONTH = _alt([*GREGORIAN_MONTHS, *BANGLA_MONTHS, *HIJRI_MONTHS])
ORDINAL = _alt(ORDINALS)
WEEKDAY = _alt(WEEKDAYS)
SEP = r"\s*+[,|\-]?+\s*+"
TIME = (
    rf"(?>(?:(?P<part>{_alt([*DAY_PARTS, *MARKERS])})\s*+)?+(?:(?P<frac>{_alt(FRACTIONS)})\s*+)?+"
    rf"(?P<h>{D}{{1,2}}+)(?:(?P<sep>[:.\u0983])(?P<mi>{D}{{2}}+)(?:(?P=sep)(?P<s>{D}{{2}}+))?+"
    rf"|\s*+(?:{_alt(OCLOCK)})(?:\s*+(?P<om>{D}{{1,2}}+)\s*+(?:{_alt(MINUTES)}))?+)"
    rf"(?:\s*+(?P<mark>{_alt(MARKERS)}))?+)"
)
ERA = _alt(ERAS)
DATE = (
    rf"(?>(?P<d1>{D}{{1,2}}+)(?:{ORDINAL})?+\s*+[,-]?+\s*+(?P<m1>{MONTH})"
    rf"(?:\s*+[,-]?+\s*+(?P<y1>{D}{{4}}+)(?:\s*+(?P<e1>{ERA}))?+)?+"
    rf"|(?P<m2>{MONTH})\s*+[,-]?+\s*+(?P<d2>{D}{{1,2}}+)(?:{ORDINAL})?+\s*+[,-]?+\s*+(?P<y2>{D}{{4}}+)"
    rf"|(?P<d3>{D}{{1,2}}+)(?P<ns>[-/.])(?P<m3>{D}{{1,2}}+)(?P=ns)(?P<y3>{D}{{4}}+))"
)
# The second and third date of a dual or triple dateline (any calendar, with a year).
MORE_DATES = "".join(
    rf"(?:{SEP}(?>(?P<d{n}>{D}{{1,2}}+)(?:{ORDINAL})?+\s*+(?P<m{n}>{MONTH})\s*+,?+\s*+"
    rf"(?P<y{n}>{D}{{4}}+)(?:\s*+(?P<e{n}>{ERA}))?+))?+"
    for n in (4, 5)
)
WEEKDAY_BEFORE = rf"(?>(?P<wd>{WEEKDAY})\s*+,?+\s*+)?+"
DATE_FIRST_RE = re.compile(
    rf"\s*+(?:{canonical('তারিখ')}\s*+[:\u0983]?+\s*+)?+"
    rf"(?P<body>{LABEL}?+{WEEKDAY_BEFORE}{DATE}{MORE_DATES}(?:{SEP}{TIME})?+"
    rf"(?:\s*+,?+\s*+(?P<wd2>{WEEKDAY}))?+)\s*+"
)
TIME_FIRST_RE = re.compile(
    rf"\s*+(?P<body>{LABEL}?+{TIME}{SEP}{WEEKDAY_BEFORE}{DATE}{MORE_DATES})\s*+"
)
UNIT = _alt(UNITS)
RELATIVE_RE = re.compile(
    rf"\s*+(?P<body>(?P<n1>{D}{{1,4}}+)\s*+(?P<u1>{UNIT})(?:\s*+(?P<n2>{D}{{1,4}}+)\s*+(?P<u2>{UNIT}))?+"
    rf"\s*+(?:{_alt(AGO_WORDS)})|(?P<word>{_alt([*NOW_WORDS, *DAY_WORDS])}))\s*+"
)


def _named(day: str, month: str, year: str | None, era: str | None) -> DatePart | None:
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
    return DatePart(calendar, None if year is None else int(year), found[1], int(day), 0, 0, 0)


def _numeric(day: str, month: str, year: str) -> DatePart | None:
    first, last = YEARS["gregorian"]
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 32 and first <= int(year) <= last):
        return None
    return DatePart("gregorian", int(year), int(month), int(day), 0, 0, 0)


def _dates(match: re.Match[str]) -> list[DatePart] | None:
    """Every date of the match, in order; ``None`` if one is not valid."""
    day, month, year, era = match.group("d1", "m1", "y1", "e1")
    if month is not None:
        first = _named(day, month, year, era)
    elif match.group("m2") is not None:
        month, day, year = match.group("m2", "d2", "y2")
        first = _named(day, month, year, None)
    else:
        first = _numeric(*match.group("d3", "m3", "y3"))
    found = [first]
    for n in (4, 5):
        day, month, year, era = match.group(f"d{n}", f"m{n}", f"y{n}", f"e{n}")
        if day is not None:
            found.append(_named(day, month, year, era))
    return None if None in found else found  # type: ignore[return-value]


def _clock(match: re.Match[str]) -> Clock | Literal[False] | None:
    """The stamp's time; ``None`` when it has none, ``False`` when it is not valid."""
    hour = match.group("h")
    if hour is None:
        return None
    minute_text, second_text, oclock_minute = match.group("mi", "s", "om")
    if minute_text is not None:
        minute, second = int(minute_text), int(second_text or 0)
        precision = "minute" if second_text is None else "second"
    else:
        minute, second = int(oclock_minute or 0), 0
        precision = "hour" if oclock_minute is None else "minute"
    if minute > 59 or second > 60:
        return False
    part, mark, fraction = match.group("part", "mark", "frac")
    rule = MARKERS.get(mark.lower()) if mark else None
    rule = rule or (DAY_PARTS.get(part) or MARKERS.get(part.lower()) if part else None)
    extra = FRACTIONS.get(fraction, 0) if fraction else 0
    clock = make_clock(int(hour), minute, min(second, 59), precision, rule, extra, (0, 0))
    return False if clock is None else clock


def _relative(match: re.Match[str]) -> Relative | None:
    word = match.group("word")
    if word is not None:  # এইমাত্র, আজ, গতকাল: let the grammar's own reader answer
        return _relative_word(word)
    pairs = [(int(match.group("n1")), UNITS[match.group("u1").lower()])]
    if match.group("n2") is not None:
        pairs.append((int(match.group("n2")), UNITS[match.group("u2").lower()]))
    return make_relative(pairs, match.span("body"))


def _relative_word(word: str) -> Relative | None:
    from newscrawler.text.dates.relative import relative_at

    return relative_at(tokenize(word), 0)


def fast_stamp(text: str) -> Stamp | None:
    """The one stamp ``text`` holds when it has a common shape; else ``None``.

    >>> fast_stamp("প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম").clock[:2]
    (0, 0)
    >>> fast_stamp("ঢাকা, ০৯ আগস্ট ২০২৬") is None
    True
    """
    match = DATE_FIRST_RE.fullmatch(text) or TIME_FIRST_RE.fullmatch(text)
    if match is None:
        found = RELATIVE_RE.fullmatch(text)
        relative = _relative(found) if found is not None else None
        if relative is None or found is None:
            return None
        start, end = found.span("body")
        return Stamp(relative=relative, start=start, end=end)
    dates = _dates(match)
    clock = _clock(match)
    if dates is None or clock is False:
        return None
    label = match.group("label")
    weekday = match.group("wd")
    if weekday is None and match.re is DATE_FIRST_RE:
        weekday = match.group("wd2")
    stamp = Stamp(
        label=LABEL_WORDS[label.lower()] if label else None,
        clock=clock or None,
        weekday=WEEKDAYS[weekday.lower()] if weekday else None,
        start=match.start("body"),
        end=match.end("body"),
    )
    if clock and match.re is TIME_FIRST_RE:
        stamp.order.append("clock")
    if weekday:
        stamp.order.append("weekday")
    for part in dates:
        if part.calendar in stamp.dates:  # two dates of one calendar: two stamps
            return None
        stamp.dates[part.calendar] = part
        stamp.order.append(part.calendar)
    if clock and match.re is DATE_FIRST_RE:
        stamp.order.append("clock")
    if stamp.looks_like_header_clock():
        stamp.label = CLOCK
    return stamp


def fast_parse(text: str, zone: tzinfo, now: datetime, west_bengal: bool) -> DateResult | None:
    """:func:`fast_stamp` built into a result, computing the commonest case directly.

    One Gregorian date with its year (and perhaps a time, weekday and label) needs
    no intermediate objects; everything else goes through :func:`build`.
    """
    match = DATE_FIRST_RE.fullmatch(text) or TIME_FIRST_RE.fullmatch(text)
    if match is not None and match.group("d4") is None:
        year_text = match.group("y1") or match.group("y2") or match.group("y3")
        if year_text is not None and match.group("e1") is None:
            return _simple(match, int(year_text), zone)
    stamp = fast_stamp(text)
    return None if stamp is None else build(stamp, zone, now, west_bengal)


def _simple(match: re.Match[str], year: int, zone: tzinfo) -> DateResult | None:
    """One Gregorian date with a year; ``None`` to leave anything else to :func:`build`."""
    month_text = match.group("m1") or match.group("m2")
    if month_text is None:
        month = int(match.group("m3"))
        day = int(match.group("d3"))
    else:
        found = ALL_MONTHS.get(month_text.lower())
        if found is None or found[0] != "gregorian":
            return None
        month, day = found[1], int(match.group("d1") or match.group("d2"))
    first, last = YEARS["gregorian"]
    if not first <= year <= last:
        return None
    clock = _clock(match)
    if clock is False:
        return None
    try:
        if clock is None:
            value: date | datetime = date(year, month, day)
            precision = "day"
        else:
            value = datetime(year, month, day, clock.hour, clock.minute, clock.second, tzinfo=zone)
            precision = clock.precision
    except ValueError:
        return None
    weekday = match.group("wd")
    if weekday is None and match.re is DATE_FIRST_RE:
        weekday = match.group("wd2")
    mismatch = weekday is not None and WEEKDAYS[weekday.lower()] != value.weekday()
    label = match.group("label")
    return DateResult(
        value,
        precision,
        "gregorian",
        match.span("body"),
        LABEL_WORDS[label.lower()] if label else None,
        mismatch,
    )
