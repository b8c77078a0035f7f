"""Text that every database can store: no lone surrogates, no NUL characters.

A JSON-LD string such as ``"\\udfff"`` (a truncated emoji) decodes to a lone
UTF-16 surrogate, which UTF-8 cannot encode; PostgreSQL refuses NUL characters
in text. Both are replaced by U+FFFD before an item reaches storage, and
counted, so that one bad character never costs a batch of articles.
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
UNSTORABLE_RE = re.compile("[\ud800-\udfff\x00]")


def storable_text(text: str) -> tuple[str, int]:
    """``text`` with lone surrogates and NULs replaced by U+FFFD, and how many were.

    >>> storable_text("লেখক\\udfff")
    ('লেখক\\ufffd', 1)
    >>> storable_text("a\\x00b\\ud83d"), storable_text("ঠিক আছে")
    (('a\\ufffdb\\ufffd', 2), ('ঠিক আছে', 0))
    """
    return UNSTORABLE_RE.subn(REPLACEMENT, text)


def storable_value(value: Any) -> tuple[Any, int]:
    """Like :func:`storable_text` for strings inside lists, tuples and dicts (keys too).

    >>> storable_value({"authors": ["\\udfff", "রহিম"], "n": 3})
    ({'authors': ['\\ufffd', 'রহিম'], 'n': 3}, 1)
    """
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, list | tuple):
        pairs = [storable_value(v) for v in value]
        return type(value)(v for v, _ in pairs), sum(n for _, n in pairs)
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        count = 0
        for key, item in value.items():
            new_key, n_key = storable_value(key)
            out[new_key], n_item = storable_value(item)
            count += n_key + n_item
        return out, count
    return value, 0
