"""Split a tree into text blocks: paragraphs from ``<p>`` *and* from bare text.

Bengali news pages often hold paragraphs as text nodes separated by ``<br>``
(old PHP portals) or leave a paragraph outside any ``<p>`` after a stray
``</p>``. A block is therefore any run of inline content between block-level
boundaries or ``<br>`` elements. Each block remembers its *owner*: the nearest
enclosing container (not a ``<p>``/heading/list item), which the body scorer
ranks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from newscrawler.extract.dom import Element, tag_of

INLINE_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "label",
        "mark",
        "nobr",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
        "img",
        "picture",
        "source",
    ]
)
# Blocks inside these belong to the enclosing container rather than to themselves.
PARAGRAPH_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dd",
        "dt",
        "blockquote",
        "pre",
        "address",
        "center",
    ]
)
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])


@dataclass
class Block:
    """One paragraph-like run of text, with how much of it is link text."""

    owner: Element
    tag: str
    element: Element = None
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    @property
    def link_ratio(self) -> float:
        length = len("".join(self.parts).strip())
        return min(1.0, self.link_chars / length) if length else 0.0


class _Walker:
    def __init__(self, skip: Callable[[Element], bool]) -> None:
        self.skip = skip
        self.out: list[Block] = []

    def flush(self, block: Block) -> Block:
        if block.text:
            self.out.append(block)
        return Block(owner=block.owner, tag=block.tag, element=block.element)

    def walk(self, el: Element, owner: Element) -> None:
        tag = tag_of(el)
        own = owner if tag in PARAGRAPH_TAGS else el
        block = Block(owner=own, tag=tag if tag in PARAGRAPH_TAGS else "text", element=el)
        block.parts.append(el.text or "")
        for child in el:
            block = self.child(child, block, own, in_link=False)
        self.flush(block)

    def child(self, child: Element, block: Block, own: Element, *, in_link: bool) -> Block:
        tag = tag_of(child)
        if not tag or self.skip(child):
            pass
        elif tag == "br" or tag == "hr":
            block = self.flush(block)
        elif tag in INLINE_TAGS:
            block = self.inline(child, block, own, in_link=in_link or tag == "a")
        else:
            block = self.flush(block)
            self.walk(child, own)
        return self.add(block, child.tail, in_link=in_link)

    def inline(self, el: Element, block: Block, own: Element, *, in_link: bool) -> Block:
        block = self.add(block, el.text, in_link=in_link)
        for child in el:
            block = self.child(child, block, own, in_link=in_link)
        return block

    @staticmethod
    def add(block: Block, text: str | None, *, in_link: bool) -> Block:
        if text:
            block.parts.append(text)
            if in_link:
                block.link_chars += len(text.strip())
        return block


def text_blocks(root: Element, skip: Callable[[Element], bool]) -> list[Block]:
    """Text blocks under ``root`` in document order; subtrees where ``skip`` is true are left out.

    >>> from newscrawler.extract.dom import parse
    >>> root = parse("<div>এক<br>দুই <b>তিন</b><p>চার <a>পাঁচ</a></p>ছয়</div>").css("div")[0].root
    >>> [(b.text, b.link_chars) for b in text_blocks(root, lambda el: False)]
    [('এক', 0), ('দুই তিন', 0), ('চার পাঁচ', 4), ('ছয়', 0)]
    """
    walker = _Walker(skip)
    walker.walk(root, root)
    return walker.out
