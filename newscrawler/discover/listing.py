"""Article and listing links of an HTML listing page (section, archive, home)."""

from __future__ import annotations

import logging
import re
from collections.abc import Container
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from parsel import Selector

from newscrawler.discover.embedded import script_story_urls
from newscrawler.discover.links import page_base, resolve, same_site
from newscrawler.discover.urlkinds import is_article_url, is_listing_url, is_short_id_url

if TYPE_CHECKING:
    from newscrawler.profiles import SiteProfile

logger = logging.getLogger(__name__)

MORE_WORDS = re.compile(
    r"আরও|আরো|সব খবর|সকল|পরের|পরবর্তী|আগের|পূর্ববর্তী|পাতা|\b(?:more|next|previous|prev|"
    r"older|newer|page|all)\b|[»«]",
    re.IGNORECASE,
)

__all__ = ["Links", "is_article_url", "is_listing_url", "listing_links"]


@dataclass
class Links:
    """Distinct same-site URLs found on a page, in document order."""

    articles: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    known: int = 0  # links left out because the caller knew them (``known=``)


def anchors(sel: Selector, url: str) -> dict[str, str]:
    """Distinct absolute URLs of the page's ``<a href>`` in document order, each with the
    longest text (or ``title`` / ``aria-label``) any of its anchors shows.

    >>> anchors(Selector('<a href="/a#x">1</a><a href="/a" title="দুই">2</a>'), "https://x.com/")
    {'https://x.com/a': 'দুই 2'}
    """
    base = page_base(sel, url)
    found: dict[str, str] = {}
    # Single attributes are read from the lxml element: parsel's ``.attrib``
    # builds a dict of all of them, which fails on malformed names (``href=""{}"``).
    # lxml's own XPath: parsel's wraps every anchor found in a Selector.
    for anchor in sel.root.xpath("//a[@href]"):
        link = resolve(anchor.get("href"), base)
        if link is None:
            continue
        label = anchor.get("title") or anchor.get("aria-label") or ""
        # itertext(): the text nodes ".//text()" selects, without an XPath query per anchor.
        text = " ".join((label + " " + " ".join(anchor.itertext())).split())
        if len(text) >= len(found.get(link, "")):
            found[link] = text
    return found


def anchor_urls(sel: Selector, url: str) -> list[str]:
    """Distinct absolute URLs of the page's ``<a href>``, in document order.

    >>> anchor_urls(Selector('<a href="/a#x">1</a><a href="/a">2</a>'), "https://x.com/")
    ['https://x.com/a']
    """
    return list(anchors(sel, url))


def headline_like(text: str) -> bool:
    """Anchor text that reads as a headline, not as "more", "next page" or a number.

    >>> headline_like("নারী দলের ক্যাম্প শুরু ঢাকায়"), headline_like("এই বিভাগের আরও খবর »")
    (True, False)
    """
    return len(text.split()) >= 3 and len(text) >= 12 and not MORE_WORDS.search(text)


def listing_links(
    html: str,
    url: str,
    *,
    profile: SiteProfile | None = None,
    known: Container[str] = frozenset(),
) -> Links:
    """Article and listing links on ``html`` served at ``url``, same site only.

    Articles come from anchors first, then from story lists embedded as JSON
    (Quintype ``script#static-page``, JSON-LD ``ItemList``). Links in ``known``
    (those a crawl followed already) are left out before they are classified,
    and counted in ``Links.known``: a listing page may link every page of its
    section, so at scale most of its links are known, and classifying them cost
    more than the rest of the page.

    >>> page = '<a href="/national">n</a><a href="/national/2023/03/20/868876">a</a>'
    >>> listing_links(page, "https://www.bd-pratidin.com/")
    Links(articles=['https://www.bd-pratidin.com/national/2023/03/20/868876'], \
listings=['https://www.bd-pratidin.com/national'], known=0)
    """
    links = Links()
    if not html or not html.strip():
        return links
    try:
        sel = Selector(text=html)
        linked = anchors(sel, url)
        scripted = script_story_urls(sel, url)
    except (ValueError, TypeError) as exc:
        logger.debug("unparseable listing page %s: %s", url, exc)
        return links
    for link, text in linked.items():
        if link in known:
            links.known += 1
            continue
        if link == url or not _on_site(link, url, profile):
            continue
        if is_article_url(link, profile=profile) or _headline_card(link, text, profile):
            links.articles.append(link)
        elif is_listing_url(link, profile=profile) and _walkable(link, url, profile):
            links.listings.append(link)
    pattern = profile.article_re if profile is not None else None
    seen = set(links.articles)
    for link in scripted:
        if link in seen or link == url or not _on_site(link, url, profile):
            continue
        if pattern is None or pattern.search(link):  # a profile's pattern has the last word
            if link in known:
                links.known += 1
                continue
            seen.add(link)
            links.articles.append(link)
    return links


def _on_site(link: str, url: str, profile: SiteProfile | None) -> bool:
    if profile is not None and profile.domains:
        return profile.allows(link)
    return same_site(link, url)


def _walkable(link: str, url: str, profile: SiteProfile | None) -> bool:
    """Listings are walked on the page's own host (``www.`` or not) unless the profile's
    ``listing_url_pattern`` says otherwise: a subdomain (e-paper, English edition) is
    another site even when the profile's domains admit its articles."""
    if profile is not None and profile.listing_re is not None:
        return True
    return same_site(link, url)


def _headline_card(link: str, text: str, profile: SiteProfile | None) -> bool:
    """``/section/5`` linked by a headline is an article (no profile pattern to say otherwise)."""
    if profile is not None and profile.article_re is not None:
        return False
    return is_short_id_url(link) and headline_like(text)
