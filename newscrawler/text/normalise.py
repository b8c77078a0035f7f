"""Clean Bengali text: one Unicode form, no stray invisible characters, tidy spaces.

The rules, in order:

1. **NFC.** Unicode lists the precomposed letters য় (U+09DF), ড় (U+09DC) and
   ঢ় (U+09DD) as composition exclusions, so NFC turns them into the letter plus
   the nukta sign (U+09BC). That sequence is therefore our one canonical form:
   whichever way a page wrote the letter, the stored text is the same.
2. **Invisible characters.** Zero-width space, BOM (U+FEFF), word joiner, soft
   hyphen and direction marks are removed. ZWNJ (U+200C) and ZWJ (U+200D) change
   how Bengali conjuncts render (র‍্য, ক্‌ষ), so they are *kept* when both
   neighbours are Bengali letters or signs, and dropped anywhere else (next to a
   space, punctuation or Latin text), where they do nothing but break matching.
3. **Spaces.** Runs of spaces, tabs and NBSPs become one space; lines are trimmed;
   in bodies, paragraphs are separated by exactly one blank line.
"""

from __future__ import annotations

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
PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")


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
    return LONE_JOINER_RE.sub("", text)


def normalise_text(text: str) -> str:
    """Clean a one-line field (title, author, section): all whitespace becomes one space.

    >>> normalise_text("  প্রধানমন্ত্রী\\r\\n  বললেন\\u00a0 ")
    'প্রধানমন্ত্রী বললেন'
    """
    return " ".join(normalise_chars(text).split())


def normalise_body(text: str) -> str:
    """Clean a body: paragraphs separated by one blank line, lines inside joined.

    A single line break inside a paragraph is a wrapped source line and becomes
    a space; two or more line breaks separate paragraphs.

    >>> normalise_body("প্রথম  অনুচ্ছেদ\\r\\nচলছে\\n\\n\\n দ্বিতীয়\\u00a0")
    'প্রথম অনুচ্ছেদ চলছে\\n\\nদ্বিতীয়'
    """
    text = normalise_chars(text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = (" ".join(p.split()) for p in PARAGRAPH_BREAK_RE.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def paragraphs(body: str) -> list[str]:
    """Split a normalised body into its paragraphs.

    >>> paragraphs("এক\\n\\nদুই")
    ['এক', 'দুই']
    """
    return [p for p in body.split("\n\n") if p.strip()]
