"""The section label as the page shows it: structured section, then the breadcrumb.

A breadcrumb's last useful item is the section: home links and the article's own
title are skipped. Labels are trimmed (breadcrumbs are often padded).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any

from newscrawler.extract.dom import Element, is_page_chrome, lines_of, marks, tag_of, text_of
from newscrawler.extract.jsonld import clean, types_of

logger = logging.getLogger(__name__)

BREADCRUMB_TOKEN_RE = re.compile(r"breadcrumb")
CATEGORY_TOKEN_RE = re.compile(r"(?:^|[-_])(?:cat|category|section)(?:$|[-_])|detailcat$|^category")
MENU_TOKEN_RE = re.compile(
    r"menu|nav|site-?footer|site-?header|related|popular|latest|widget|sidebar"
)
HOME_WORDS = frozenset({"home", "হোম", "প্রচ্ছদ", "প্রথম পাতা", "মূলপাতা", "হোমপেজ", "»", ">"})
MAX_SECTION_CHARS = 40


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def breadcrumb_items(root: Element) -> list[str]:
    """Texts of the first breadcrumb's items (links or list items), in order."""
    for el in root.iter():
        if not tag_of(el) or not any(BREADCRUMB_TOKEN_RE.search(t) for t in marks(el)):
            continue
        items = [text_of(li) for li in el.iter("li")] or [text_of(a) for a in el.iter("a")]
        items = [i for i in items if i] or lines_of(el)
        if items:
            return items
    return []


def category_label(root: Element) -> str | None:
    """The text of the first element marked as the article's category (``p.detailCat``)."""
    for el in root.iter():
        if not tag_of(el) or not any(CATEGORY_TOKEN_RE.search(t) for t in marks(el)):
            continue
        if _inside_menu(el):
            continue
        text = text_of(el)
        if text and len(text) <= MAX_SECTION_CHARS and _key(text) not in HOME_WORDS:
            return text
    return None


def _inside_menu(el: Element) -> bool:
    node = el
    while node is not None:
        if (
            tag_of(node) in ("ul", "ol", "aside")
            or is_page_chrome(node)
            or any(MENU_TOKEN_RE.search(t) for t in marks(node))
        ):
            return True
        node = node.getparent()
    return False


def section_from_items(items: list[str], title: str | None) -> str | None:
    """The last breadcrumb item that is neither home, a separator, nor the title.

    >>> section_from_items(["", "আন্তর্জাতিক ", "কোভিড-১৯ মোকাবিলায় সংহতির আহ্বান"],
    ...                    "কোভিড-১৯ মোকাবিলায় সংহতির আহ্বান")
    'আন্তর্জাতিক'
    """
    title_key = _key(title or "")
    for item in reversed(items):
        text = " ".join(item.split()).strip("»›>/|-")
        key = _key(text)
        if not key or key in HOME_WORDS or len(text) > MAX_SECTION_CHARS:
            continue
        if title_key and (key == title_key or title_key.startswith(key.rstrip(". …"))):
            continue
        return text.strip()
    return None


def breadcrumb_list_section(objects: list[dict[str, Any]], title: str | None) -> str | None:
    """The section from a JSON-LD ``BreadcrumbList``."""
    for obj in objects:
        if "breadcrumblist" not in types_of(obj):
            continue
        elements = obj.get("itemListElement")
        if not isinstance(elements, list):
            continue
        names = []
        for element in elements:
            if isinstance(element, dict):
                item = element.get("item")
                name = element.get("name") or (item.get("name") if isinstance(item, dict) else None)
                names.append(clean(name) or "")
        return section_from_items(names, title)
    return None


def extract_section(
    article: dict[str, Any] | None,
    objects: list[dict[str, Any]],
    root: Element,
    title: str | None,
    meta_section: str | None,
) -> str | None:
    """Section: ``articleSection``, breadcrumbs, ``article:section``, a category label."""
    if article:
        structured = clean(article.get("articleSection"))
        if structured and len(structured) <= MAX_SECTION_CHARS:
            return structured
    return (
        section_from_items(breadcrumb_items(root), title)
        or breadcrumb_list_section(objects, title)
        or meta_section
        or category_label(root)
    )
