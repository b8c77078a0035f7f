"""Visible date strings near the headline, and ``<time datetime>`` values, as raw candidates.

Nothing is parsed here (the dates pipeline does that); this module only decides
which strings are about *this* article. It leaves out hidden elements (a print
header such as ``প্রিন্ট: ...``), reader comments, related-article cards, and
the page-header clock (a line naming both a Gregorian and a Bengali-calendar
month, like ``বুধবার, ১৪ অক্টোবর ২০২০, ২৯ আশ্বিন ১৪২৭``, before the headline).
Unlabelled lines count only close to the headline; labelled ones (``প্রকাশ:``,
``আপডেট:``) anywhere in the article area. Labels stay in the raw value.

When the article area has no labelled stamp, a labelled stamp printed with a
*copy* of the headline is this article's stamp, wherever the copy is: the
widespread WordPress theme prints the article a second time for printing
(hidden, or after the footer), and its only stamp sits with that copy.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from newscrawler.extract.blocks import Block, text_blocks
from newscrawler.extract.dom import (
    NEVER_TEXT,
    Element,
    is_hidden,
    is_page_chrome,
    marks,
    tag_of,
    text_of,
    tokens,
)
from newscrawler.items import DateCandidate

logger = logging.getLogger(__name__)


def _nfc(pattern: str) -> str:
    return unicodedata.normalize("NFC", pattern)


D = "[0-9০-৯]"
DIGIT_RE = re.compile(D)
MONTHS = _nfc(
    "জানুয়ারি|জানুয়ারী|ফেব্রুয়ারি|ফেব্রুয়ারী|মার্চ|এপ্রিল|মে|জুন|জুলাই|আগস্ট|আগষ্ট|"
    "সেপ্টেম্বর|অক্টোবর|নভেম্বর|ডিসেম্বর|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
)
NOT_LETTER_AFTER = "(?![\u0980-\u09e5\u09f0-\u09ffA-Za-z])"
MONTH_RE = re.compile(f"(?:{MONTHS}){NOT_LETTER_AFTER}", re.I)
# A month with a day or year next to it: ``০৯ আগস্ট``, ``March 2023``, ``Oct 9``.
MONTH_DATE_RE = re.compile(
    rf"{D}{{1,2}}\s*(?:{MONTHS}){NOT_LETTER_AFTER}|(?<![\u0980-\u09ffA-Za-z])(?:{MONTHS})"
    rf"{NOT_LETTER_AFTER}\s*,?\s*{D}{{1,4}}",
    re.I,
)
NUMERIC_DATE_RE = re.compile(rf"{D}{{1,4}}\s*[-/.]\s*{D}{{1,2}}\s*[-/.]\s*{D}{{2,4}}")
BANGLA_MONTH_RE = re.compile(
    _nfc("বৈশাখ|জ্যৈষ্ঠ|আষাঢ়|শ্রাবণ|ভাদ্র|আশ্বিন|কার্তিক|অগ্রহায়ণ|পৌষ|মাঘ|ফাল্গুন|চৈত্র|বঙ্গাব্দ")
)
LABEL_RE = re.compile(
    _nfc(
        r"(?P<updated>সর্বশেষ আপডেট|আপডেট(?:েড)?|হালনাগাদ|সংশোধিত|updated|modified|last modified)"
        r"|(?P<printed>প্রিন্ট|মুদ্রণ|printed)(?!\s*সংস্করণ)"
        r"|(?P<published>প্রকাশিত|প্রকাশের সময়|প্রকাশ|পোস্ট|আপলোড|published|posted|তারিখ|date)"
    ),
    re.I,
)
SEGMENT_SPLIT_RE = re.compile(r"\s+\|\s+|\s{2,}")
RELATED_TOKEN_RE = re.compile(
    r"(?:^|[-_])(?:comments?|commentlist|respond|related\w*|more-?news|popular\w*|widget\w*"
    r"|sidebar|latest\w*|also-?read|read-?more|recommend\w*|site-?footer|site-?header|menu|nav\w*)(?:[-_]|$)"
)
MAX_LINE_CHARS = 160
MAX_PLAIN_CHARS = 80
BEFORE_HEADLINE = 6
AFTER_HEADLINE = 12
MAX_TEXT_CANDIDATES = 6
MIN_COPY_TITLE_CHARS = 12  # shorter headlines repeat by chance ("খেলা", "সর্বশেষ")
COPY_LEVELS = 3  # how far up from a headline copy its stamp may sit
COPY_WINDOW = 4  # blocks before or after the copy that may hold its stamp
LABELLED = frozenset({"published", "updated"})


def has_date(text: str) -> bool:
    """True when a line names a calendar date (not only a time or a relative time).

    >>> has_date("প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম"), has_date("তারিখ: ১৬-০৭-২০১২")
    (True, True)
    >>> has_date("১০ মিনিট আগে"), has_date("২৪ আশ্বিন ১৪২৭")
    (False, False)
    """
    return bool(NUMERIC_DATE_RE.search(text) or MONTH_DATE_RE.search(text))


def label_kind(text: str) -> str | None:
    """``published``, ``updated``, ``printed`` or ``None`` from a line's first label.

    >>> label_kind("আপডেট: ১০ আগস্ট"), label_kind("প্রিন্ট: ১০ আগস্ট"), label_kind("১০ আগস্ট")
    ('updated', 'printed', None)
    """
    match = LABEL_RE.search(text)
    return match.lastgroup if match else None


def is_header_clock(text: str) -> bool:
    """A 'today' line naming a Gregorian and a Bengali-calendar month, with no label."""
    return bool(BANGLA_MONTH_RE.search(text) and MONTH_RE.search(text) and not label_kind(text))


def skip_for_dates(el: Element) -> bool:
    """Subtrees that never hold this article's date: hidden, comments, related cards ..."""
    tag = tag_of(el)
    if not tag or tag in NEVER_TEXT or is_page_chrome(el) or is_hidden(el):
        return True
    return any(RELATED_TOKEN_RE.search(t) for t in marks(el))


