"""OpenGraph, ``article:*``, Twitter, Dublin Core and ``itemprop`` metadata of a page."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from parsel import Selector

from newscrawler.extract.jsonld import clean

logger = logging.getLogger(__name__)

# Meta keys (lower-case property/name/itemprop) that carry dates, by kind.
PUBLISHED_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "published_date",
    "publish-date", "publishdate", "pubdate", "sailthru.date", "dc.date.issued", "dc.date",
    "dcterms.created", "parsely-pub-date", "cxenseparse:recs:publishtime", "date",
)  # fmt: skip
UPDATED_KEYS = (
    "article:modified_time", "og:updated_time", "datemodified", "modified_date",
    "last-modified", "dcterms.modified", "updated_time",
)  # fmt: skip


@dataclass
class Meta:
    """Meta values by lower-case key, in page order; bogus values are dropped."""

    values: dict[str, list[str]] = field(default_factory=dict)

    def first(self, *keys: str) -> str | None:
        """The first value of the first key that has one.

        >>> Meta({"og:title": ["ঢাকা"]}).first("twitter:title", "og:title")
        'ঢাকা'
        """
        for key in keys:
            found = self.values.get(key)
            if found:
                return found[0]
        return None

    def all(self, key: str) -> list[str]:
        return list(self.values.get(key, ()))


def read_meta(selector: Selector) -> Meta:
    """Collect ``<meta>`` values keyed by ``property``, ``name`` or ``itemprop``."""
    meta = Meta()
    # lxml's elements, not parsel's wrappers (whose .attrib copies the attributes)
    for node in selector.root.xpath("//meta"):
        attrs = node.attrib
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        value = clean(attrs.get("content"))
        if key and value:
            meta.values.setdefault(key.strip().lower(), []).append(value)
    return meta


def link_href(selector: Selector, rel: str) -> str | None:
    """``href`` of the first ``<link rel=...>`` with that rel (case-insensitive)."""
    for node in selector.root.xpath("//link[@href]"):  # lxml's elements, as in read_meta
        rels = (node.attrib.get("rel") or "").lower().split()
        href = (node.attrib.get("href") or "").strip()
        if rel in rels and href:
            return href
    return None
