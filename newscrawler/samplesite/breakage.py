"""Site redesigns on demand: article pages served broken, to test health monitoring.

``RunningSite.breakage`` names one of :data:`BREAKAGES`; every article page is
then rewritten by it before it is sent, as a real redesign would change every
page of a template at once. ``None`` serves the site as built.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Machine-readable dates: JSON-LD, page-data scripts, date meta tags, <time> elements.
SCRIPT_RE = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
DATE_META_RE = re.compile(r"<meta\b[^>]*(?:time|date)[^>]*>", re.I)
TIME_RE = re.compile(r"<time\b[^>]*>.*?</time>", re.S | re.I)
# Visible digits, Bengali and ASCII, in text (between tags): no dateline survives.
TEXT_RE = re.compile(r">([^<]+)<")
DIGITS_RE = re.compile(r"[0-9\u09e6-\u09ef]")
PARAGRAPH_RE = re.compile(r"<p\b[^>]*>.*?</p>", re.S | re.I)
CHALLENGE = (
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    "<div id='challenge-running'>Checking your browser before accessing the site.</div>"
    "<script>window._cf_chl_opt={cType:'managed'};</script>"
    "<script src='/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1'></script>"
    "</body></html>"
)


def no_dates(html: str) -> str:
    """The page with every date gone: scripts, date meta tags, ``<time>``, visible digits.

    >>> no_dates('<meta property="article:published_time" content="x"><p>১২ মে 2024</p>')
    '<p> মে </p>'
    """
    html = SCRIPT_RE.sub("", DATE_META_RE.sub("", TIME_RE.sub("", html)))
    return TEXT_RE.sub(lambda m: ">" + DIGITS_RE.sub("", m[1]) + "<", html)


def no_body(html: str) -> str:
    """The page with every paragraph and script gone (the body moved where we cannot see it).

    >>> no_body("<h1>শিরোনাম</h1><p>এক</p><p>দুই</p>")
    '<h1>শিরোনাম</h1>'
    """
    return PARAGRAPH_RE.sub("", SCRIPT_RE.sub("", html))


def challenge(html: str) -> str:
    """A Cloudflare managed-challenge page instead of the article."""
    return CHALLENGE


BREAKAGES: dict[str, Callable[[str], str]] = {
    "no_dates": no_dates,
    "no_body": no_body,
    "challenge": challenge,
}