def text_candidates(
    root: Element, headline: Element | None, body: Element | None = None
) -> list[DateCandidate]:
    """Date lines of the article area, labelled anywhere or unlabelled near the headline.

    Paragraphs of the body container are never candidates: a date in running text
    is about the story, not about the page.
    """
    blocks = [b for b in text_blocks(root, skip_for_dates) if body is None or b.owner is not body]
    start = _headline_index(blocks, headline)
    out: list[DateCandidate] = []
    for index, block in enumerate(blocks):
        if len(block.text) > MAX_LINE_CHARS or not DIGIT_RE.search(block.text):
            continue
        text = unicodedata.normalize("NFC", block.text)
        if not has_date(text):
            continue
        near = start is not None and start - BEFORE_HEADLINE <= index <= start + AFTER_HEADLINE
        for segment in _segments(text):
            kind = label_kind(segment)
            if kind == "printed" or not has_date(segment):
                continue
            if kind is None and not (near and _plain_stamp(segment, index, start)):
                continue
            if kind is not None and start is not None and index < start - BEFORE_HEADLINE:
                continue
            value = _from_label(" ".join(block.text.split()) if segment == text else segment)
            out.append(DateCandidate(source="text", kind=kind or "unknown", value=value))
    if headline is not None and not any(c["kind"] in LABELLED for c in out):
        out.extend(copy_candidates(area_root(root), headline))
    return _unique(out)[:MAX_TEXT_CANDIDATES]


def area_root(el: Element) -> Element:
    """The page's root element (the article area is a part of it)."""
    return el.getroottree().getroot()


def _skip_in_copy(el: Element) -> bool:
    """A print copy is often hidden: only scripts, comments and related cards are left out."""
    tag = tag_of(el)
    return not tag or tag in NEVER_TEXT or any(RELATED_TOKEN_RE.search(t) for t in marks(el))


def _headline_copies(root: Element, headline: Element, title: str) -> list[Element]:
    """Elements other than ``headline`` whose whole text is the headline's."""
    first = title[:MIN_COPY_TITLE_CHARS]
    found: list[Element] = []
    for el in root.iter():
        tag = tag_of(el)
        if el is headline or not tag or tag in NEVER_TEXT or tag in ("title", "a", "head"):
            continue
        lead = unicodedata.normalize("NFC", " ".join((el.text or "").split()))
        if lead[:MIN_COPY_TITLE_CHARS] != first:
            continue
        if unicodedata.normalize("NFC", text_of(el)) == title:
            found.append(el)
    return found


