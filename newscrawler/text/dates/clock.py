"""Times of day: ``১০:৩০``, ``১০ঃ৩০ঃ১৫``, ``১০.৩০``, ``১০টা ৩০ মিনিটে``, 12-hour markers, day parts.

A day-part word (ভোর, সকাল, দুপুর, বিকাল, সন্ধ্যা, রাত, শেষরাত) or a 12-hour
marker (পূর্বাহ্ন/অপরাহ্ন, এএম/পিএম, AM/PM) turns the printed hour into a
24-hour one; an hour above 12 is already on a 24-hour clock and is kept.
"""

from __future__ import annotations

from typing import NamedTuple

from newscrawler.text.dates.tokens import Token, canonical, word_set


def _words(spec: dict[str, str]) -> dict[str, str]:
    return {canonical(w).lower(): part for part, words in spec.items() for w in words.split()}


# 12-hour markers and day parts, each mapped to a rule name used by ``to_24h``.
MARKERS = _words(
    {
        "am": "am এএম পূর্বাহ্ন পূর্বাহ্ণ পূর্বাহ্নে",
        "pm": "pm পিএম অপরাহ্ন অপরাহ্ণ অপরাহ্নে অপরাহ্ণে",
    }
)
DAY_PARTS = _words(
    {
        "dawn": "ভোর ভোরে ভোররাতে",
        "morning": "সকাল সকালে",
        "noon": "দুপুর দুপুরে মধ্যাহ্ন",
        "afternoon": "বিকাল বিকালে বিকেল বিকেলে অপরাহ্নে",
        "evening": "সন্ধ্যা সন্ধ্যায় সন্ধ্যার সন্ধ্যাবেলা",
        "night": "রাত রাতে রাত্রি রাত্রে রাতের",
        "late_night": "শেষরাত শেষরাতে মধ্যরাত মধ্যরাতে গভীর",
    }
)
OCLOCK = word_set("টা টায় টার টাতে ঘটিকা ঘটিকায়")
MINUTE_WORDS = word_set("মিনিট মিনিটে মি")
SECOND_WORDS = word_set("সেকেন্ড সেকেন্ডে")
# Fractions in front of an o'clock hour: সাড়ে ১০টা = 10:30, সোয়া = +15, পৌনে = -15.
FRACTIONS = {canonical("সাড়ে"): 30, canonical("সোয়া"): 15, canonical("পৌনে"): -15}
TIME_SEPARATORS = frozenset(":.")
# ``১৫২০ ঘণ্টা``: hour words after a four-digit clock; an "ago" word makes it a duration.
HOUR_WORDS = word_set("ঘণ্টা ঘন্টা ঘণ্টায় ঘন্টায় hrs hours")
AGO_WORDS = word_set("আগে পূর্বে ago")


class Clock(NamedTuple):
    """A time of day as printed; ``precision`` is ``hour``, ``minute`` or ``second``."""

    hour: int
    minute: int
    second: int
    precision: str
    start: int
    end: int
    next_index: int


def to_24h(hour: int, part: str | None) -> int | None:
    """The 24-hour hour for a printed hour and a marker or day part; ``None`` if impossible.

    >>> to_24h(12, "am"), to_24h(12, "pm"), to_24h(2, "noon"), to_24h(2, "night")
    (0, 12, 14, 2)
    >>> to_24h(12, "night")
    0
    >>> to_24h(9, "night"), to_24h(13, "am"), to_24h(5, "evening")
    (21, 13, 17)
    """
    if hour > 23 or hour < 0:
        return None
    if part is None or hour > 12:
        return hour
    if part in ("am", "dawn", "late_night"):
        return 0 if hour == 12 else hour
    if part == "morning":
        return hour
    if part == "noon":
        return hour if hour >= 11 else hour + 12
    if part == "night":
        if hour == 12:
            return 0
        return hour if hour < 5 else hour + 12
    # pm, afternoon, evening
    return hour if hour == 12 else hour + 12


def _num(tokens: list[Token], index: int, most: int, width: int = 2) -> int | None:
    if index < len(tokens) and tokens[index].kind == "num" and len(tokens[index].text) <= width:
        value = int(tokens[index].text)
        return value if value <= most else None
    return None


def _is(tokens: list[Token], index: int, words: frozenset[str] | set[str]) -> bool:
    return index < len(tokens) and tokens[index].text.lower() in words


