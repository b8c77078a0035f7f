"""What a request is for: ``request.meta["kind"]``, set by the spider, read by middlewares.

The values are strings (a :class:`~enum.StrEnum`), so a request from a job
directory written before, or a ``fetch_state`` row, compares equal to them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from scrapy.http import Request


class RequestKind(StrEnum):
    """The kinds of request the news spider makes."""

    ROBOTS = "robots"  # a site's robots.txt (its Sitemap: lines)
    SITEMAP = "sitemap"  # a sitemap or sitemap index
    FEED = "feed"  # an RSS/Atom feed
    LISTING = "listing"  # the home page or a section listing (meta "listing_depth")
    ARTICLE = "article"  # a page expected to hold one article


# Discovery documents: fetched conditionally, and their articles credited to them.
DISCOVERY_KINDS = frozenset({RequestKind.SITEMAP, RequestKind.FEED})


def kind_of(output: Any) -> RequestKind | None:
    """The kind of a request (``None`` for an item, or a request of no known kind).

    >>> kind_of(Request("https://a.com/", meta={"kind": "feed"})), kind_of({"title": "x"})
    (<RequestKind.FEED: 'feed'>, None)
    """
    return request_kind(output.meta) if isinstance(output, Request) else None


def request_kind(meta: dict[str, Any]) -> RequestKind | None:
    """The kind in a request's (or its response's) ``meta``; ``None`` when there is none.

    >>> request_kind({"kind": "article"}) == "article", request_kind({})
    (True, None)
    """
    kind = meta.get("kind")
    try:
        return RequestKind(kind) if isinstance(kind, str) else None
    except ValueError:
        return None
