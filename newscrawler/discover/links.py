"""Resolving hrefs as a browser would, minus the traps of real pages.

Hrefs keep the percent-encoding (or raw Bengali) the page has: nothing is
decoded, re-encoded or Unicode-normalised, so a URL stays comparable with the
one the site links elsewhere. Only the fragment is dropped.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from parsel import Selector

from newscrawler.text.urls import site_key

logger = logging.getLogger(__name__)

SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "sms:", "whatsapp:", "fb-messenger:")
STRAY_QUOTES = re.compile(r'(?:&quot;|&#34;|&#x22;|["\'])+$', re.IGNORECASE)
SPACE = re.compile(r"[\t\r\n\f\v]+")


def same_site(url: str, other: str) -> bool:
    """True when both URLs have the same :func:`~newscrawler.text.urls.site_key`.

    >>> same_site("https://barta24.com/a", "https://www.barta24.com/b")
    True
    >>> same_site("https://bangla.bdnews24.com/a", "https://bdnews24.com/b")
    False
    """
    host = site_key(url)
    return bool(host) and host == site_key(other)


def clean_href(href: str | None) -> str | None:
    """An href with whitespace, stray trailing quotes and fragment removed; None if unusable.

    >>> clean_href(' /details/x/1?a=b&quot; ')
    '/details/x/1?a=b'
    >>> clean_href("//www.ittefaq.com.bd/national#top")
    '//www.ittefaq.com.bd/national'
    >>> clean_href("javascript:void(0)") is None, clean_href("#") is None
    (True, True)
    """
    if not href:
        return None
    href = SPACE.sub("", href).strip().replace("\ufeff", "")
    href = STRAY_QUOTES.sub("", href).partition("#")[0]
    if not href or href.lower().startswith(SKIP_SCHEMES):
        return None
    return href


def resolve(href: str | None, base: str) -> str | None:
    """Absolute http(s) URL of ``href`` against ``base``, or None.

    >>> resolve("national/2023/03/19/868686", "https://www.bd-pratidin.com/")
    'https://www.bd-pratidin.com/national/2023/03/19/868686'
    >>> resolve("../../../default.htm#x", "http://h/a/b/c/d.php")
    'http://h/default.htm'
    >>> resolve("ftp://h/x", "http://h/") is None
    True
    """
    cleaned = clean_href(href)
    if cleaned is None:
        return None
    try:
        url = urljoin(base, cleaned)
        parts = urlsplit(url)
    except ValueError:
        logger.debug("unresolvable href %r on %s", href, base)
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit(parts._replace(fragment="")) if parts.fragment else url


def page_base(sel: Selector, url: str) -> str:
    """The URL relative hrefs on this page resolve against.

    ``<base href>`` wins, as in a browser, unless its host is neither the page's
    host nor its ``rel=canonical`` host (a template left pointing at a
    development server): then its path is kept on the page's own origin.

    >>> page = '<base href="http://127.0.0.1:8000/"><link rel="canonical" href="https://x.com/n">'
    >>> page_base(Selector(page), "https://x.com/n")
    'https://x.com/'
    >>> page_base(Selector('<base href="/sub/">'), "https://x.com/n")
    'https://x.com/sub/'
    """
    base_href = clean_href(sel.xpath("//base/@href").get())
    if not base_href:
        return url
    base = resolve(base_href, url)
    if base is None:
        return url
    canonical = resolve(sel.xpath("//link[@rel='canonical']/@href").get(), url)
    trusted = {site_key(url)} | ({site_key(canonical)} if canonical else set())
    if site_key(base) in trusted:
        return base
    logger.debug("ignoring <base href=%r> on %s: foreign host", base_href, url)
    page = urlsplit(url)
    return urlunsplit(urlsplit(base)._replace(scheme=page.scheme, netloc=page.netloc))
