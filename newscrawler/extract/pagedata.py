"""Dates from page-data scripts of JavaScript apps (``__NEXT_DATA__`` and similar).

App pages often carry the article as JSON for the browser to render, with a
``"publishedAt": "22-02-2026 13:16:34"``-style field, while their JSON-LD says
``"undefined"``. The article's dates are those of its own story record, the one
that names the page (:mod:`newscrawler.extract.story`); only when no record
names the page is the shallowest object holding a date field taken, breadth
first, with a node budget.
A field whose name says GMT/UTC (WordPress's ``date_gmt``, ``modified_gmt``) is
UTC even when its value prints no offset: the value is marked ``Z``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from parsel import Selector

from newscrawler.extract.jsonld import clean, loads_lenient
from newscrawler.extract.story import PageIdentity, objects_breadth_first, story_record
from newscrawler.items import DateCandidate
from newscrawler.text.dates.machine import utc_marked

logger = logging.getLogger(__name__)

PUBLISHED_FIELDS = frozenset(
    [
        "publishedat",
        "published",
        "publishdate",
        "datepublished",
        "publishtime",
        "publishedtime",
        "publishedon",
        "publishedate",
        "firstpublishedat",
        "firstpublished",
        "createdat",
        "creationtime",
        "createdtime",
        "createtime",
        "created",
        "createdate",
        "createdon",
        "pubdate",
        "postdate",
        "postedat",
        "newsdate",
    ]
)
UPDATED_FIELDS = frozenset(
    [
        "updatedat",
        "updated",
        "modifiedat",
        "modified",
        "datemodified",
        "lastmodified",
        "lastmodifiedat",
        "updatetime",
        "modificationtime",
        "updatedtime",
        "updatedon",
        "lastupdated",
        "lastpublishedat",
    ]
)
ASSIGNMENT_RE = re.compile(
    r"^\s*(?:window\.|var\s+|let\s+|const\s+)?(__[A-Z0-9_]+__|[A-Za-z_$]*(?:STATE|DATA|data|state)"
    r"[A-Za-z_$]*)\s*=\s*(\{.*\})\s*;?\s*$",
    re.S,
)
UTC_MARKS = ("gmt", "utc")
# Base names that are dates only when a GMT/UTC mark says so (``date_gmt``; ``date`` is anything).
UTC_PUBLISHED_FIELDS = PUBLISHED_FIELDS | {"date", "postdate"}


def _field(key: str) -> str:
    return re.sub(r"[^a-z]", "", key.lower())


def page_data_objects(selector: Selector) -> list[Any]:
    """Parsed JSON of ``__NEXT_DATA__``-style scripts (not schema.org JSON-LD)."""
    found: list[Any] = []
    for script in selector.root.xpath("//script"):  # lxml's elements: no wrapper per script
        kind = (script.attrib.get("type") or "").lower()
        if "ld+json" in kind:
            continue
        text = str(script.xpath("string()"))
        if kind == "application/json" or script.attrib.get("id") == "__NEXT_DATA__":
            if "schema.org" in text[:2000]:
                continue
            data = loads_lenient(text)
        else:
            match = ASSIGNMENT_RE.match(text) if "=" in text[:200] else None
            data = loads_lenient(match.group(2)) if match else None
        if isinstance(data, dict | list):
            found.append(data)
    return found


def date_fields(data: Any) -> dict[str, str]:
    """``published``/``updated`` raw values of the shallowest object that has them.

    >>> date_fields({"props": {"article": {"publishedAt": "22-02-2026 13:16:34"},
    ...   "related": [{"x": {"publishedAt": "2020-01-01"}}]}})
    {'published': '22-02-2026 13:16:34'}
    """
    for node in objects_breadth_first(data):
        found = _dates_of(node)
        if found:
            return found
    return {}


def _kind_of(key: str) -> tuple[str, bool]:
    """(``published``/``updated``/``""``, whether the name says UTC) of a field name.

    >>> _kind_of("date_gmt"), _kind_of("publishedAt"), _kind_of("modifiedUTC"), _kind_of("date")
    (('published', True), ('published', False), ('updated', True), ('', False))
    """
    name = _field(key)
    for mark in UTC_MARKS:
        base = name.removesuffix(mark) if name.endswith(mark) else name.removeprefix(mark)
        if base != name:
            if base in UTC_PUBLISHED_FIELDS:
                return "published", True
            return ("updated", True) if base in UPDATED_FIELDS else ("", False)
    if name in PUBLISHED_FIELDS:
        return "published", False
    return ("updated", False) if name in UPDATED_FIELDS else ("", False)


def _dates_of(node: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in node.items():
        kind, utc = _kind_of(str(key))
        text = clean(value) if kind and not isinstance(value, dict | list) else None
        if kind and text and kind not in out:
            out[kind] = utc_marked(text) if utc else text
    return out


def pagedata_candidates(
    selector: Selector, page: PageIdentity | None = None, objects: list[Any] | None = None
) -> list[DateCandidate]:
    """Date candidates from every page-data script, published first.

    With the page's identity, a script's dates are those of the record naming the
    page when there is one.
    """
    out: list[DateCandidate] = []
    for data in page_data_objects(selector) if objects is None else objects:
        record = story_record(data, page) if page is not None else None
        found = _dates_of(record) if record is not None else {}
        for kind, value in (found or date_fields(data)).items():
            candidate = DateCandidate(source="pagedata", kind=kind, value=value)
            if candidate not in out:
                out.append(candidate)
    return out
