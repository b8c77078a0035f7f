"""Topic tags shown with the article, in page order.

A visible tag list (a container marked ``tags``/``tagArea``/``topic`` or headed
``ট্যাগ``/``ট্যাগস``/``টপিক``) is read first; then JSON-LD ``keywords`` and
``article:tag`` meta, kept only where the page shows them as links. The site-wide
``<meta name="keywords">`` is not used.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from itertools import islice
from typing import Any

from newscrawler.extract.dom import Element, is_page_chrome, marks, tag_of, text_of
from newscrawler.extract.jsonld import clean

logger = logging.getLogger(__name__)

TAG_TOKEN_RE = re.compile(
    r"(?:^|[-_])tags?(?:$|[-_])|^tag(?:area|list|box|wrap|s?cloud|s)|tags$|^topics?(?:$|[-_])"
    r"|^keywords?$"
)
TAG_HEADING_RE = re.compile(
    unicodedata.normalize(
        "NFC", r"^\s*(?:ট্যাগ|ট্যাগস|ট্যাগঃ|বিষয়|এই রকম আরও টপিক|টপিক|tags?)\s*[:ঃ]?\s*$"
    ),
    re.I,
)
MAX_TAGS = 30
MAX_TAG_CHARS = 60


def _anchors(el: Element) -> list[str]:
    out: list[str] = []
    for a in el.iter("a"):
        text = text_of(a).strip(" ,#")
        if text and len(text) <= MAX_TAG_CHARS and text not in out:
            out.append(text)
    return out


CHROME_TAGS = frozenset({"nav", "header", "footer"})


def visible_tags(root: Element, headline: Element | None = None) -> list[str]:
    """Anchor texts of the first tag list after the headline (else anywhere on the page).

    Lists inside navigation, page header or footer are not the article's tags.
    """
    found = _tag_lists(root, headline)
    return found[0] if found else []


def _tag_lists(root: Element, headline: Element | None) -> list[list[str]]:
    lists: list[list[str]] = []
    passed = headline is None
    early: list[list[str]] = []
    chrome = _inside_chrome(root)
    for el in root.iter():
        passed = passed or el is headline
        tag = tag_of(el)
        if not tag or tag in ("meta", "link", "script", "body", "html") or el in chrome:
            continue
        found = _tag_list_at(el, tag)
        if found:
            (lists if passed else early).append(found)
            if passed:
                break
    return lists or early


def _tag_list_at(el: Element, tag: str) -> list[str]:
    if any(TAG_TOKEN_RE.search(t) for t in marks(el)):
        # a tag-marked link stands for its list: read the links around it
        holder = el.getparent() if tag == "a" and el.getparent() is not None else el
        found = _anchors(holder)
    elif _is_tag_heading(el):
        found = _anchors(el.getparent())
    else:
        return []
    return found if 0 < len(found) <= MAX_TAGS else []


def _inside_chrome(root: Element) -> set[Element]:
    """The elements inside navigation or a page-level header or footer.

    Found in one walk: asking each element's ancestors cost a walk per element.
    """
    inside: set[Element] = set()
    for el in root.iter():
        if el not in inside and tag_of(el) in CHROME_TAGS and is_page_chrome(el):
            inside.update(el.iterdescendants())
    return inside


def _is_tag_heading(el: Element) -> bool:
    return (
        tag_of(el) in ("h2", "h3", "h4", "h5", "span", "strong", "b", "p", "div")
        and len(el) < 3
        and next(islice(el.iterdescendants(), 4, None), None) is None  # a small element
        and el.getparent() is not None
        and bool(TAG_HEADING_RE.match(text_of(el) or "-"))
    )


def split_keywords(value: Any) -> list[str]:
    """Keywords from a JSON-LD/meta value: a list or a comma-separated string.

    >>> split_keywords("অভিনেত্রী, সাবিলা নূর,, অনন্য")
    ['অভিনেত্রী', 'সাবিলা নূর', 'অনন্য']
    """
    items = value if isinstance(value, list) else str(value or "").split(",")
    out: list[str] = []
    for item in items:
        text = clean(item)
        if text and text not in out:
            out.append(text)
    return out


def extract_tags(
    article: dict[str, Any] | None,
    root: Element,
    meta_tags: list[str],
    headline: Element | None = None,
) -> list[str]:
    """Tags: the visible list, else JSON-LD ``keywords``, else ``article:tag`` meta.

    Structured keywords count only when the page shows them as links (topic links
    outside a recognised tag list); keywords a reader never sees are SEO data, not
    the article's tags.
    """
    found = visible_tags(root, headline)
    if found:
        return found
    structured = (split_keywords(article.get("keywords")) if article else []) or split_keywords(
        meta_tags
    )
    if not structured:
        return []
    shown = {_fold(text_of(a)) for a in root.iter("a")}
    return [t for t in structured if _fold(t) in shown]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).strip(" ,#").casefold()
