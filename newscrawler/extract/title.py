"""The headline as a reader sees it: no site-name suffix, placeholder or kicker.

The visible ``<h1>`` nearest before the body is the best witness (a page may
have a site-name ``<h1>`` in its header too); the structured ``headline``,
``og:title`` and ``<title>`` follow, each with any site-name suffix removed.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable

from newscrawler.extract.dom import (
    BLOCK_TAGS,
    Element,
    is_page_chrome,
    marks,
    tag_of,
    text_of,
    text_pieces,
)

logger = logging.getLogger(__name__)

# Separators between a headline and a site name in <title>/og:title.
SUFFIX_SEPARATORS_RE = re.compile(r"\s+(?:\||-|–|—|::|»|·)\s+")
PLACEHOLDERS = frozenset(
    {"article", "untitled", "news", "home", "undefined", "null", "none", "title", "headline",
     "সংবাদ", "খবর", "বিস্তারিত", "প্রচ্ছদ", "হোম", "[object object]"}
)  # fmt: skip
MIN_TITLE_CHARS = 4
SUBTITLE_TOKEN_RE = re.compile(
    r"sub-?title|sub-?head|hanger|standfirst|strapline|excerpt|summary|intro|(?:^|[-_])dek(?:$|[-_])"
)
SUBTITLE_LOOKAHEAD = 8
# A link to a site's home page: "/", "#", "./", "../../default.htm", "https://host/".
HOME_HREF_RE = re.compile(
    r"^(?:|#|\.?/|(?:\.\./|\./)*(?:default|index|home)\.\w+|(?:https?:)?//[^/]+/?)$", re.I
)
KICKER_TOKEN_RE = re.compile(r"kicker|shoulder|overline|eyebrow|supertitle|pre-?title|label")


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def is_placeholder(text: str, site_names: Iterable[str] = ()) -> bool:
    """True for texts that are not a headline: placeholders and the site's own name.

    >>> is_placeholder("Article"), is_placeholder("লাইভ নিউজ ২৪", ["লাইভ নিউজ ২৪"])
    (True, True)
    >>> is_placeholder("অভিনেত্রী সাবিলা নূরের অনন্য অর্জন")
    False
    """
    key = _key(text)
    return (
        len(key) < MIN_TITLE_CHARS
        or key in PLACEHOLDERS
        or any(key == _key(name) for name in site_names if name)
    )


def strip_site_suffix(title: str, site_names: Iterable[str] = ()) -> str:
    """Remove a trailing (or leading) site name from a ``<title>``-like string.

    The longest segment is kept when the site name is unknown.

    >>> strip_site_suffix("অভিনেত্রী সাবিলা নূরের অনন্য অর্জন | Online Version")
    'অভিনেত্রী সাবিলা নূরের অনন্য অর্জন'
    >>> strip_site_suffix("ঢাকায় বৃষ্টি - প্রথম আলো", ["প্রথম আলো"])
    'ঢাকায় বৃষ্টি'
    """
    title = " ".join(title.split())
    parts = [p for p in SUFFIX_SEPARATORS_RE.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    names = {_key(n) for n in site_names if n}
    kept = [p for p in parts if _key(p) not in names]
    if len(kept) == 1:
        return kept[0]
    if names and kept and len(kept) < len(parts):
        return " - ".join(kept)
    return max(parts, key=len)


def headline_element(root: Element, body: Element | None) -> Element | None:
    """The last ``<h1>`` before the body's first text, else the first ``<h1>``.

    The body container may itself hold the headline, so the limit is its first
    non-heading text element, not the container.
    """
    limit = _first_text(body) if body is not None else None
    last_before: Element | None = None
    first: Element | None = None
    for el in root.iter():
        if limit is not None and el is limit:
            break
        if tag_of(el) == "h1" and text_of(el) and not is_logo(el):
            first = first if first is not None else el
            last_before = el
    if last_before is not None:
        return last_before
    return first if first is not None else _first_h1(root)


def _first_text(body: Element) -> Element | None:
    for el in body.iter():
        tag = tag_of(el)
        if tag and not tag.startswith("h") and (el.text or "").strip():
            return el
    return None


def _first_h1(root: Element) -> Element | None:
    return next((el for el in root.iter("h1") if text_of(el) and not is_logo(el)), None)


def is_logo(h1: Element) -> bool:
    """True for a site-name ``<h1>``: in the page header or nav, or one link to the home page.

    >>> from newscrawler.extract.dom import parse
    >>> is_logo(parse('<h1><a href="../../default.htm">লাইভ নিউজ ২৪</a></h1>').css("h1")[0].root)
    True
    >>> is_logo(parse('<h1><a href="/news/12">ঢাকায় বৃষ্টি</a></h1>').css("h1")[0].root)
    False
    >>> is_logo(parse('<article><header><h1>ঢাকায় বৃষ্টি</h1></header></article>').css("h1")[0].root)
    False
    """
    if any(is_page_chrome(a) for a in h1.iterancestors()):
        return True
    links = list(h1.iter("a"))
    if len(links) != 1 or text_of(links[0]) != text_of(h1):
        return False
    return bool(HOME_HREF_RE.match((links[0].get("href") or "").strip()))


def headline_text(headline: Element) -> str | None:
    """The headline's own words: a kicker inside it is left out, and when broken HTML
    nests blocks inside the headline only its first line counts.

    >>> from newscrawler.extract.dom import parse
    >>> page = parse("<h1><span class='kicker'>রোড সেফটি</span> ছয় বছরে নিহত ১৫ হাজার</h1>")
    >>> headline_text(page.css("h1")[0].root)
    'ছয় বছরে নিহত ১৫ হাজার'
    """
    parts: list[str] = [headline.text or ""]
    for child in headline:
        if not _is_kicker(child):
            parts.append("".join(text_pieces(child, lines=True)))
        parts.append(child.tail or "")
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return None
    return (
        lines[0]
        if any(tag_of(el) in BLOCK_TAGS for el in headline.iterdescendants())
        else " ".join(lines)
    )


def _is_kicker(el: Element) -> bool:
    return bool(tag_of(el)) and any(KICKER_TOKEN_RE.search(t) for t in marks(el))


def choose_title(
    h1: str | None, structured: Iterable[str | None], site_names: Iterable[str]
) -> str | None:
    """The first usable candidate: the visible headline, then structured titles.

    >>> choose_title("Article", ["undefined", "ঢাকায় বৃষ্টি | সাইট"], [])
    'ঢাকায় বৃষ্টি'
    """
    names = [n for n in site_names if n]
    if h1 and not is_placeholder(h1, names):
        return " ".join(h1.split())
    for candidate in structured:
        if not candidate:
            continue
        title = strip_site_suffix(candidate, names)
        if not is_placeholder(title, names):
            return title
    return None


def subtitle_after(headline: Element, body: Element | None) -> str | None:
    """A marked standfirst or hanger among the few elements after the headline.

    >>> from newscrawler.extract.dom import parse
    >>> root = parse("<div><h1>শিরোনাম</h1><p class='detailHanger'>ঝুঁকি ৩০ গুণ বেশি</p></div>").root
    >>> subtitle_after(root.find(".//h1"), None)
    'ঝুঁকি ৩০ গুণ বেশি'
    """
    seen = 0
    node = headline.getnext()
    while node is not None and seen < SUBTITLE_LOOKAHEAD:
        if node is body:
            return None
        tag = tag_of(node)
        if tag and any(SUBTITLE_TOKEN_RE.search(t) for t in marks(node)):
            return text_of(node) or None
        seen += 1
        node = node.getnext()
    return None
