"""Is a URL an article, a listing worth following, or neither? Decided from the URL alone.

Article URLs on news sites carry an identity: a long numeric id
(``/tp-firstpage/1138370``), a dated path (``/2023/03/20/868876``,
``/news/2026-03-29/02vt8ZTy``), a hex or random token (``/8ac14c74ef95``,
``/bangladesh/6suuafru01``), a long headline slug, or an ``id=`` query.
Section, tag, author and pagination pages do not. A site profile's
``article_url_pattern`` / ``listing_url_pattern`` replaces the heuristic.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:
    from newscrawler.profiles import SiteProfile

ASSET_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|avif|css|js|json|xml|rss|txt|pdf|zip|gz|mp3|mp4|"
    r"m4a|webm|avi|mov|woff2?|ttf|eot|apk|docx?|xlsx?|pptx?)$",
    re.IGNORECASE,
)
NUMERIC_ID = re.compile(r"^\d{5,}(?:[-_.].*)?$|[-_]\d{5,}(?:\.\w{2,5})?$")
DATE_SEGMENT = re.compile(r"^(?:19|20)\d\d-[01]\d-[0-3]\d$")
HEX_ID = re.compile(r"^(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{8,40}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
TOKEN = re.compile(r"^[A-Za-z0-9]{8,16}$")
WORD_NUMBER = re.compile(r"^[A-Za-z]+\d+$")
CONSONANT_RUN = re.compile(r"[b-df-hj-np-tv-xz]{4,}", re.IGNORECASE)
ID_PARENTS = frozenset(
    {
        "archives",
        "article",
        "articles",
        "story",
        "stories",
        "details",
        "detail",
        "post",
        "posts",
        "node",
        "news",
        "read",
        "content",
    }
)
ID_KEYS = frozenset(
    {"id", "nid", "news", "newsid", "news_id", "story", "story_id", "article_id", "p"}
)
NOT_ARTICLE = frozenset(
    {
        "tag",
        "tags",
        "topic",
        "topics",
        "author",
        "authors",
        "writer",
        "reporter",
        "category",
        "categories",
        "search",
        "login",
        "register",
        "signup",
        "wp-admin",
        "wp-content",
        "wp-includes",
        "cdn-cgi",
        "feed",
        "rss",
        "page",
        "static",
        "assets",
        "uploads",
        "media",
    }
)
NOT_LISTING = NOT_ARTICLE - {"page", "category", "categories"} | frozenset(
    {
        "about",
        "about-us",
        "contact",
        "contact-us",
        "privacy",
        "privacy-policy",
        "terms",
        "advertise",
        "advertisement",
        "subscribe",
        "subscription",
        "account",
        "user",
        "profile",
        "logout",
        "cart",
        "epaper",
        "e-paper",
        "print",
        "share",
        "sharer",
        "amp",
        "api",
        "ajax",
    }
)
PAGE_KEYS = frozenset({"page", "p", "pg", "paged", "offset", "start"})


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _dated(segments: list[str]) -> bool:
    """``.../YYYY/MM/DD/<more>`` or ``.../YYYY-MM-DD/<more>``."""
    for i, seg in enumerate(segments[:-1]):
        if DATE_SEGMENT.match(seg):
            return True
        ymd = segments[i : i + 3]
        if (
            len(segments) > i + 3
            and len(ymd) == 3
            and re.fullmatch(r"(?:19|20)\d\d", ymd[0])
            and re.fullmatch(r"[01]?\d", ymd[1])
            and re.fullmatch(r"[0-3]?\d", ymd[2])
        ):
            return True
    return False


def _keyword_id(segments: list[str]) -> bool:
    """A short number right after a word that names an item: ``/archives/7``, ``/news/123``."""
    pairs = pairwise(segments)
    return any(p.lower() in ID_PARENTS and re.fullmatch(r"\d+", s) for p, s in pairs)


def _random_token(seg: str) -> bool:
    """An opaque id such as ``6suuafru01`` or ``xtadlctjhd``, not a word like ``cyberworld``."""
    if not TOKEN.match(seg) or seg.isdigit():
        return False
    if WORD_NUMBER.match(seg):  # bdnews24, worldcup2022: a name, not an id
        return False
    letters = sum(c.isalpha() for c in seg)
    return (letters >= 4 and letters < len(seg)) or bool(CONSONANT_RUN.search(seg))


def _id_query(query: str) -> bool:
    return any(k.lower() in ID_KEYS and v.isdigit() for k, v in parse_qsl(query))


def _heuristic_article(path: str, query: str) -> bool:
    segments = _segments(path)
    if not segments:
        return _id_query(query)
    if ASSET_EXT.search(segments[-1]):
        return False
    if any(s.lower() in NOT_ARTICLE for s in segments):
        return False
    last = segments[-1]
    return (
        any(NUMERIC_ID.search(s) for s in segments)
        or _keyword_id(segments)
        or _dated(segments)
        or any(HEX_ID.match(s) or UUID.match(s) for s in segments)
        or (len(segments) >= 2 and _random_token(last))
        or last.count("-") >= (3 if len(segments) >= 2 else 5)
        or _id_query(query)
    )


def is_article_url(url: str, *, profile: SiteProfile | None = None) -> bool:
    """True when ``url`` looks like one article's page.

    >>> is_article_url("https://www.jugantor.com/tp-firstpage/1138370")
    True
    >>> is_article_url("https://www.bd-pratidin.com/national/14")
    False
    >>> is_article_url("https://www.prothomalo.com/technology/cyberworld")
    False
    >>> is_article_url("https://bangla.bdnews24.com/cricket/t20wc2026")
    False
    """
    if profile is not None and profile.article_re is not None:
        return profile.article_re.search(url) is not None
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return _heuristic_article(parts.path, parts.query)


def is_short_id_url(url: str) -> bool:
    """A short number as the last segment below a section (``/daily/politics/5``).

    Such a URL is an article on small sites and a "more" page on others
    (``/national/14``); only the anchor text can tell, so callers decide.

    >>> is_short_id_url("http://127.0.0.1:8000/daily/politics/5"), is_short_id_url("/5")
    (True, False)
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    segments = _segments(parts.path)
    keys = {k.lower() for k, _ in parse_qsl(parts.query)}
    return (
        len(segments) >= 2
        and re.fullmatch(r"\d{1,4}", segments[-1]) is not None
        and not any(s.lower() in NOT_ARTICLE for s in segments)
        and not keys & PAGE_KEYS
    )


def is_listing_url(url: str, *, profile: SiteProfile | None = None) -> bool:
    """True when ``url`` looks like a section, pagination or archive page worth following.

    >>> is_listing_url("https://www.ittefaq.com.bd/national")
    True
    >>> is_listing_url("https://samakal.com/opinion?page=2")
    True
    >>> is_listing_url("https://www.ittefaq.com.bd/topic/x")
    False
    """
    if profile is not None and profile.listing_re is not None:
        return profile.listing_re.search(url) is not None
    if is_article_url(url, profile=profile):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    segments = _segments(parts.path)
    if segments and ASSET_EXT.search(segments[-1]):
        return False
    if len(segments) > 4 or any(len(s) > 40 or s.lower() in NOT_LISTING for s in segments):
        return False
    keys = {k.lower() for k, _ in parse_qsl(parts.query)}
    return keys <= PAGE_KEYS
