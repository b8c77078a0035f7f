"""Regexes of the fast path (see :mod:`.fast`), built from the same word tables as the grammar.

Word lists become tries (``জানু(?:য়ার(?:ি|ী))?``), so a name is read character by
character; atomic groups and possessive quantifiers read each part once,
greedily, as the grammar does, so a string that does not fit fails at once
instead of backtracking. Both stamp patterns define the same groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from newscrawler.text.dates.clock import AGO_WORDS, DAY_PARTS, FRACTIONS, MARKERS, OCLOCK
from newscrawler.text.dates.clock import MINUTE_WORDS as MINUTES
from newscrawler.text.dates.labels import LABEL_WORDS, PRINTED
from newscrawler.text.dates.names import (
    BANGLA_MONTHS,
    ERAS,
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    ORDINALS,
    WEEKDAYS,
)
from newscrawler.text.dates.relative import DAY_WORDS, NOW_WORDS, UNITS
from newscrawler.text.dates.tokens import canonical


def alternation(words: Iterable[str]) -> str:
    """A regex for the words (English also Capitalised and UPPER) as a trie.

    A trie reads a name character by character instead of trying every name in
    turn, and its greedy optional tails try the longest name first.

    >>> alternation(["জানু", "জানুয়ারি", "জানুয়ারী"]) == "জানু(?:য়ার(?:ি|ী))?"
    True
    """
    trie: dict[str, Any] = {}
    for word in {f for w in words for f in (w, w.capitalize(), w.upper())}:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _guarded(trie)


def _bengali_first(item: tuple[str, Any]) -> tuple[bool, str]:
    # Branches start with distinct characters, so their order never changes a match;
    # the regex engine tries them in turn, and pages print Bengali far more than English.
    return item[0].isascii(), item[0]


def _trie_regex(node: dict[str, Any]) -> str:
    branches = [
        re.escape(char) + _trie_regex(child)
        for char, child in sorted(node.items(), key=_bengali_first)
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _guarded(node: dict[str, Any]) -> str:
    firsts = sorted(char for char in node if char)
    body = _trie_regex(node)
    if len(firsts) < 8:
        return body
    return "(?=[" + "".join(re.escape(c) for c in firsts) + "])" + body


D = "[0-9\u09e6-\u09ef]"
LABEL_WORD = alternation(w for w, label in LABEL_WORDS.items() if label != PRINTED)
LABEL = (
    rf"(?>(?P<label>{LABEL_WORD})(?:\s++(?:{LABEL_WORD}|{canonical('সময়')}))*+"
    r"\s*+[:\u0983]?+\s*+)"
)
MONTH = alternation([*GREGORIAN_MONTHS, *BANGLA_MONTHS, *HIJRI_MONTHS])
ORDINAL = alternation(ORDINALS)
WEEKDAY = alternation(WEEKDAYS)
SEP = r"\s*+[,|\-]?+\s*+"
PART = alternation([*DAY_PARTS, *MARKERS])
FRACTION = alternation(FRACTIONS)
OCLOCK_WORD = alternation(OCLOCK)
MINUTE_WORD = alternation(MINUTES)
MARKER = alternation(MARKERS)
TIME = (
    rf"(?>(?:(?P<part>{PART})\s*+)?+(?:(?P<frac>{FRACTION})\s*+)?+"
    rf"(?P<h>{D}{{1,2}}+)(?:(?P<sep>[:.\u0983])(?P<mi>{D}{{2}}+)(?:(?P=sep)(?P<s>{D}{{2}}+))?+"
    rf"|\s*+(?:{OCLOCK_WORD})(?:\s*+(?P<om>{D}{{1,2}}+)\s*+(?:{MINUTE_WORD}))?+)"
    rf"(?:(?!\Z)\s*+(?P<mark>{MARKER}))?+)"
)
ERA = alternation(ERAS)
DATE = (
    rf"(?>(?P<d1>{D}{{1,2}}+)(?:{ORDINAL})?+\s*+[,-]?+\s*+(?P<m1>{MONTH})"
    rf"(?:\s*+[,-]?+\s*+(?P<y1>{D}{{4}}+)(?:\s*+(?P<e1>{ERA}))?+)?+"
    rf"|(?P<m2>{MONTH})\s*+[,-]?+\s*+(?P<d2>{D}{{1,2}}+)(?:{ORDINAL})?+\s*+[,-]?+\s*+(?P<y2>{D}{{4}}+)"
    rf"|(?P<d3>{D}{{1,2}}+)(?P<ns>[-/.])(?P<m3>{D}{{1,2}}+)(?P=ns)(?P<y3>{D}{{4}}+))"
)


def _more_date(n: int) -> str:
    return (
        rf"{SEP}(?>(?P<d{n}>{D}{{1,2}}+)(?:{ORDINAL})?+\s*+(?P<m{n}>{MONTH})\s*+,?+\s*+"
        rf"(?P<y{n}>{D}{{4}}+)(?:\s*+(?P<e{n}>{ERA}))?+)"
    )


# The second and third date of a dual or triple dateline (any calendar, with a year);
# the third is only looked for after a second.
MORE_DATES = rf"(?:{_more_date(4)}(?:{_more_date(5)})?+)?+"
WEEKDAY_BEFORE = rf"(?>(?P<wd>{WEEKDAY})\s*+,?+\s*+)?+"
WEEKDAY_AFTER = rf"(?:(?!\Z)\s*+,?+\s*+(?P<wd2>{WEEKDAY}))?+"
# Everything after the date is optional and never empty: at the end of the text,
# `(?!\Z)` skips it at once instead of trying each part in turn (here and in TIME).
DATE_FIRST_RE = re.compile(
    rf"\s*+(?:{canonical('তারিখ')}\s*+[:\u0983]?+\s*+)?+"
    rf"(?P<body>{LABEL}?+{WEEKDAY_BEFORE}{DATE}"
    rf"(?:(?!\Z){MORE_DATES}(?:(?!\Z){SEP}{TIME})?+{WEEKDAY_AFTER})?+)\s*+"
)
TIME_FIRST_RE = re.compile(
    rf"\s*+(?P<body>{LABEL}?+{TIME}{SEP}{WEEKDAY_BEFORE}{DATE}"
    rf"(?:(?!\Z){MORE_DATES}{WEEKDAY_AFTER})?+)\s*+"
)
UNIT = alternation(UNITS)
AGO = alternation(AGO_WORDS)
DAY_WORD = alternation([*NOW_WORDS, *DAY_WORDS])
RELATIVE_RE = re.compile(
    rf"\s*+(?P<body>(?P<n1>{D}{{1,4}}+)\s*+(?P<u1>{UNIT})(?:\s*+(?P<n2>{D}{{1,4}}+)\s*+(?P<u2>{UNIT}))?+"
    rf"\s*+(?:{AGO})|(?P<word>{DAY_WORD}))\s*+"
)
