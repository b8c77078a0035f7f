"""Sitemap URLs declared in robots.txt."""

from __future__ import annotations

import logging
import re

from newscrawler.discover.links import resolve

logger = logging.getLogger(__name__)

SITEMAP_LINE = re.compile(r"^\s*site-?map\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def sitemap_urls(robots_txt: str, base_url: str) -> list[str]:
    """Distinct ``Sitemap:`` URLs of a robots.txt, in file order, resolved against ``base_url``.

    The directive is matched case-insensitively and may appear anywhere in
    the file (it belongs to no user-agent group).

    >>> sitemap_urls("User-agent: *\\nSITEMAP: /sitemap.xml\\nsitemap:https://x.com/news.xml",
    ...              "https://x.com/robots.txt")
    ['https://x.com/sitemap.xml', 'https://x.com/news.xml']
    """
    if not robots_txt:
        return []
    found: dict[str, None] = {}
    for match in SITEMAP_LINE.finditer(robots_txt.replace("\ufeff", "")):
        url = resolve(match.group(1), base_url)
        if url:
            found.setdefault(url, None)
        else:
            logger.debug("ignoring sitemap line %r in %s", match.group(0), base_url)
    return list(found)
