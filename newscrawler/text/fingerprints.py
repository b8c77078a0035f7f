"""Fingerprints of article text: folded words, exact-duplicate hashes, shingles.

Everything here works on :func:`fold_text`, so two bodies that differ only in
Unicode form, joiners, punctuation or spacing have the same words, the same
hash and the same shingles.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from newscrawler.text.normalise import normalise_chars

# Everything that is not a word character: punctuation (danda included) and spaces.
# Bengali vowel signs and the virama fail str.isalnum(), hence fail \w, so the
# whole Bengali block is listed explicitly: a word must never be cut at a sign.
FOLD_RE = re.compile("(?:[^\\w\u0980-\u09ff]|_)+")
JOINERS_RE = re.compile("[\u200c\u200d]")


# A crawl folds each text several times (repeats: per paragraph; validate and
# dedupe: the body); the last few hundred folds are kept, so each is computed once.
@lru_cache(maxsize=512)
def fold_text(text: str) -> str:
    """Fold a text for comparison: NFC, one য়/ড়/ঢ় form, no joiners, no punctuation.

    Words are kept, separated by single spaces, lower-cased.

    >>> fold_text("ঢাকা, ১২ জুন। \\u201cবৃষ্টি\\u201d  হবে!") == fold_text("ঢাকা ১২ জুন বৃষ্টি হবে")
    True
    >>> fold_text("প্রেসিডেন্ট") == "প্রেসিডেন্ট"
    True
    """
    text = normalise_chars(text)
    if JOINERS_RE.search(text):  # NFC again only where removing them can change it
        text = unicodedata.normalize("NFC", JOINERS_RE.sub("", text))
    return FOLD_RE.sub(" ", text.lower()).strip()


def content_hash(body: str) -> str:
    """SHA-256 (hex) of the folded body: equal for bodies that differ only in form.

    >>> content_hash("এক  দুই।") == content_hash("এক দুই")
    True
    """
    return folded_hash(fold_text(body))


def folded_hash(folded: str) -> str:
    """:func:`content_hash` of a text already folded by :func:`fold_text` (fold once, use twice).

    >>> folded_hash(fold_text("এক  দুই।")) == content_hash("এক দুই")
    True
    """
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def words(text: str) -> list[str]:
    """The folded words of a text; Bengali words stay whole (vowel signs, virama).

    >>> words("প্রধানমন্ত্রী বললেন, \u201cনির্বাচন হবে।\u201d")
    ['প্রধানমন্ত্রী', 'বললেন', 'নির্বাচন', 'হবে']
    """
    return fold_text(text).split()


def word_count(text: str) -> int:
    """Number of folded words.

    >>> word_count("এক, দুই। তিন")
    3
    """
    return len(words(text))


def shingles(text: str, size: int = 2) -> set[str]:
    """The set of ``size``-word shingles (word n-grams) of the folded text.

    A text shorter than ``size`` words gives one shingle of all its words; an
    empty text gives none. Each shingle is its words joined by one space.

    >>> sorted(shingles("আমার সোনার বাংলা", 2))
    ['আমার সোনার', 'সোনার বাংলা']
    >>> shingles("বাংলা", 3)
    {'বাংলা'}
    """
    return shingles_of(words(text), size)


def shingles_of(tokens: list[str], size: int = 2) -> set[str]:
    """:func:`shingles` of a text already folded and split into words.

    >>> sorted(shingles_of(["আমার", "সোনার", "বাংলা"], 2))
    ['আমার সোনার', 'সোনার বাংলা']
    """
    if size < 1:
        raise ValueError(f"shingle size must be at least 1, got {size}")
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}
