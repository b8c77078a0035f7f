"""The Bengali-aware main-text extractor.

Every text block of the page (see :mod:`newscrawler.extract.blocks`) scores its
owning container with its count of non-link letters, and half of that goes to
the container's parent, so a body split into a few sibling wrappers still wins.
The best container's blocks, minus teasers, ad labels, share text, sign-offs and
link lists, are the body. When a page prints its body twice (desktop and mobile
copies) the first copy wins, because a later container must score strictly more.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

from newscrawler.extract.blocks import HEADING_TAGS, Block, text_blocks
from newscrawler.extract.dom import STRUCTURE_TAGS, Element, is_boilerplate, marks, tag_of

logger = logging.getLogger(__name__)

LETTER_RE = re.compile(r"[^\W\d_]|[\u0980-\u09e5\u09f0-\u09ff]")  # with Bengali signs
# Runs of letters: counted by their lengths, one match per word instead of per letter.
LETTER_RUNS_RE = re.compile(r"(?:[\u0980-\u09e5\u09f0-\u09ff]|[^\W\d_])+")
SENTENCE_END_RE = re.compile(r"[।.?!\"'’”]\s*$")
# Teasers for other stories, ad labels, share and follow prompts (NFC text).
NOT_BODY_RE = re.compile(
    unicodedata.normalize(
        "NFC",
        r"^(?:আরও|আরো|আরোও)\s*(?:পড়ুন|পড়ুন|খবর|সংবাদ)|^(?:বিজ্ঞাপন|advertisement|sponsored|"
        r"স্পন্সর্ড|বিজ্ঞাপন\s*[:ঃ])$|^(?:read more|also read|see also|related)\b|"
        r"^(?:শেয়ার|শেয়ার)\s*(?:করুন)?\s*[:ঃ]?$|^(?:ফলো করুন|share|print|প্রিন্ট)$|"
        r"^(?:সম্পর্কিত|সংশ্লিষ্ট)\s*(?:খবর|সংবাদ)|^(?:ছবি|ফাইল ছবি|ভিডিও)\s*[:ঃ]",
    ),
    re.I,
)
# Headings after which a wrapper holds comments or other stories, not the article.
END_HEADING_RE = re.compile(
    unicodedata.normalize(
        "NFC",
        r"^(?:পাঠকের\s*মন্তব্য|মন্তব্য(?:সমূহ|\s*করুন)?|মতামত\s*দিন|আপনার\s*মতামত|"
        r"আরও\s*পড়ুন|আরো\s*পড়ুন|আরও\s*খবর|সম্পর্কিত|সংশ্লিষ্ট|এই\s*বিভাগের|সর্বশেষ|"
        r"সর্বাধিক\s*পঠিত|জনপ্রিয়|comments?|related|read\s+more|more\s+stories)(?:\s|[:ঃ]|$)",
    ),
    re.I,
)
# A desk sign-off: short, holds a slash, no sentence end (``/এনএ``, ``বিডি প্রতিদিন/জুনাইদ``).
SIGNOFF_MAX_CHARS = 60
META_LINE_CHARS = 80
# A clock reading (১২:০০, 07:19) or a year after a month or day: a stamp.
STAMP_RE = re.compile(
    r"[0-9০-৯]{1,2}\s*:\s*[0-9০-৯]{2}|[0-9০-৯]{1,2}[-/.][0-9০-৯]{1,2}[-/.][0-9০-৯]{2,4}"
)
MIN_SCORE_CHARS = 25
# A block mostly made of link text is navigation or a teaser card, never body.
MAX_LINK_RATIO = 0.5
# A sibling with this share of the winner's own text (and this many letters) joins it.
SPLIT_SHARE = 0.25
SPLIT_MIN_LETTERS = 60
# A wrapper adding at most this share of text is the same body; climb at most this far.
THIN_SHARE = 0.1
MAX_CLIMB = 6
PLAIN_LINK_DENSITY = 0.1


@dataclass
class BodyResult:
    """The chosen container and its clean paragraphs."""

    container: Element | None
    paragraphs: list[str]
    # The container's text blocks (body_blocks), for the checks that read them again.
    blocks: list[Block] | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def letters(text: str) -> int:
    """Number of letters (any script), a language-neutral length.

    >>> letters("ঢাকা, 12 June")
    8
    """
    return sum(map(len, LETTER_RUNS_RE.findall(text)))


def block_score(block: Block) -> float:
    """Non-link letters of a block; headings, short or mostly-link blocks count nothing."""
    if block.tag in HEADING_TAGS or block.link_ratio > MAX_LINK_RATIO:
        return 0.0
    text = block.text
    if len(text) < MIN_SCORE_CHARS and not SENTENCE_END_RE.search(text):
        return 0.0
    return letters(text) * (1.0 - block.link_ratio)


def best_container(root: Element) -> Element | None:
    """The element holding most article-like text, or ``None`` when no text scores.

    When the winner has a sibling holding a good share of text too (a body split
    into several wrappers of a few paragraphs each), their parent is the body.
    """
    ranks: dict[Element, float] = {}
    own: dict[Element, float] = {}
    scores: dict[Element, float] = {}
    for block in text_blocks(root, is_boilerplate):
        score = block_score(block)
        if not score:
            continue
        owner = block.owner
        own[owner] = own.get(owner, 0.0) + score
        for el, share in ((owner, 1.0), (owner.getparent(), 0.5)):
            if el is not None:
                ranks[el] = ranks.get(el, 0.0) + score * share
        node: Element | None = owner
        while node is not None:
            scores[node] = scores.get(node, 0.0) + score
            node = node.getparent()
    best: Element | None = None
    for el, rank in ranks.items():  # insertion order is document order
        if best is None or rank > ranks[best]:
            best = el
    merged = _merge_direct_siblings(best, own)
    return merged if merged is not best or best is None else merge_split_body(best, scores)


def _merge_direct_siblings(best: Element | None, own: dict[Element, float]) -> Element | None:
    if best is None or best.getparent() is None:
        return best
    floor = max(SPLIT_SHARE * own.get(best, 0.0), SPLIT_MIN_LETTERS)
    siblings = [el for el in best.getparent() if el is not best and own.get(el, 0.0) >= floor]
    return best.getparent() if siblings and own.get(best, 0.0) > 0 else best


def subtree_scores(root: Element) -> dict[Element, float]:
    """Each element's score: the scores of all text blocks beneath it (one pass)."""
    scores: dict[Element, float] = {}
    for block in text_blocks(root, is_boilerplate):
        score = block_score(block)
        node: Element | None = block.owner if score else None
        while node is not None:
            scores[node] = scores.get(node, 0.0) + score
            node = node.getparent()
    return scores


