"""The page's own story record in embedded page data (``__NEXT_DATA__``, Quintype state).

App pages carry many story records: the article and its related, latest and
popular cards, often related ones first. The article's record is the one that
*names this page*: its URL or slug is the page's path, its id is a segment of the
page's path, or its headline is the page's headline. Its dates and its text are
the page's; the first record with a date field may be a related card's.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

URL_KEYS = frozenset({"url", "slug", "path", "canonical", "canonicalurl", "link", "permalink",
                      "href", "shareurl", "storyurl", "newsurl", "weburl", "fullurl"})  # fmt: skip
ID_KEYS = frozenset({"id", "storyid", "newsid", "articleid", "postid", "contentid", "nid", "uuid"})
# Not "name": publishers, sections and authors have one, and a site's name is on the page.
TITLE_KEYS = frozenset({"headline", "title", "newstitle", "heading"})
YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
# Keys under which a record lists other stories; their text is not this story's.
OTHER_STORIES_RE = re.compile(
    r"related|recommend|popular|latest|trending|more|next|prev|similar|also|linked|suggest|read"
)
TEXT_KEYS_RE = re.compile(r"body|content|text|details|description|story|paragraph|html|summary")
MIN_ID_CHARS = 4
MIN_TEXT_CHARS = 40
MAX_NODES = 50_000
MAX_TEXT_CHARS = 400_000


@dataclass(frozen=True)
class PageIdentity:
    """What names the page: its path (and canonical path) and its headlines."""

    paths: frozenset[str]
    segments: frozenset[str]
    titles: frozenset[str]

    @classmethod
    def of(cls, urls: Iterable[str | None], titles: Iterable[str | None]) -> PageIdentity:
        paths = {_path(u) for u in urls if u}
        paths.discard("")
        parts = {s for p in paths for s in p.split("/")}
        segments = {s for s in parts if len(s) >= MIN_ID_CHARS and not YEAR_RE.match(s)}
        keys = {_title_key(t) for t in titles if t}
        keys.discard("")
        return cls(frozenset(paths), frozenset(segments), frozenset(keys))


def _path(url: str) -> str:
    return unquote(urlsplit(url.strip()).path).strip("/").lower()


def _title_key(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(str(text).split())).casefold()


def _name(key: Any) -> str:
    return re.sub(r"[^a-z]", "", str(key).lower())


def names_page(node: dict[str, Any], page: PageIdentity) -> bool:
    """Whether a JSON object is the record of the page's own story.

    >>> page = PageIdentity.of(["https://x.com/bangladesh/6suuafru01"], ["ঢাকায় বৃষ্টি"])
    >>> names_page({"slug": "bangladesh/6suuafru01"}, page), names_page({"id": 6}, page)
    (True, False)
    >>> names_page({"headline": "ঢাকায়  বৃষ্টি"}, page)
    True
    """
    for key, value in node.items():
        if isinstance(value, dict | list) or value is None or isinstance(value, bool):
            continue
        if _names_page(_name(key), str(value).strip(), page):
            return True
    return False


def _names_page(name: str, text: str, page: PageIdentity) -> bool:
    if name in URL_KEYS:
        path = _path(text)
        return bool(path) and any(p == path or p.endswith("/" + path) for p in page.paths)
    if name in ID_KEYS:
        return len(text) >= MIN_ID_CHARS and text.lower() in page.segments
    return name in TITLE_KEYS and _title_key(text) in page.titles


def objects_breadth_first(data: Any) -> Iterator[dict[str, Any]]:
    """The objects (dicts) in parsed JSON ``data``, shallowest first.

    At most ``MAX_NODES`` objects and arrays are visited: a page's data can be huge.

    >>> [sorted(o) for o in objects_breadth_first({"a": [{"b": {"c": 1}}], "d": {}})]
    [['a', 'd'], [], ['b'], ['c']]
    """
    queue: deque[Any] = deque([data])
    seen = 0
    while queue and seen < MAX_NODES:
        node = queue.popleft()
        seen += 1
        if isinstance(node, dict):
            yield node
            queue.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            queue.extend(v for v in node if isinstance(v, dict | list))


def story_record(data: Any, page: PageIdentity) -> dict[str, Any] | None:
    """The shallowest object in ``data`` that names the page (breadth first, bounded)."""
    return next((node for node in objects_breadth_first(data) if names_page(node, page)), None)


def record_text(record: dict[str, Any]) -> str:
    """The story text of a record: its long strings under text-like keys, in order.

    Lists of other stories (``related``, ``popular`` ...) are skipped.

    >>> record_text({"body": "<p>" + "ক" * 50 + "</p>", "related": [{"text": "খ" * 60}]})
    '<p>কককককককককককককককককককককককককককককককককককককককককককককককককক</p>'
    """
    return "\n\n".join(_texts(record, textual=False, depth=0))[:MAX_TEXT_CHARS]


def _texts(node: Any, *, textual: bool, depth: int) -> Iterator[str]:
    if depth > 12:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            name = _name(key)
            if OTHER_STORIES_RE.search(name):
                continue
            yield from _texts(value, textual=textual or bool(TEXT_KEYS_RE.search(name)),
                              depth=depth + 1)  # fmt: skip
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item, textual=textual, depth=depth + 1)
    elif textual and isinstance(node, str) and len(node) >= MIN_TEXT_CHARS:
        yield node
