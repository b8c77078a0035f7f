"""Split a tree into text blocks: paragraphs from ``<p>`` *and* from bare text.

Bengali news pages often hold paragraphs as text nodes separated by ``<br>``
(old PHP portals) or leave a paragraph outside any ``<p>`` after a stray
``</p>``. A block is therefore any run of inline content between block-level
boundaries or ``<br>`` elements. Each block remembers its *owner*: the nearest
enclosing container (not a ``<p>``/heading/list item), which the body scorer
ranks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

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

    # Read only once a block is complete (flushed), so caching is safe.
    @cached_property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    @cached_property
    def link_ratio(self) -> float:
        length = len("".join(self.parts).strip())
        return min(1.0, self.link_chars / length) if length else 0.0


@dataclass
class _Frame:
    """One open element of the walk: its children still to visit and its block template."""

    el: Element
    children: Iterator[Element]
    own: Element
    template: tuple[Element, str, Element]  # owner, tag, element of the blocks it starts
    in_link: bool
    is_block: bool


class _Walker:
    """An explicit-stack walk, so that very deep (broken) trees cannot exhaust the stack."""

    def __init__(self, skip: Callable[[Element], bool]) -> None:
        self.skip = skip
        self.out: list[Block] = []

    def flush(self, block: Block) -> Block:
        if block.text:
            self.out.append(block)
        return Block(owner=block.owner, tag=block.tag, element=block.element)

    def open_block(self, el: Element, owner: Element) -> tuple[_Frame, Block]:
        tag = tag_of(el)
        own = owner if tag in PARAGRAPH_TAGS else el
        template = (own, tag if tag in PARAGRAPH_TAGS else "text", el)
        frame = _Frame(el, iter(el), own, template, in_link=False, is_block=True)
        block = Block(owner=own, tag=template[1], element=el)
        block.parts.append(el.text or "")
        return frame, block

    def run(self, root: Element) -> list[Block]:
        frame, block = self.open_block(root, root)
        stack = [frame]
        while stack:
            top = stack[-1]
            child = next(top.children, None)
            if child is None:
                stack.pop()
                if top.is_block:
                    self.flush(block)
                    if stack:
                        owner, tag, element = stack[-1].template
                        block = Block(owner=owner, tag=tag, element=element)
                if stack:
                    self.add(block, top.el.tail, in_link=stack[-1].in_link)
                continue
            block = self.visit(child, top, block, stack)
        return self.out

    def visit(self, child: Element, top: _Frame, block: Block, stack: list[_Frame]) -> Block:
        tag = tag_of(child)
        if not tag or self.skip(child):
            return self.add(block, child.tail, in_link=top.in_link)
        if tag in ("br", "hr"):
            return self.add(self.flush(block), child.tail, in_link=top.in_link)
        if tag in INLINE_TAGS:
            in_link = top.in_link or tag == "a"
            stack.append(_Frame(child, iter(child), top.own, top.template, in_link, False))
            return self.add(block, child.text, in_link=in_link)
        self.flush(block)
        frame, block = self.open_block(child, top.own)
        stack.append(frame)
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
    return _Walker(skip).run(root)
