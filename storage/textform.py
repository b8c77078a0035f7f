"""The one character form of stored and searched text (standard library only).

Both the crawler (``newscrawler.text.normalise``) and the archive's full-text
index need the same rule, so it lives here, below both: ``storage`` never
imports ``newscrawler``. Importing this module imports no database code.

The rule: NFC, then invisible characters removed. Unicode lists the precomposed
letters য় (U+09DF), ড় (U+09DC) and ঢ় (U+09DD) as composition exclusions, so NFC
turns them into the letter plus the nukta sign (U+09BC): whichever way a page
wrote the letter, the stored text is the same. Zero-width space, BOM (U+FEFF),
word joiner, soft hyphen and direction marks are removed. ZWNJ (U+200C) and ZWJ
(U+200D) change how Bengali conjuncts render (র‍্য, ক্‌ষ), so they are *kept*
when both neighbours are Bengali letters or signs, and dropped anywhere else.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

ZWNJ = "\u200c"
ZWJ = "\u200d"
# Removed outright wherever they appear.
INVISIBLE_RE = re.compile("[\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A joiner whose neighbours are not both Bengali (U+0980–U+09FF).
LONE_JOINER_RE = re.compile(
    "(?<![\u0980-\u09ff])[\u200c\u200d]+|[\u200c\u200d]+(?![\u0980-\u09ff])"
)


def normalise_chars(text: str) -> str:
    """NFC plus the invisible-character rule, leaving spaces alone.

    >>> normalise_chars("\\u09af\\u09bc") == normalise_chars("\\u09df")
    True
    >>> normalise_chars("\\ufeffঢাকা\\u200b") == "ঢাকা"
    True
    >>> normalise_chars("র\\u200d্য") == "র\\u200d্য"   # ZWJ inside a Bengali word stays
    True
    """
    text = unicodedata.normalize("NFC", text)
    text = INVISIBLE_RE.sub("", text)
    if ZWNJ not in text and ZWJ not in text:
        return text  # most texts: the joiner rule (a lookbehind tried everywhere) has no work
    return LONE_JOINER_RE.sub("", text)


def plain_hash(body: str) -> str:
    """SHA-256 (hex) of a body in the normal character form.

    The archive's fallback when an item arrives without the ``content_hash``
    the crawler computes (its folded hash also ignores punctuation and spacing).

    >>> plain_hash("ঢাকা") == plain_hash("\\ufeffঢাকা")
    True
    """
    return hashlib.sha256(normalise_chars(body).encode("utf-8")).hexdigest()
