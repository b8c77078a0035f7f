"""Numerals and tokens: the one pass that turns a date string into words and numbers.

One regex cuts the text into numbers (Bengali, ASCII or mixed digits, given
as ASCII), words (a Bengali or a Latin run) and punctuation; spans point
into the caller's string. Words are put in one canonical form: the precomposed
letters য় ড় ঢ় become letter + nukta as NFC does, and ZWNJ/ZWJ are dropped, so
every spelling of a name finds the same table entry. Invisible characters
(zero-width space, BOM, direction marks) are skipped like spaces.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from newscrawler.text.digits import to_ascii_digits

# Precomposed letters that NFC decomposes (composition exclusions).
DECOMPOSE = str.maketrans(
    {"\u09dc": "\u09a1\u09bc", "\u09dd": "\u09a2\u09bc", "\u09df": "\u09af\u09bc"}
)
NEEDS_CANONICAL_RE = re.compile("[\u09dc\u09dd\u09df\u200c\u200d]|\u09c7[\u09be\u09d7]")
JOINERS = str.maketrans("", "", "\u200c\u200d")
# A Bengali word: letters and signs, without digits and without the visarga ঃ
# (U+0983), which pages use as a colon (``আপডেটঃ``, ``১০ঃ৩০``).
TOKEN_RE = re.compile(
    "(?P<num>[0-9\u09e6-\u09ef]+)"
    "|(?P<word>[\u0980-\u0982\u0984-\u09e5\u09f0-\u09ff\u200c\u200d]+|[A-Za-z]+)"
    "|(?P<visarga>\u0983)"
    "|(?P<punct>[^\\s0-9A-Za-z\u0980-\u09ff\u200b-\u200f\u2060\ufeff\u00ad\u202a-\u202e])"
)


class Token(NamedTuple):
    """One token: ``kind`` is ``num``, ``word`` or ``punct``; ``text`` is canonical."""

    kind: str
    text: str
    start: int
    end: int


def canonical(text: str) -> str:
    """The canonical spelling of a word: decomposed য়/ড়/ঢ়, composed ো/ৌ, no ZWNJ/ZWJ.

    >>> canonical("জানু\\u09dfারি") == "জানুয়ারি"
    True
    """
    text = text.translate(DECOMPOSE).translate(JOINERS)
    # Two-part vowel signs written as two characters (ে + া = ো, ে + ৗ = ৌ), composed as NFC does.
    return text.replace("\u09c7\u09be", "\u09cb").replace("\u09c7\u09d7", "\u09cc")


def word_set(words: str) -> frozenset[str]:
    """Canonical, lower-cased forms of space-separated words (for lookup tables).

    >>> sorted(word_set("AM এএম"))
    ['am', 'এএম']
    """
    return frozenset(canonical(word).lower() for word in words.split())


def tokenize(text: str) -> list[Token]:
    """Cut a date string into tokens with spans in ``text``.

    >>> [t.text for t in tokenize("প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম")]
    ['প্রকাশ', ':', '09', 'আগস্ট', '2026', ',', '12', ':', '00', 'এএম']
    """
    fix = NEEDS_CANONICAL_RE.search(text) is not None
    new = tuple.__new__  # Token(...) goes through a Python-level __new__; this does not
    tokens: list[Token] = []
    append = tokens.append
    for match in TOKEN_RE.finditer(text):
        kind = match.lastgroup
        word = match.group()
        if kind == "num":
            word = to_ascii_digits(word)
        elif kind == "visarga":
            kind, word = "punct", ":"
        elif fix and kind == "word":
            word = canonical(word)
        append(new(Token, (kind, word, match.start(), match.end())))
    return tokens