def marker_at(tokens: list[Token], index: int) -> tuple[str, int] | None:
    """A 12-hour marker at ``index`` (``PM``, ``পিএম``, ``p.m.``): (rule, next index)."""
    if index >= len(tokens):
        return None
    word = tokens[index].text.lower()
    if word in MARKERS:
        return MARKERS[word], index + 1
    dotted = _is(tokens, index + 1, {"."}) and _is(tokens, index + 2, {"m", "এম"})
    if word in ("a", "p", "এ", "পি") and dotted:
        end = index + 4 if _is(tokens, index + 3, {"."}) else index + 3
        return ("am" if word in ("a", "এ") else "pm"), end
    return None


def _digits(tokens: list[Token], index: int) -> tuple[int, int, int, str, int] | None:
    """``h:mm[:ss]`` or ``h.mm`` at ``index``: (hour, minute, second, precision, next)."""
    hour = _num(tokens, index, 24)
    if hour is None or not _is(tokens, index + 1, TIME_SEPARATORS):
        return None
    sep = tokens[index + 1].text
    if index + 2 >= len(tokens) or len(tokens[index + 2].text) != 2:
        return None
    minute = _num(tokens, index + 2, 59)
    if minute is None:
        return None
    if _is(tokens, index + 3, {sep}) and index + 4 < len(tokens):
        second = _num(tokens, index + 4, 60)
        if second is not None and len(tokens[index + 4].text) == 2:
            return hour, minute, min(second, 59), "second", index + 5
    return hour, minute, 0, "minute", index + 3


def _oclock(tokens: list[Token], index: int) -> tuple[int, int, int, str, int] | None:
    """``১০টা``, ``১০টা ৩০ মিনিটে``, ``১০টা ৩০ মিনিট ২০ সেকেন্ডে``."""
    hour = _num(tokens, index, 24)
    if hour is None or not _is(tokens, index + 1, OCLOCK):
        return None
    minute = _num(tokens, index + 2, 59)
    if minute is None or not _is(tokens, index + 3, MINUTE_WORDS):
        return hour, 0, 0, "hour", index + 2
    second = _num(tokens, index + 4, 59)
    if second is not None and _is(tokens, index + 5, SECOND_WORDS):
        return hour, minute, second, "second", index + 6
    return hour, minute, 0, "minute", index + 4


def _military(tokens: list[Token], index: int) -> tuple[int, int, int, str, int] | None:
    """``১৫২০ ঘণ্টা``, ``1520 hrs``: a four-digit 24-hour clock (``১৫২০ ঘণ্টা আগে`` is a duration)."""
    token = tokens[index]
    if token.kind != "num" or len(token.text) != 4 or not _is(tokens, index + 1, HOUR_WORDS):
        return None
    if _is(tokens, index + 2, AGO_WORDS):
        return None
    hour, minute = int(token.text[:2]), int(token.text[2:])
    if hour > 23 or minute > 59:
        return None
    return hour, minute, 0, "minute", index + 2


def clock_at(tokens: list[Token], index: int, part: str | None, fraction: int = 0) -> Clock | None:
    """Read a time starting at token ``index``, given a preceding day part or marker.

    >>> from newscrawler.text.dates.tokens import tokenize
    >>> clock_at(tokenize("১২:১৮:৫৪ অপরাহ্ন"), 0, None)[:4]
    (12, 18, 54, 'second')
    >>> clock_at(tokenize("২:২২"), 0, "noon")[:2]
    (14, 22)
    """
    found = _digits(tokens, index) or _oclock(tokens, index) or _military(tokens, index)
    if found is None:
        hour = _num(tokens, index, 12)
        mark = marker_at(tokens, index + 1) if hour is not None else None
        if hour is None or mark is None:
            return None
        found = (hour, 0, 0, "hour", index + 1)
    hour, minute, second, precision, after = found
    mark = marker_at(tokens, after)
    if mark is not None:
        part, after = mark
    elif part is None and after < len(tokens) and tokens[after].text in DAY_PARTS:
        part, after = DAY_PARTS[tokens[after].text], after + 1
    span = (tokens[index].start, tokens[after - 1].end)
    return make_clock(hour, minute, second, precision, part, fraction, span, after)


def make_clock(
    hour: int,
    minute: int,
    second: int,
    precision: str,
    part: str | None,
    fraction: int,
    span: tuple[int, int],
    next_index: int = 0,
) -> Clock | None:
    """A :class:`Clock` from a printed time, its day part or marker, and a fraction word.

    >>> make_clock(10, 0, 0, "hour", "night", 30, (0, 5))[:4]
    (22, 30, 0, 'minute')
    """
    hour24 = to_24h(hour, part)
    if hour24 is None:
        return None
    if fraction and precision == "hour":
        total = hour24 * 60 + fraction
        hour24, minute, precision = (total // 60) % 24, total % 60, "minute"
    return Clock(hour24, minute, second, precision, span[0], span[1], next_index)