def merge_split_body(container: Element, scores: dict[Element, float] | None = None) -> Element:
    """The wrapper of a body split over alike sibling blocks (Quintype ``.story-element``).

    From the container, climb through wrappers that add no text; where the parent
    adds text, climb only when that text sits in siblings alike the current node
    (same tag, a shared class, or plain paragraphs), so a related list beside the
    body never joins it.
    """
    if scores is None or container not in scores:
        scores = subtree_scores(container.getroottree().getroot())
    node, merged = container, container
    for _ in range(MAX_CLIMB):
        parent = node.getparent()
        if parent is None or tag_of(parent) in STRUCTURE_TAGS:
            break
        mine = scores.get(node, 0.0)
        extra = scores.get(parent, 0.0) - mine
        if extra <= THIN_SHARE * mine:
            node = parent
            continue
        texty = [c for c in parent if c is not node and scores.get(c, 0.0) >= SPLIT_MIN_LETTERS]
        if not texty or not all(_alike(c, node) and _plain(c) for c in [node, *texty]):
            break
        if sum(scores.get(c, 0.0) for c in texty) < (1 - THIN_SHARE) * extra:
            break
        node = merged = parent
    return merged


def _plain(el: Element) -> bool:
    """Running text only: no headings and (almost) no links, unlike a card."""
    if any(tag_of(d) in HEADING_TAGS for d in el.iterdescendants()):
        return False
    return link_density(el) <= PLAIN_LINK_DENSITY


def _alike(a: Element, b: Element) -> bool:
    if tag_of(a) == "p":
        return True
    if tag_of(a) != tag_of(b):
        return False
    return bool(set(marks(a)) & set(marks(b))) or not (marks(a) or marks(b))


def is_signoff(text: str) -> bool:
    """True for a desk sign-off such as ``/এনএ`` or ``বিডি প্রতিদিন/জুনাইদ আহমেদ``.

    >>> is_signoff("/এনএ"), is_signoff("বিডি প্রতিদিন/জুনাইদ আহমেদ"), is_signoff("২৪/৭ খোলা থাকে।")
    (True, True, False)
    """
    return (
        "/" in text
        and len(text) <= SIGNOFF_MAX_CHARS
        and "।" not in text
        and "://" not in text
        and not SENTENCE_END_RE.search(text.rstrip("/"))
    )


