"""Structured copies of the story text, and the visible container that agrees with them.

Many pages carry their story twice: as HTML for readers and as data for machines
(JSON-LD ``articleBody``, the story record of a Next.js/Quintype page). The data
copy is not fooled by layout: a related-story card, a video player or an ad
between paragraphs does not change it. So when a page has such a *reference*
text, the body must agree with it: the container chosen is the smallest one
holding (nearly) all the visible paragraphs found in the reference, each
paragraph counted once, so a body printed twice still gives its first copy.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from dataclasses import dataclass

from newscrawler.extract.blocks import HEADING_TAGS, text_blocks
from newscrawler.extract.body import MAX_LINK_RATIO, letters
from newscrawler.extract.dom import Element, is_boilerplate

logger = logging.getLogger(__name__)

TAG_RE = re.compile(r"<[^>]+>")
PARAGRAPH_END_RE = re.compile(r"(?i)</p\s*>|<br\s*/?>|</div\s*>|</h\d\s*>")
# A visible block must be this long to count as found in the reference.
MIN_KEY_CHARS = 20
KEY_CHARS = 80
# The chosen container holds this share of the best matched text.
COVER_SHARE = 0.9
# The visible body agrees with the reference when it holds this share of the best match.
AGREE_SHARE = 0.8


@dataclass(frozen=True)
class Reference:
    """A structured copy of the story text, normalised for matching."""

    text: str
    source: str
    truncated: bool
    body: str  # paragraphs separated by a blank line, for a page with no visible copy

    @property
    def letters(self) -> int:
        return letters(self.text)


def normalise(text: str) -> str:
    """Entities decoded (twice: scripts escape them), tags removed, NFC, spaces collapsed.

    >>> normalise("&lt;p&gt;ঢাকা&amp;nbsp; শহর&lt;/p&gt;")
    'ঢাকা শহর'
    """
    text = html.unescape(html.unescape(text))
    text = TAG_RE.sub(" ", text).replace("\xa0", " ")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def make_reference(raw: str | None, source: str) -> Reference | None:
    """A :class:`Reference` from a raw structured text (``None`` when too short to judge)."""
    if not raw:
        return None
    text = normalise(raw)
    if letters(text) < 2 * MIN_KEY_CHARS:
        return None
    return Reference(text, source, text.endswith(("…", "...")), _paragraphs(raw))


def _paragraphs(raw: str) -> str:
    text = html.unescape(html.unescape(raw))
    text = PARAGRAPH_END_RE.sub("\n\n", text)
    parts = (normalise(p) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in parts if p)


def _key(text: str) -> str | None:
    key = unicodedata.normalize("NFC", " ".join(text.replace("\xa0", " ").split()))
    return key[:KEY_CHARS] if len(key) >= MIN_KEY_CHARS else None


def matched_letters(root: Element, reference: Reference) -> dict[Element, int]:
    """For each element, the letters of its distinct visible paragraphs found in the reference."""
    found: dict[Element, set[str]] = {}
    weight: dict[str, int] = {}
    for block in text_blocks(root, is_boilerplate):
        if block.tag in HEADING_TAGS or block.link_ratio > MAX_LINK_RATIO:
            continue
        key = _key(block.text)
        if key is None or key not in reference.text:
            continue
        weight[key] = letters(block.text)
        node: Element | None = block.owner
        while node is not None:
            found.setdefault(node, set()).add(key)
            node = node.getparent()
    return {el: sum(weight[k] for k in keys) for el, keys in found.items()}


def held_letters(container: Element, reference: Reference) -> int:
    """Letters of the container's distinct visible paragraphs found in the reference."""
    return matched_letters(container, reference).get(container, 0)


def agreeing_container(matched: dict[Element, int]) -> tuple[Element | None, int]:
    """The smallest container holding the visible copy of the reference, and its letters.

    ``matched`` is :func:`matched_letters`. Among elements holding at least 90% of
    the best match, the deepest wins (ties: the first in document order, so a
    desktop copy beats its mobile twin).
    """
    if not matched:
        return None, 0
    best = max(matched.values())
    floor = COVER_SHARE * best
    chosen: Element | None = None
    chosen_depth = -1
    for el, count in matched.items():  # insertion order: document order, owners first
        if count < floor:
            continue
        depth = sum(1 for _ in el.iterancestors())
        if depth > chosen_depth:
            chosen, chosen_depth = el, depth
    return chosen, best


def agrees(container: Element | None, matched: dict[Element, int]) -> bool:
    """Whether ``container`` holds the visible copy of the reference (``matched``: see above)."""
    best = max(matched.values(), default=0)
    if best == 0:
        return False
    held = matched.get(container, 0) if container is not None else 0
    return held >= AGREE_SHARE * best
