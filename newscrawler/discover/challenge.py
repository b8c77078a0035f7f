"""Bot walls: pages a crawler is served instead of the article it asked for.

They come with HTTP 403/503 but detection works on the body alone, since
saved pages carry no status. A recognised wall must be counted and never
stored as an article.
"""

from __future__ import annotations

import re

CHALLENGE_MARKERS = (
    re.compile(r"window\._cf_chl_opt"),
    re.compile(r"<title>\s*Just a moment\.\.\.\s*</title>", re.IGNORECASE),
    re.compile(r"/cdn-cgi/challenge-platform/"),
    re.compile(r"cType:\s*'(?:managed|interactive|non-interactive)'"),
)
WAF_MARKERS = (
    re.compile(r"<title>\s*Attention Required! \| Cloudflare\s*</title>", re.IGNORECASE),
    re.compile(r"Sorry, you have been blocked"),
    re.compile(r"cf-error-details"),
)
# Case-insensitive markers, in lower case: they are searched in the page lowered once
# (:func:`_lowered`), one pattern per marker. re.IGNORECASE, or an alternation of
# markers that start unlike, is tried at every position of every page, at ten
# times the cost.
OTHER_WALLS = (
    ("ddos-guard", r"<title>\s*ddos-guard\s*</title>", r"ddos-guard\.net/"),
    ("sucuri-firewall", r"sucuri website firewall - access denied", r"sucuri\.net/"),
    ("akamai-access-denied", r"<title>\s*access denied\s*</title>[\s\S]*errors\.edgesuite\.net"),
    ("imperva-incapsula", r"_incapsula_resource", r"incapsula incident id"),
    ("captcha-wall", r"<title>[^<]*(?:captcha|are you a robot|bot verification)[^<]*</title>"),
)
OTHER_MARKERS = tuple((kind, tuple(map(re.compile, markers))) for kind, *markers in OTHER_WALLS)
# Letters that re.IGNORECASE matches to ASCII ones and str.lower() does not map to them.
ASCII_LOOKALIKES = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
BLOCK_STATUSES = frozenset({403, 429, 503})
HEAD_BYTES = 200_000


def detect_block(html: str, status: int | None = None) -> str | None:
    """The kind of bot wall ``html`` is, or None for an ordinary page.

    Kinds: ``cloudflare-managed-challenge``, ``cloudflare-waf-block``,
    ``ddos-guard``, ``sucuri-firewall``, ``akamai-access-denied``,
    ``imperva-incapsula``, ``captcha-wall``. Two Cloudflare markers are needed
    (one suffices with a 403/503 status), so an article that merely mentions
    a phrase is not flagged.

    >>> detect_block("<title>Just a moment...</title><script>window._cf_chl_opt={}</script>")
    'cloudflare-managed-challenge'
    >>> detect_block("<p>Sorry, you have been blocked</p>", status=403)
    'cloudflare-waf-block'
    >>> detect_block("<p>Sorry, you have been blocked</p>") is None
    True
    """
    if not html:
        return None
    head = html[:HEAD_BYTES]
    needed = 1 if status in BLOCK_STATUSES else 2
    # The block page also loads challenge-platform scripts, so its own markers go first.
    if sum(bool(m.search(head)) for m in WAF_MARKERS) >= needed:
        return "cloudflare-waf-block"
    if sum(bool(m.search(head)) for m in CHALLENGE_MARKERS) >= needed:
        return "cloudflare-managed-challenge"
    lowered = _lowered(head)
    for kind, markers in OTHER_MARKERS:
        if any(m.search(lowered) for m in markers) and (
            status in BLOCK_STATUSES or len(head) < 50_000
        ):
            return kind
    return None


def _lowered(text: str) -> str:
    """``text`` in lower case, as re.IGNORECASE compares it with ASCII markers.

    >>> _lowered("SUCURI.NET \u017fucuri")
    'sucuri.net sucuri'
    """
    for letter, ascii_letter in ASCII_LOOKALIKES.items():
        if letter in text:
            text = text.replace(letter, ascii_letter)
    return text.lower()
