"""Authors from a byline: names and desk credits, without outlet, place or role.

A byline is read line by line (``<br>`` ends a line): the first line is the
credit, later lines are role, outlet and place. Within the line, text after a
comma is outlet and place (``স্পেশাল করেসপন্ডেন্ট, বার্তা২৪.কম, ঢাকা``). Several
people are joined by ``ও``/``এবং``/``and``/``&``.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from newscrawler.extract.dom import (
    Element,
    is_boilerplate,
    is_page_chrome,
    lines_of,
    marks,
    tag_of,
)

logger = logging.getLogger(__name__)

BYLINE_TOKEN_RE = re.compile(
    r"(?:^|[-_])(?:author|byline|reporter|writer|posted-?by)|author|reporter|byline"
    r"|(?:^|[-_])desk(?:$|[-_]|line)"
)
PREFIX_RE = re.compile(
    r"^(?:by|লেখক|লিখেছেন|প্রতিবেদক|রিপোর্টার|প্রকাশক|পোস্ট করেছেন|সংবাদদাতা)\s*[:ঃ\-–]\s*|^by\s+",
    re.I,
)
JOINER_RE = re.compile(r"\s+(?:ও|এবং|and|&)\s+|\s*;\s*")
DATE_LABEL_RE = re.compile(
    r"(?:তারিখ|প্রকাশ|আপডেট|প্রিন্ট|সময়|সময়|Published|Updated|Posted)\s*[:ঃ]|[০-৯0-9]{2,}"
)
MAX_NAME_CHARS = 60
# One Latin token (a word, or with digits, dots or underscores): a login, not a credit.
ACCOUNT_RE = re.compile(r"^(?:[A-Za-z0-9._-]*[0-9._][A-Za-z0-9._-]*|[A-Za-z][A-Za-z0-9]*)$")
MAX_NAME_WORDS = 7


def split_byline(line: str) -> list[str]:
    """Names in one byline line.

    >>> split_byline("স্পেশাল করেসপন্ডেন্ট, বার্তা২৪.কম, ঢাকা")
    ['স্পেশাল করেসপন্ডেন্ট']
    >>> split_byline("আন্তর্জাতিক ডেস্কঃ")
    ['আন্তর্জাতিক ডেস্ক']
    >>> split_byline("By রহিম উদ্দিন ও করিম মিয়া")
    ['রহিম উদ্দিন', 'করিম মিয়া']
    >>> split_byline("অনলাইন ডেস্ক১৩ নভেম্বর ২০২৫, ০৭:১৯ এএম")
    ['অনলাইন ডেস্ক']
    """
    line = PREFIX_RE.sub("", " ".join(line.split()))
    line = line.split(",")[0].split("|")[0]
    stamp = DATE_LABEL_RE.search(line)
    if stamp and stamp.start() > 0:  # a name glued to its stamp: "অনলাইন ডেস্ক১৩ নভেম্বর"
        line = line[: stamp.start()]
    names: list[str] = []
    for part in JOINER_RE.split(line):
        name = part.strip(" :ঃ-–—•|")
        if name and plausible_name(name) and name not in names:
            names.append(name)
    return names


def is_account_name(name: str) -> bool:
    """True for a CMS login rather than a credit: one Latin token, an e-mail, digits.

    >>> is_account_name("admin"), is_account_name("desk_editor2"), is_account_name("নিজস্ব প্রতিবেদক")
    (True, True, False)
    >>> is_account_name("Rahim Uddin")
    False
    """
    text = name.strip()
    return bool(ACCOUNT_RE.match(text)) or "@" in text


def credited(structured: list[str], page_text: str) -> list[str]:
    """The structured author names that are credits, not uploader accounts.

    A name that reads as a CMS login (:func:`is_account_name`) is kept only when
    the page prints it; any other name is kept.

    >>> credited(["web_desk", "রহিম উদ্দিন"], "ঢাকায় বৃষ্টি")
    ['রহিম উদ্দিন']
    >>> credited(["rahim"], "লেখক: rahim")
    ['rahim']
    """
    text = _fold(page_text)
    return [n for n in structured if not is_account_name(n) or _fold(n) in text]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def plausible_name(text: str) -> bool:
    """A short credit without digits or date labels."""
    return (
        len(text) <= MAX_NAME_CHARS
        and len(text.split()) <= MAX_NAME_WORDS
        and not DATE_LABEL_RE.search(text)
        and "http" not in text
    )


def byline_authors(el: Element) -> list[str]:
    """Authors from a byline element: its first line that names someone."""
    for line in lines_of(el):
        stamp = DATE_LABEL_RE.search(line)
        if stamp and stamp.start() == 0:
            break
        names = split_byline(line)
        if stamp:
            return names  # the name before its stamp, or nobody
        if names:
            return names
    return []


def is_byline_element(el: Element) -> bool:
    """True for an element marked as a byline by class, id, ``rel`` or ``itemprop``."""
    if (el.get("rel") or "").lower() == "author" or "author" in (el.get("itemprop") or ""):
        return True
    return any(BYLINE_TOKEN_RE.search(t) for t in marks(el))


def visible_authors(root: Element, headline: Element | None) -> list[str]:
    """Authors from the marked byline element nearest the headline, else the line after it.

    Nearness matters: an "about the uploader" box after the body is marked like a
    byline too, while the credit sits next to the headline.
    """
    order = {el: i for i, el in enumerate(root.iter())}
    anchor = order.get(headline, 0) if headline is not None else 0
    found: list[tuple[int, list[str]]] = []
    for el in root.iter():
        if tag_of(el) in ("", "meta", "link", "script") or not is_byline_element(el):
            continue
        if _in_boilerplate_block(el):
            continue
        names = byline_authors(el)
        if names:
            found.append((abs(order[el] - anchor), names))
    if found:
        return min(found, key=lambda item: item[0])[1]
    return _after_headline(headline) if headline is not None else []


def _in_boilerplate_block(el: Element) -> bool:
    parent = el.getparent()
    depth = 0
    while parent is not None and depth < 12:
        if tag_of(parent) in ("header", "footer"):
            if is_page_chrome(parent):
                return True
        elif tag_of(parent) == "aside" or (
            is_boilerplate(parent)
            and not any(BYLINE_TOKEN_RE.search(t) for t in marks(parent))
            and "meta" not in " ".join(marks(parent))
        ):
            return True
        parent = parent.getparent()
        depth += 1
    return False


def _after_headline(headline: Element) -> list[str]:
    """The first short credit line in the two elements after the headline (or its wrapper)."""
    sibling = headline.getnext()
    if sibling is None and headline.getparent() is not None:
        sibling = headline.getparent().getnext()
    for _ in range(2):
        if sibling is None or tag_of(sibling) not in ("p", "div", "span", "h2", "h3", "h4"):
            return []
        lines = lines_of(sibling)
        if lines and len(lines[0]) <= MAX_NAME_CHARS:
            return byline_authors(sibling)
        sibling = sibling.getnext()
    return []
