"""Numerals and tokens: the one pass that turns a date string into words and numbers.

The text is first put in one canonical form (Bengali digits become ASCII, the
precomposed letters য় ড় ঢ় become letter + nukta as NFC does, invisible
characters become spaces) while remembering where each character came from, so
spans point into the caller's string. Then one regex cuts it into tokens.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from newscrawler.text.digits import to_ascii_digits

# Precomposed letters that NFC decomposes (composition exclusions).
DECOMPOSE = {"\u09dc": "\u09a1\u09bc", "\u09dd": "\u09a2\u09bc", "\u09df": "\u09af\u09bc"}
# Characters replaced by a space (same length): zero-width, BOM, direction marks, NBSP.
BLANKS = str.maketrans(dict.fromkeys("\u200b\u2060\ufeff\u00ad\u200e\u200f\u00a0\u202f", " "))
NEEDS_MAP_RE = re.compile("[\u09dc\u09dd\u09df]")
# A Bengali word: letters and signs, without digits and without the visarga ঃ
# (U+0983), which pages use as a colon (``আপডেটঃ``, ``১০ঃ৩০``).
TOKEN_RE = re.compile(
    r"(?P<num>[0-9]+)"
    r"|(?P<word>[\u0980-\u0982\u0984-\u09e5\u09f0-\u09ff\u200c\u200d]+|[A-Za-z]+)"
    r"|(?P<punct>[^\s0-9A-Za-z\u0980-\u09ff])"
    r"|(?P<visarga>\u0983)"
)
ZWJ_RE = re.compile("[\u200c\u200d]")


class Token(NamedTuple):
    """One token: ``kind`` is ``num``, ``word`` or ``punct``; ``text`` is canonical."""

    kind: str
    text: str
    start: int
    end: int


def canonical(text: str) -> tuple[str, list[int] | None]:
    """Return the canonical text and, when lengths changed, each character's source index.

    >>> canonical("২০২৩")
    ('2023', None)
    >>> canonical("জানুয়ারি")[1] is None
    True
    >>> value, where = canonical("জানু\\u09dfারি")
    >>> value == "জানুয়ারি", where[5]
    (True, 4)
    """
    text = to_ascii_digits(text).translate(BLANKS)
    if NEEDS_MAP_RE.search(text) is None:
        return text, None
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        piece = DECOMPOSE.get(char, char)
        out.append(piece)
        where.extend([index] * len(piece))
    return "".join(out), where


def tokenize(text: str) -> list[Token]:
    """Cut a date string into tokens with spans in the original ``text``.

    >>> [t.text for t in tokenize("প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম")]
    ['প্রকাশ', ':', '09', 'আগস্ট', '2026', ',', '12', ':', '00', 'এএম']
    """
    value, where = canonical(text)
    tokens: list[Token] = []
    for match in TOKEN_RE.finditer(value):
        kind = match.lastgroup or "punct"
        start, end = match.span()
        if where is not None:
            start, end = where[start], where[end - 1] + 1
        word = match.group()
        if kind == "visarga":
            kind, word = "punct", ":"
        elif kind == "word" and ("\u200c" in word or "\u200d" in word):
            word = ZWJ_RE.sub("", word)
        tokens.append(Token(kind, word, start, end))
    return tokens


def word_set(words: str) -> frozenset[str]:
    """Canonical, lower-cased forms of space-separated words (for lookup tables).

    >>> sorted(word_set("AM এএম"))
    ['am', 'এএম']
    """
    return frozenset(canonical(word)[0].lower() for word in words.split())