def copy_candidates(root: Element, headline: Element) -> list[DateCandidate]:
    """Labelled stamps printed next to a copy of the headline (a print copy, a second copy).

    >>> from newscrawler.extract.dom import parse
    >>> page = parse('<h1>ঢাকায় বৃষ্টি, জলাবদ্ধতা নগরজুড়ে</h1><p>খবর।</p>'
    ...     '<div style="display:none"><h2>ঢাকায় বৃষ্টি, জলাবদ্ধতা নগরজুড়ে</h2>'
    ...     '<div>আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১</div></div>')
    >>> root = page.root
    >>> [c["value"] for c in copy_candidates(root, root.find(".//h1"))]
    ['আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১']
    """
    title = unicodedata.normalize("NFC", text_of(headline))
    if len(title) < MIN_COPY_TITLE_CHARS:
        return []
    out: list[DateCandidate] = []
    for copy in _headline_copies(root, headline, title):
        out.extend(_stamps_beside(copy))
    return out


def _stamps_beside(copy: Element) -> list[DateCandidate]:
    """Labelled date lines a few blocks from ``copy``, in its nearest container that has any."""
    container = copy
    holders = {copy, *copy.iterancestors()}  # the block of an inline copy is its parent's
    for _ in range(COPY_LEVELS):
        parent = container.getparent()
        if parent is None:
            break
        container = parent
        blocks = text_blocks(container, _skip_in_copy)
        at = next((i for i, b in enumerate(blocks) if b.element in holders), None)
        if at is None:
            continue
        found = [
            DateCandidate(source="text", kind=kind, value=_from_label(block.text))
            for block in blocks[max(0, at - COPY_WINDOW) : at + COPY_WINDOW + 1]
            if len(block.text) <= MAX_LINE_CHARS and has_date(block.text)
            and (kind := label_kind(unicodedata.normalize("NFC", block.text))) in LABELLED
        ]  # fmt: skip
        if found:
            return found
    return []


def _plain_stamp(text: str, index: int, start: int | None) -> bool:
    """An unlabelled line that looks like a stamp: short, no sentence, no header clock."""
    if len(text) > MAX_PLAIN_CHARS or "।" in text:
        return False
    return not (start is not None and index < start and is_header_clock(text))


def _from_label(text: str) -> str:
    """The line from its label on: a byline printed before ``প্রকাশ:`` is not part of the stamp.

    >>> _from_label("তানিয়া আক্তার প্রকাশ: ১৭ জানুয়ারি ২০২১")
    'প্রকাশ: ১৭ জানুয়ারি ২০২১'
    """
    match = LABEL_RE.search(unicodedata.normalize("NFC", text))
    if not match or not match.start() or text != unicodedata.normalize("NFC", text):
        return text
    before = text[: match.start()]
    return text if has_date(before) else text[match.start() :]


def _segments(text: str) -> list[str]:
    parts = [p.strip() for p in SEGMENT_SPLIT_RE.split(text) if p.strip()]
    labelled = sum(1 for p in parts if label_kind(p))
    return parts if labelled >= 2 else [text]


def _headline_index(blocks: list[Block], headline: Element | None) -> int | None:
    if headline is None:
        return None
    for index, block in enumerate(blocks):
        if block.element is headline:
            return index
    return None


def time_candidates(root: Element) -> list[DateCandidate]:
    """``<time datetime>`` values outside comments and related cards."""
    out: list[DateCandidate] = []
    for el in root.iter("time"):
        value = " ".join((el.get("datetime") or "").split())
        if not value or _inside_skipped(el):
            continue
        marks = " ".join([*tokens(el), el.get("itemprop") or ""]).lower()
        kind = (
            "updated"
            if re.search(r"updat|modif", marks)
            else "published"
            if re.search(r"publish|pubdate|created", marks) or el.get("pubdate") is not None
            else "unknown"
        )
        out.append(DateCandidate(source="time", kind=kind, value=value))
    return _unique(out)


def _inside_skipped(el: Element) -> bool:
    node = el
    while node is not None:
        if skip_for_dates(node):
            return True
        node = node.getparent()
    return False


def _unique(candidates: list[DateCandidate]) -> list[DateCandidate]:
    seen: set[tuple[str, str]] = set()
    out: list[DateCandidate] = []
    for candidate in candidates:
        key = (candidate["kind"], candidate["value"])
        if key not in seen:
            seen.add(key)
            out.append(candidate)
    return out