def keep_paragraph(block: Block) -> bool:
    """Whether a block of the chosen container is body text."""
    text = block.text
    if not LETTER_RE.search(text) or block.link_ratio > MAX_LINK_RATIO:
        return False
    if block.tag in HEADING_TAGS and len(text) < 80:
        return False
    nfc = unicodedata.normalize("NFC", text)
    return not (NOT_BODY_RE.search(nfc) or is_signoff(nfc) or is_meta_line(nfc))


def is_meta_line(text: str) -> bool:
    """A short credit-and-stamp line (``অনলাইন ডেস্ক১৩ নভেম্বর ২০২৫, ০৭:১৯ এএম``), not body.

    >>> is_meta_line("অনলাইন ডেস্ক১৩ নভেম্বর ২০২৫, ০৭:১৯ এএম"), is_meta_line("১৩ নভেম্বর ঢাকায় সভা হয়।")
    (True, False)
    """
    return (
        len(text) <= META_LINE_CHARS
        and not SENTENCE_END_RE.search(text)
        and bool(STAMP_RE.search(text))
    )


def body_blocks(container: Element) -> list[Block]:
    """The container's text blocks up to a heading that ends the story.

    A heading such as ``পাঠকের মন্তব্য`` (reader comments) or ``আরও পড়ুন`` after
    some text starts what follows the article, whatever wrapper it shares.

    >>> from newscrawler.extract.dom import parse
    >>> page = parse("<div><p>" + "ক" * 40 + "।</p><h3>পাঠকের মন্তব্য</h3><p>ভালো খবর।</p></div>")
    >>> [len(b.text) for b in body_blocks(page.css("div")[0].root)]
    [41]
    """
    blocks = text_blocks(container, is_boilerplate)
    for index, block in enumerate(blocks):
        if index and block.tag in HEADING_TAGS and END_HEADING_RE.match(_nfc(block.text)):
            return blocks[:index]
    return blocks


def _within(el: Element | None, ancestor: Element) -> bool:
    """``el`` is ``ancestor`` or inside it."""
    return el is not None and (el is ancestor or any(a is ancestor for a in el.iterancestors()))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def extract_body(
    root: Element, container: Element | None = None, after: Element | None = None
) -> BodyResult:
    """Paragraphs of the main text under ``root`` (or of ``container`` when given).

    With ``after`` (the headline, when the container holds it), the body starts
    after that element: a category label or kicker above it is not body.
    """
    chosen = container if container is not None else best_container(root)
    if chosen is None:
        return BodyResult(None, [])
    paragraphs: list[str] = []
    seen: set[str] = set()
    blocks = all_blocks = body_blocks(chosen)
    if after is not None:
        inside = [i for i, b in enumerate(blocks) if _within(b.element, after)]
        blocks = blocks[inside[-1] + 1 :] if inside else blocks
    for block in blocks:
        text = block.text
        key = unicodedata.normalize("NFC", text)
        if key in seen or not keep_paragraph(block):
            continue
        seen.add(key)
        paragraphs.append(text)
    return BodyResult(chosen, paragraphs, all_blocks)


def looks_like_listing(
    container: Element, paragraphs: list[str], blocks: list[Block] | None = None
) -> bool:
    """True when the container reads as cards: headline links between short summaries.

    Summaries cut with an ellipsis, or as many headline links as paragraphs, mean a
    listing, whatever the amount of text. ``blocks``: the container's
    :func:`body_blocks`, when already known.
    """
    if not paragraphs:
        return True
    cut = sum(1 for p in paragraphs if p.rstrip().endswith(("…", "...")))
    if cut * 2 >= len(paragraphs):
        return True
    headlines = sum(
        1
        for b in (body_blocks(container) if blocks is None else blocks)
        if b.link_ratio > 0.5 and len(b.text) >= MIN_SCORE_CHARS // 2
    )
    return headlines >= max(3, len(paragraphs) // 2)


def link_density(container: Element, blocks: list[Block] | None = None) -> float:
    """Share of the container's visible text that is link text (``blocks``: its
    :func:`body_blocks`, when already known)."""
    blocks = body_blocks(container) if blocks is None else blocks
    total = sum(len(b.text) for b in blocks)
    linked = sum(b.link_chars for b in blocks)
    return linked / total if total else 1.0
