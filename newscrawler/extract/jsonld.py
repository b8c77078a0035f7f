"""A lenient JSON-LD reader that finds the page's news article object.

Real pages break JSON-LD in many ways: raw carriage returns and line feeds
inside strings, several objects in one script, ``@graph`` wrappers, arrays,
HTML-escaped bodies, and bogus values such as ``"undefined"``. Some sites put
their ``NewsArticle`` object in ``<script type="application/json">``. This module
reads all of them and never raises.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from parsel import Selector

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
     "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
     "socialmediaposting", "report", "scholarlyarticle", "techarticle"}
)  # fmt: skip
BOGUS_VALUES = frozenset(
    {"", "undefined", "null", "none", "nan", "false", "true", "0", "[object object]"}
)
CONTROL_IN_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
TAG_RE = re.compile(r"<[^>]+>")
TRAILING_COMMA_RE = re.compile(r",\s*([}\]])")
MAX_SCRIPT_CHARS = 8_000_000  # as large as a page may be (DOWNLOAD_MAXSIZE)


def loads_lenient(text: str) -> Any:
    """Parse JSON that may hold raw control characters inside strings.

    Returns ``None`` when the text is not JSON even after repair.

    >>> loads_lenient('{"headline": "ঢাকা\\r"}')
    {'headline': 'ঢাকা\\r'}
    >>> loads_lenient('{"a": [1, 2,], }')
    {'a': [1, 2]}
    >>> loads_lenient("not json") is None
    True
    """
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
    if not text or len(text) > MAX_SCRIPT_CHARS:
        return None
    try:
        return json.loads(text, strict=False)
    except RecursionError:
        logger.debug("JSON-LD nested too deeply: skipped")
        return None
    except ValueError:
        pass
    repaired = CONTROL_IN_STRING_RE.sub(_escape_controls, text)
    repaired = TRAILING_COMMA_RE.sub(r"\1", repaired)
    try:
        return json.loads(repaired, strict=False)
    except (ValueError, RecursionError) as exc:
        logger.debug("unreadable JSON-LD: %s", exc)
        return None


def _escape_controls(match: re.Match[str]) -> str:
    return match.group(0).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def iter_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``data``: arrays and ``@graph`` lists are opened.

    >>> [o["@type"] for o in iter_objects({"@graph": [{"@type": "A"}, [{"@type": "B"}]]})]
    ['A', 'B']
    """
    if isinstance(data, list):
        for item in data:
            yield from iter_objects(item)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if "@type" in data or graph is None:
            yield data
        if graph is not None:
            yield from iter_objects(graph)


def types_of(obj: dict[str, Any]) -> set[str]:
    """Lower-case ``@type`` values of an object, without any ``schema:`` prefix."""
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for v in values if v}


def page_objects(selector: Selector) -> list[dict[str, Any]]:
    """All schema.org objects of a page, from JSON-LD and plain JSON scripts."""
    objects: list[dict[str, Any]] = []
    for script in selector.root.xpath("//script"):  # lxml's elements: no wrapper per script
        kind = (script.attrib.get("type") or "").lower()
        if "ld+json" not in kind and kind != "application/json":
            continue
        text = str(script.xpath("string()"))
        if kind == "application/json" and "schema.org" not in text[:2000]:
            continue
        objects.extend(iter_objects(loads_lenient(text)))
    return objects


def find_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first object typed as an article (``NewsArticle``, ``Article`` ...)."""
    for obj in objects:
        if types_of(obj) & ARTICLE_TYPES:
            return obj
    for obj in objects:  # a WebPage whose mainEntity is the article
        main = obj.get("mainEntity")
        if isinstance(main, dict) and types_of(main) & ARTICLE_TYPES:
            return main
    return None


def article_count(objects: list[dict[str, Any]]) -> int:
    """How many distinct article objects (by headline) a page declares; a listing has many.

    >>> card = {"@type": "NewsArticle", "headline": "ক"}
    >>> article_count([card, {**card, "headline": "খ"}, card])
    2
    """
    headlines = {str(o.get("headline") or id(o)) for o in objects if types_of(o) & ARTICLE_TYPES}
    return len(headlines)


def clean(value: Any) -> str | None:
    """A usable string from a JSON-LD value, or ``None`` for bogus values.

    HTML entities are decoded and tags removed; a list gives its first usable item.

    >>> clean("undefined"), clean(" যুগান্তর প্রতিবেদন \\r"), clean("রাত&#8230;")
    (None, 'যুগান্তর প্রতিবেদন', 'রাত…')
    >>> clean([None, "null", "ঢাকা"])
    'ঢাকা'
    """
    if isinstance(value, list):
        for item in value:
            text = clean(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        return clean(value.get("name") or value.get("@value"))
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = html.unescape(html.unescape(TAG_RE.sub(" ", str(value))))
    text = " ".join(text.split())
    return None if text.lower() in BOGUS_VALUES else text


def names(value: Any) -> list[str]:
    """Names from an ``author``-like value: a string, an object, or a list of them.

    >>> names([{"@type": "Person", "name": "নিজস্ব প্রতিবেদক"}, "undefined"])
    ['নিজস্ব প্রতিবেদক']
    """
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        name = clean(item.get("name") if isinstance(item, dict) else item)
        if name and name not in out:
            out.append(name)
    return out


def body_text(value: Any) -> str | None:
    """An ``articleBody`` as paragraphs, or ``None`` when absent or visibly truncated."""
    if not isinstance(value, str):
        return None
    text = html.unescape(html.unescape(value))
    text = re.sub(r"(?i)</p\s*>|<br\s*/?>", "\n\n", text)
    text = TAG_RE.sub(" ", text)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text)]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs or paragraphs[-1].endswith(("…", "...")):
        return None
    return "\n\n".join(paragraphs)
