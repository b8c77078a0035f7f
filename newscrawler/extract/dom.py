"""Parse a page once, safely, and answer small questions about its elements.

Everything here works on the lxml tree under a :class:`parsel.Selector`. Parsing
never raises: empty, binary or non-HTML input gives ``None``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from parsel import Selector

logger = logging.getLogger(__name__)

# lxml element; typed loosely because lxml ships no stubs here.
Element = Any

# Bytes that never occur in a text page; a few of them mean binary content.
CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f]")
MARKUP_RE = re.compile(r"<\s*[a-zA-Z!?/]")
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
SPACE_RE = re.compile(r"\s+")
# Class/id tokens of page furniture that is never article text.
BOILERPLATE_RE = re.compile(
    r"^(?:.*[-_])?(?:ads?|adv|advert\w*|advertisement|banner|sponsor\w*|share\w*|social\w*"
    r"|comments?|commentlist|respond|related\w*|more-?news|popular\w*|tags?|tag-?\w+|tagarea"
    r"|breadcrumbs?|caption|captions|sidebar|widget\w*|newsletter|subscribe|byline|author\w*"
    r"|metas?|reporter\w*|follow\w*|print-?only|pagination|pager|menu\w*)(?:[-_].*)?$"
)
# Classes a CMS puts on a post or page to name its taxonomy, not its role.
TAXONOMY_RE = re.compile(
    r"^(?:tag|category|categories|format|status|type|has|no|postid|page-template|term)[-_]"
    r"(?!(?:lists?|wrap|wrapper|box|area|cloud|links?|container|section|holder|items?|block)$)"
    r"|^post-\d+$"
)
STRUCTURE_TAGS = frozenset({"html", "body", "main"})
# Elements whose content is never article text.
NEVER_TEXT = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "form",
        "button",
        "select",
        "textarea",
        "input",
        "nav",
        "footer",
        "aside",
        "figure",
        "figcaption",
        "video",
        "audio",
        "map",
        "head",
        "title",
    ]
)


def parse(html: str, base_url: str | None = None) -> Selector | None:
    """A selector for ``html``, or ``None`` when it is empty, binary or not HTML.

    >>> parse("") is None, parse("\\x00\\x01\\x02 binary") is None
    (True, True)
    >>> parse("<p>ঢাকা</p>").css("p::text").get()
    'ঢাকা'
    """
    if not html or not html.strip():
        return None
    head = html[:4096]
    controls = len(CONTROL_RE.findall(head))
    if controls > 8 and controls * 50 > len(head):  # over 2%: binary; a few NULs are dropped below
        logger.debug("not parsing binary content")
        return None
    if not MARKUP_RE.search(html[:65536]):
        logger.debug("not parsing text without markup")
        return None
    html = html.replace("\ufeff", "").replace("\x00", "")
    try:
        selector = Selector(text=html, base_url=base_url or "")
    except (ValueError, TypeError) as exc:
        logger.debug("unparseable page: %s", exc)
        return None
    return selector if selector.root is not None and is_element(selector.root) else None


def is_element(node: Element) -> bool:
    """True for a real element (not a comment or processing instruction)."""
    return isinstance(getattr(node, "tag", None), str)


def tag_of(node: Element) -> str:
    """Lower-case tag name, or ``""`` for comments and processing instructions."""
    tag = getattr(node, "tag", None)
    return tag.lower() if isinstance(tag, str) else ""


def tokens(node: Element) -> list[str]:
    """Lower-case class tokens and id of an element."""
    get = node.get
    return [*(get("class") or "").lower().split(), *(get("id") or "").lower().split()]


def marks(node: Element) -> list[str]:
    """The class/id tokens that say what an element *is*.

    Page-structure elements (``html``, ``body``, ``main``) mark nothing: their
    classes describe the page (``has-sidebar``), not the element. Taxonomy classes
    that CMSs add to a post (``tag-dhaka``, ``category-news``, ``post-123``) are
    left out too.

    >>> page = parse('<article class="post-12 tag-dhaka tag-list">x</article>')
    >>> marks(page.css("article")[0].root)
    ['tag-list']
    >>> marks(parse('<body class="has-sidebar"><p>x</p></body>').root.find("body"))
    []
    """
    if tag_of(node) in STRUCTURE_TAGS:
        return []
    return [t for t in tokens(node) if not TAXONOMY_RE.match(t)]


def is_hidden(node: Element) -> bool:
    """True when the element is hidden from every reader (style, ``hidden``)."""
    get = node.get
    return bool(
        get("hidden") is not None
        or HIDDEN_STYLE_RE.search(get("style") or "")
        or (get("type") or "").lower() == "hidden"
    )


def is_page_chrome(node: Element) -> bool:
    """``<nav>``, or a page-level ``<header>``/``<footer>`` (not an article's own).

    >>> page = parse("<header>সাইট</header><article><header><h1>খবর</h1></header></article>")
    >>> [is_page_chrome(h.root) for h in page.css("header")]
    [True, False]
    """
    tag = tag_of(node)
    if tag == "nav":
        return True
    if tag not in ("header", "footer"):
        return False
    return not any(tag_of(a) in ("article", "main") for a in node.iterancestors())


def is_boilerplate(node: Element) -> bool:
    """True for page furniture: scripts, navigation, ads, share, comments, captions ..."""
    tag = tag_of(node)
    if not tag or tag in NEVER_TEXT or tag == "header":
        return True
    return is_hidden(node) or any(BOILERPLATE_RE.match(t) for t in marks(node))


def text_of(node: Element) -> str:
    """The element's text with whitespace collapsed; scripts and styles left out.

    >>> text_of(parse("<p>এক <b>দুই</b><script>x()</script></p> বাইরে").css("p")[0].root)
    'এক দুই'
    """
    return SPACE_RE.sub(" ", "".join(text_pieces(node, lines=False))).strip()


def lines_of(node: Element) -> list[str]:
    """The element's text split at ``<br>`` and block boundaries, blank lines dropped.

    >>> lines_of(parse("<p>নিজস্ব প্রতিবেদক<br/>তারিখ: ১৬-০৭-২০১২</p>").css("p")[0].root)
    ['নিজস্ব প্রতিবেদক', 'তারিখ: ১৬-০৭-২০১২']
    """
    text = "".join(text_pieces(node, lines=True))
    lines = (SPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "table",
        "section",
        "article",
        "blockquote",
        "dd",
        "dt",
        "hr",
    ]
)
NO_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})


def text_pieces(node: Element, *, lines: bool) -> Iterator[str]:
    """The text under ``node`` in order (not its own tail), walked with an explicit stack.

    ``<br>`` gives a line break; with ``lines`` block boundaries do too and source
    line breaks become spaces (a hard-wrapped line is one line).
    """
    stack: list[tuple[bool, Element]] = [(False, node)]
    while stack:
        leaving, el = stack.pop()
        tag = tag_of(el)
        if leaving or not tag or tag in NO_TEXT_TAGS:
            if leaving and lines and tag in BLOCK_TAGS:
                yield "\n"
            if el is not node and el.tail:
                yield _flat(el.tail, lines)
            continue
        if tag == "br" or (lines and tag in BLOCK_TAGS):
            yield "\n"
        yield _flat(el.text or "", lines)
        stack.append((True, el))
        stack.extend((False, child) for child in reversed(el))


def _flat(text: str, lines: bool) -> str:
    return text.replace("\r", " ").replace("\n", " ") if lines else text


def remove(node: Element) -> None:
    """Remove an element from its tree, keeping its tail text in place."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def remove_css(selector: Selector, css: str) -> int:
    """Remove every element matching ``css``; returns how many were removed."""
    found = selector.css(css)
    for sub in found:
        remove(sub.root)
    return len(found)
