"""A readable diff between two versions of an article body, paragraph by paragraph."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import NamedTuple

# Unchanged paragraphs shown around a change; longer unchanged runs are folded.
CONTEXT = 1


class Line(NamedTuple):
    """One line of the diff: ``op`` is ``same``, ``removed``, ``added`` or ``folded``."""

    op: str
    text: str


def paragraphs(body: str) -> list[str]:
    """The non-empty paragraphs of a body (one per line).

    >>> paragraphs("এক\\n\\n দুই ")
    ['এক', 'দুই']
    """
    return [p.strip() for p in body.split("\n") if p.strip()]


def paragraph_diff(old: str, new: str) -> list[Line]:
    """What changed from ``old`` to ``new``, with long unchanged runs folded.

    A folded line's text is the number of paragraphs it hides.

    >>> for line in paragraph_diff("ক\\nখ\\nগ\\nঘ", "ক\\nখ\\nগ\\nঙ"):
    ...     print(line.op, line.text)
    folded 2
    same গ
    removed ঘ
    added ঙ
    """
    before, after = paragraphs(old), paragraphs(new)
    out: list[Line] = []
    opcodes = SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
    for index, (tag, a0, a1, b0, b1) in enumerate(opcodes):
        if tag == "equal":
            out += _context(before[a0:a1], first=index == 0, last=index == len(opcodes) - 1)
            continue
        out += [Line("removed", p) for p in before[a0:a1]]
        out += [Line("added", p) for p in after[b0:b1]]
    return out


def _context(same: list[str], *, first: bool, last: bool) -> list[Line]:
    """Unchanged paragraphs: ``CONTEXT`` of them next to each change, the rest folded."""
    head = [] if first else same[:CONTEXT]
    tail = [] if last else same[-CONTEXT:]
    if len(head) + len(tail) >= len(same):
        return [Line("same", p) for p in same]
    hidden = len(same) - len(head) - len(tail)
    return (
        [Line("same", p) for p in head]
        + [Line("folded", str(hidden))]
        + [Line("same", p) for p in tail]
    )
