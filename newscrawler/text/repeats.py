"""Repeated content inside one page's body: second copies, headline and byline lines.

Templates print an article twice (desktop and mobile copies, or once under the
header and again after a "popular news" block), and extractors pick up the
headline and byline as body lines. :func:`remove_repeats` cleans one body:

1. **Headline and byline lines.** A paragraph that is the headline, or an
   author (optionally followed by up to ``BYLINE_TAIL_WORDS`` words of place or
   outlet, as in ``নিজস্ব প্রতিবেদক, ঢাকা``), is removed: the item already
   carries them as ``title`` and ``authors``. A body is never emptied this way.
2. **Repeated runs.** Reading from the top, a paragraph that was already kept
   starts a repeated run; the run is extended while the following paragraphs
   continue the earlier copy. A run of two or more paragraphs is removed, and so
   is a single repeated paragraph of at least ``MIN_SINGLE_WORDS`` words. Short
   single lines that recur (``***``, a refrain, ``প্রশ্ন:``) are kept.
   The first copy is always the one kept, and a paragraph that occurs once is
   never removed. The scan is repeated until nothing changes, so cleaning a
   cleaned body changes nothing.

Paragraphs are compared by their folded text (:func:`~newscrawler.text.fingerprints.fold_text`),
so copies that differ in spacing, punctuation or Unicode form match. The
function is pure: the same input always gives the same output.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from newscrawler.text.fingerprints import fold_text

logger = logging.getLogger(__name__)

MIN_SINGLE_WORDS = 6
BYLINE_TAIL_WORDS = 3
# A removed run is "a second copy of the body" when it holds at least this share
# of the words of the cleaned body.
BODY_COPY_SHARE = 0.5


@dataclass(frozen=True)
class RepeatResult:
    """The cleaned body and what was removed from it."""

    body: str
    paragraphs_removed: int = 0
    bodies_removed: int = 0
    title_lines_removed: int = 0
    byline_lines_removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.paragraphs_removed + self.title_lines_removed + self.byline_lines_removed)


def _key(paragraph: str) -> str:
    # A paragraph of punctuation only folds to ""; compare those by their text.
    return fold_text(paragraph) or "\0" + paragraph.strip()


def _is_byline(key: str, author_keys: Sequence[str]) -> bool:
    for author in author_keys:
        if key == author or (
            key.startswith(author + " ") and len(key[len(author) :].split()) <= BYLINE_TAIL_WORDS
        ):
            return True
    return False


def _strip_headers(
    paras: list[str], title: str | None, authors: Sequence[str]
) -> tuple[list[str], int, int]:
    """Remove headline and byline paragraphs (unless that would empty the body)."""
    title_key = fold_text(title) if title else ""
    author_keys = [k for k in (fold_text(a) for a in authors) if k]
    kept: list[str] = []
    titles = bylines = 0
    for para in paras:
        key = fold_text(para)
        if title_key and key == title_key:
            titles += 1
        elif key and _is_byline(key, author_keys):
            bylines += 1
        else:
            kept.append(para)
    if not kept:
        return paras, 0, 0
    return kept, titles, bylines


def _run_length(keys: list[str], start: int, out_keys: list[str], earlier: list[int]) -> int:
    """Longest run of ``keys`` from ``start`` that repeats ``out_keys`` from one of ``earlier``."""
    best = 0
    for j in earlier:
        length = 0
        while (
            start + length < len(keys)
            and j + length < len(out_keys)
            and keys[start + length] == out_keys[j + length]
        ):
            length += 1
        best = max(best, length)
    return best


def _drop_runs(paras: list[str]) -> tuple[list[str], list[list[str]]]:
    """Keep first copies; return the kept paragraphs and the removed runs."""
    keys = [_key(p) for p in paras]
    out: list[str] = []
    out_keys: list[str] = []
    seen: dict[str, list[int]] = {}
    removed: list[list[str]] = []
    i = 0
    while i < len(paras):
        length = _run_length(keys, i, out_keys, seen.get(keys[i], []))
        if length >= 2 or (length == 1 and len(keys[i].split()) >= MIN_SINGLE_WORDS):
            removed.append(paras[i : i + length])
            i += length
            continue
        seen.setdefault(keys[i], []).append(len(out))
        out.append(paras[i])
        out_keys.append(keys[i])
        i += 1
    return out, removed


def _word_total(paras: Sequence[str]) -> int:
    return sum(len(fold_text(p).split()) for p in paras)


def remove_repeats(
    body: str, *, title: str | None = None, authors: Sequence[str] = ()
) -> RepeatResult:
    """Remove repeated content from a body of paragraphs separated by a blank line.

    >>> p1 = "ঢাকায় আজ সকাল থেকে টানা বৃষ্টি হচ্ছে বলে জানিয়েছে আবহাওয়া অফিস।"
    >>> p2 = "রাস্তায় জলাবদ্ধতায় যান চলাচল ব্যাহত হয়েছে।"
    >>> body = "\\n\\n".join(["নিজস্ব প্রতিবেদক", p1, p2, "জনপ্রিয় সংবাদ", p1, p2])
    >>> result = remove_repeats(body, authors=["নিজস্ব প্রতিবেদক"])
    >>> result.body == "\\n\\n".join([p1, p2, "জনপ্রিয় সংবাদ"])
    True
    >>> result.paragraphs_removed, result.bodies_removed, result.byline_lines_removed
    (2, 1, 1)
    """
    paras = [p for p in body.split("\n\n") if p.strip()]
    paras, titles, bylines = _strip_headers(paras, title, authors)
    kept, runs = _drop_runs(paras)
    removed = runs
    while removed:  # until nothing changes, so that cleaning a clean body changes nothing
        kept, removed = _drop_runs(kept)
        runs += removed
    kept_words = _word_total(kept)
    bodies = sum(
        1 for run in runs if kept_words and _word_total(run) >= BODY_COPY_SHARE * kept_words
    )
    if runs:
        logger.debug("removed %d repeated runs (%d body copies)", len(runs), bodies)
    return RepeatResult(
        body="\n\n".join(kept),
        paragraphs_removed=sum(len(run) for run in runs),
        bodies_removed=bodies,
        title_lines_removed=titles,
        byline_lines_removed=bylines,
    )
