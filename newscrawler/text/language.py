"""Is a text Bengali?"""

from __future__ import annotations

import re

# Bengali letters and signs: the Bengali block less its digits (U+09E6–U+09EF).
BENGALI_LETTER_RE = re.compile("[\u0980-\u09e5\u09f0-\u09ff]")
# Letters of other scripts: word characters that are neither digits, "_" nor Bengali.
OTHER_LETTER_RE = re.compile("[^\\W\\d_\u0980-\u09ff]")
# Runs of each, counted by their lengths: one match per word instead of per letter.
BENGALI_RUNS_RE = re.compile(BENGALI_LETTER_RE.pattern + "+")
OTHER_RUNS_RE = re.compile(OTHER_LETTER_RE.pattern + "+")


def bengali_ratio(text: str) -> float:
    """Share of letters (and signs) in the Bengali block, from 0.0 to 1.0.

    >>> bengali_ratio("ঢাকা Dhaka")   # ঢ া ক া against D h a k a
    0.4444444444444444
    >>> bengali_ratio("12345")
    0.0
    """
    bengali = sum(map(len, BENGALI_RUNS_RE.findall(text)))
    other = sum(map(len, OTHER_RUNS_RE.findall(text)))
    total = bengali + other
    return bengali / total if total else 0.0


def is_bengali(text: str, threshold: float = 0.5) -> bool:
    """True when at least ``threshold`` of the letters are Bengali.

    >>> is_bengali("রাজধানীতে বৃষ্টি, Dhaka")
    True
    >>> is_bengali("Heavy rain in the capital")
    False
    """
    return bengali_ratio(text) >= threshold
