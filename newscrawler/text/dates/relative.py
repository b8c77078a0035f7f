"""Relative phrases counted from a reference instant: এইমাত্র, ৫ মিনিট আগে, আজ, গতকাল.

Day words count whole days from the reference's date (``গত পরশু`` two back,
``আগামীকাল`` one ahead); ``গত বৃহস্পতিবার`` is the latest Thursday before the
reference's date, ``আগামী মঙ্গলবার`` the next Tuesday after it. Only whole words
count: ``আজকের পত্রিকা`` (a newspaper's name) is not ``আজ``.
"""

from __future__ import annotations

from typing import NamedTuple

from newscrawler.text.dates.clock import AGO_WORDS
from newscrawler.text.dates.names import WEEKDAYS
from newscrawler.text.dates.tokens import Token, canonical, word_set


def _words(spec: dict[str, str]) -> dict[str, str]:
    return {canonical(w).lower(): value for value, words in spec.items() for w in words.split()}


NOW_WORDS = word_set("এইমাত্র এখনই এইমাত্রই")
# Day words: the number of days back from the reference's date (negative: ahead).
DAY_WORDS = {
    canonical(w).lower(): back
    for back, words in {
        0: "আজ আজকে আজই today",
        1: "গতকাল গতকালকে yesterday",
        2: "গতপরশু",
        -1: "আগামীকাল আগামীকালকে tomorrow",
    }.items()
    for w in words.split()
}
# A word before কাল/পরশু or a weekday: which way it counts (গত = back, আগামী = ahead).
DIRECTION_WORDS = {
    canonical(w).lower(): way
    for way, words in {1: "গত গতো last previous", -1: "আগামী আগামি next coming"}.items()
    for w in words.split()
}
# কাল and পরশু alone are ambiguous (yesterday or tomorrow); after a direction word they are not.
DIRECTED_DAYS = {canonical("কাল"): 1, canonical("পরশু"): 2}
UNITS = _words(
    {
        "second": "সেকেন্ড seconds second secs sec",
        "minute": "মিনিট minutes minute mins min",
        "hour": "ঘণ্টা ঘন্টা ঘণ্টার ঘন্টার hours hour hrs hr",
        "day": "দিন দিনের days day",
        "week": "সপ্তাহ সপ্তাহের weeks week",
        "month": "মাস মাসের months month",
        "year": "বছর বছরের years year",
    }
)
SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
# The finest unit of a phrase sets the precision of the result.
PRECISION = {"second": "second", "minute": "minute", "hour": "hour"}


class Relative(NamedTuple):
    """A relative phrase: go back ``seconds``, ``months`` and ``days`` from the reference."""

    seconds: int
    months: int
    days: int
    precision: str
    start: int
    end: int
    next_index: int
    weekday: int = -1  # for "গত বৃহস্পতিবার": the weekday, counted in the way ``days`` says


def _directed(tokens: list[Token], index: int, way: int) -> Relative | None:
    """``গত কাল``, ``গত পরশু``, ``আগামী কাল``, ``গত বৃহস্পতিবার``, ``last Thursday``."""
    if index + 1 >= len(tokens):
        return None
    following = tokens[index + 1]
    word = following.text.lower()
    span = (tokens[index].start, following.end, index + 2)
    if word in DIRECTED_DAYS:
        return Relative(0, 0, way * DIRECTED_DAYS[word], "day", *span)
    if word in WEEKDAYS:
        return Relative(0, 0, way, "day", *span, WEEKDAYS[word])
    return None


def _amounts(tokens: list[Token], index: int) -> tuple[list[tuple[int, str]], int]:
    """Pairs (number, unit) from ``index`` on, and the index after them."""
    pairs: list[tuple[int, str]] = []
    while (
        index + 1 < len(tokens)
        and tokens[index].kind == "num"
        and len(tokens[index].text) <= 4
        and tokens[index + 1].text.lower() in UNITS
    ):
        pairs.append((int(tokens[index].text), UNITS[tokens[index + 1].text.lower()]))
        index += 2
    return pairs, index


def relative_at(tokens: list[Token], index: int) -> Relative | None:
    """Read a relative phrase at ``index``.

    >>> from newscrawler.text.dates.tokens import tokenize
    >>> relative_at(tokenize("২ ঘণ্টা ১৮ মিনিট আগে"), 0)[:4]
    (8280, 0, 0, 'minute')
    >>> relative_at(tokenize("আজকের পত্রিকা"), 0) is None
    True
    >>> relative_at(tokenize("গত বৃহস্পতিবার"), 0)[2], relative_at(tokenize("গত বৃহস্পতিবার"), 0).weekday
    (1, 3)
    """
    token = tokens[index]
    word = token.text.lower()
    if word in NOW_WORDS:
        return Relative(0, 0, 0, "minute", token.start, token.end, index + 1)
    if word in DAY_WORDS:
        return Relative(0, 0, DAY_WORDS[word], "day", token.start, token.end, index + 1)
    if word in DIRECTION_WORDS:
        return _directed(tokens, index, DIRECTION_WORDS[word])
    pairs, after = _amounts(tokens, index)
    if not pairs or after >= len(tokens) or tokens[after].text.lower() not in AGO_WORDS:
        return None
    return make_relative(pairs, (token.start, tokens[after].end), after + 1)


def make_relative(
    pairs: list[tuple[int, str]], span: tuple[int, int], next_index: int = 0
) -> Relative:
    """A :class:`Relative` from (amount, unit) pairs such as ``[(2, "hour"), (18, "minute")]``."""
    seconds = months = 0
    for amount, unit in pairs:
        if unit in SECONDS:
            seconds += amount * SECONDS[unit]
        else:
            months += amount * (12 if unit == "year" else 1)
    finest = pairs[-1][1]
    precision = PRECISION.get(finest, "day")
    days, seconds = (seconds // 86400, 0) if precision == "day" else (0, seconds)
    value = (seconds, months, days, precision, span[0], span[1], next_index, -1)
    return tuple.__new__(Relative, value)  # Relative(...) would run a Python-level __new__
