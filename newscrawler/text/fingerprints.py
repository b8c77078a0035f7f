"""Fingerprints of article text: exact-duplicate hashes."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from newscrawler.text.normalise import normalise_chars

# Everything that is not a word character: punctuation (danda included) and spaces.
# Bengali vowel signs and the virama fail str.isalnum(), hence fail \w, so the
# whole Bengali block is listed explicitly: a word must never be cut at a sign.
FOLD_RE = re.compile("(?:[^\\w\u0980-\u09ff]|_)+")
JOINERS_RE = re.compile("[\u200c\u200d]")


def fold_text(text: str) -> str:
    """Fold a text for comparison: NFC, one য়/ড়/ঢ় form, no joiners, no punctuation.

    Words are kept, separated by single spaces, lower-cased.

    >>> fold_text("ঢাকা, ১২ জুন। \\u201cবৃষ্টি\\u201d  হবে!") == fold_text("ঢাকা ১২ জুন বৃষ্টি হবে")
    True
    >>> fold_text("প্রেসিডেন্ট") == "প্রেসিডেন্ট"
    True
    """
    text = JOINERS_RE.sub("", normalise_chars(text))
    text = unicodedata.normalize("NFC", text).lower()
    return FOLD_RE.sub(" ", text).strip()


def content_hash(body: str) -> str:
    """SHA-256 (hex) of the folded body: equal for bodies that differ only in form.

    >>> content_hash("এক  দুই।") == content_hash("এক দুই")
    True
    """
    return hashlib.sha256(fold_text(body).encode("utf-8")).hexdigest()
