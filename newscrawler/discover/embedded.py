"""Story URLs held in a page's embedded JSON rather than in its anchors.

JavaScript news apps ship their listing as JSON: Quintype (Prothom Alo) in
``<script type="application/json" id="static-page">``, Next.js in
``__NEXT_DATA__``, others as JSON-LD ``ItemList``. A story there is an object
with a ``headline`` and a ``url`` (Quintype, JSON-LD articles) or an
``ItemList`` element's ``url``; menu entries have neither a headline nor sit in
an ``ItemList``, so they are left out.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from parsel import Selector

from newscrawler.discover.links import resolve

logger = logging.getLogger(__name__)

JSON_SCRIPTS = (
    "//script[contains(@type, 'json') or @id='__NEXT_DATA__' or @id='static-page']/text()"
)
MAX_DEPTH = 60


def _stories(node: Any, depth: int = 0) -> Iterator[str]:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, dict):
        url = node.get("url")
        if isinstance(url, str) and isinstance(node.get("headline"), str):
            yield url
        if node.get("@type") == "ItemList":
            for element in node.get("itemListElement") or []:
                if isinstance(element, dict) and isinstance(element.get("url"), str):
                    yield element["url"]
        for value in node.values():
            yield from _stories(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from _stories(value, depth + 1)


def script_story_urls(sel: Selector, url: str) -> list[str]:
    """Distinct story URLs from the page's JSON scripts, in document order.

    >>> page = '<script type="application/json">{"items": [{"type": "story", "story":'
    >>> page += ' {"headline": "h", "url": "/bangladesh/6suuafru01"}}]}</script>'
    >>> script_story_urls(Selector(page), "https://www.prothomalo.com/bangladesh")
    ['https://www.prothomalo.com/bangladesh/6suuafru01']
    """
    found: dict[str, None] = {}
    for text in sel.xpath(JSON_SCRIPTS).getall():
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            logger.debug("skipping a script that is not strict JSON on %s", url)
            continue
        for story in _stories(data):
            absolute = resolve(story, url)
            if absolute:
                found.setdefault(absolute, None)
    return list(found)
