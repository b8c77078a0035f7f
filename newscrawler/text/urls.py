"""Canonical article URLs: one address per story, whatever link led to it.

``canonical_url`` is a comparison form, used as the archive key and as the
request fingerprint; requests themselves still go to the address the site gave.
The rules, in order:

1. **Scheme and host** are lower-cased, a trailing dot on the host and the
   default port (80 for http, 443 for https) are dropped. ``www.`` is kept: it
   is part of the address the site publishes.
2. **Variants** (``variants=True``): the AMP, print and mobile copies map to the
   article: hosts ``amp.``/``m.``/``mobile.`` lose that label, every path
   segment ``amp`` and a first or last path segment ``print`` are removed, and
   the query flags ``amp``, ``print`` and ``outputType=amp`` are dropped. Site-specific rewrites are
   given as ``amp_patterns``: ``(regex, replacement)`` pairs applied to the
   result with ``re.sub``.
3. **Query**: tracking parameters are removed (see ``TRACKING_PARAMS`` and
   ``TRACKING_PREFIXES``; ``ref`` and ``src`` are *kept* because some CMSs
   select content with them), the rest are sorted by name then value, and an
   empty query disappears. The fragment is dropped.
4. **Percent-encoding**: hex digits are upper-case, encoded unreserved ASCII
   (``A-Z a-z 0-9 - . _ ~``) is decoded, encoded reserved characters (``%2F``)
   stay encoded, and raw non-ASCII characters (Bengali hrefs) are encoded as
   UTF-8.
5. **Bengali letter forms**: the decoded path and query are NFC-normalised
   before re-encoding. Because Unicode excludes য় (U+09DF), ড় (U+09DC) and
   ঢ় (U+09DD) from composition, NFC writes them as the letter plus nukta
   (য + U+09BC): ``%E0%A7%9F`` becomes ``%E0%A6%AF%E0%A6%BC``. This is the same
   form :mod:`newscrawler.text.normalise` gives stored text.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, quote, urlencode, urlsplit, urlunsplit

logger = logging.getLogger(__name__)

AmpPatterns = Sequence[tuple[str | re.Pattern[str], str]]
CANONICAL_CACHE_SIZE = 16_384

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "ttclid", "igshid", "igsh", "li_fat_id", "mc_cid", "mc_eid", "_ga", "_gl",
        "ref_src", "ref_url", "cmpid", "ncid", "ocid", "spm", "share", "__cf_chl_tk",
        "__cf_chl_rt_tk", "__cf_chl_f_tk",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
VARIANT_PARAMS = {"amp": None, "print": None, "outputtype": "amp"}  # None: any value
VARIANT_SEGMENTS = frozenset({"amp", "print"})
VARIANT_HOST_LABELS = ("amp.", "m.", "mobile.")
DEFAULT_PORTS = {"http": 80, "https": 443}

PERCENT_RUN_RE = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
PATH_SAFE = frozenset("/:@!$&'()*+,;=") | UNRESERVED
# Hosts a page should never declare as its canonical address.
LOCAL_HOST_RE = re.compile(r"^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\])$")


def _encode_char(char: str, safe: frozenset[str]) -> str:
    if char in safe:
        return char
    if "\udc80" <= char <= "\udcff":  # an undecodable byte kept by surrogateescape
        return f"%{ord(char) - 0xDC00:02X}"
    return "".join(f"%{b:02X}" for b in char.encode("utf-8"))


def _decode_run(run: str) -> list[str]:
    """A run of ``%XX`` as pieces: decoded characters, or ``%XX`` kept for reserved ASCII."""
    raw = bytes(int(run[i + 1 : i + 3], 16) for i in range(0, len(run), 3))
    pieces = []
    for char in raw.decode("utf-8", "surrogateescape"):
        if char.isascii() and char not in UNRESERVED:
            pieces.append(f"%{ord(char):02X}")
        else:
            pieces.append(char)
    return pieces


def normalise_component(text: str, safe: frozenset[str] = PATH_SAFE) -> str:
    """Percent-encoding and Unicode form of a path (or other component) made canonical.

    >>> normalise_component("/%e0%a7%9f/a%2fb/%7Euser/খবর")
    '/%E0%A6%AF%E0%A6%BC/a%2Fb/~user/%E0%A6%96%E0%A6%AC%E0%A6%B0'
    """
    out: list[str] = []
    pending: list[str] = []  # decoded or literal characters, NFC-normalised together

    def flush() -> None:
        chunk = unicodedata.normalize("NFC", "".join(pending))
        out.extend(_encode_char(c, safe) for c in chunk)
        pending.clear()

    pos = 0
    for match in PERCENT_RUN_RE.finditer(text):
        pending.extend(text[pos : match.start()])
        for piece in _decode_run(match.group()):
            if len(piece) == 3 and piece.startswith("%"):
                flush()
                out.append(piece)
            else:
                pending.append(piece)
        pos = match.end()
    pending.extend(text[pos:])
    flush()
    return "".join(out)


def is_tracking_param(name: str) -> bool:
    """True for a query parameter that only tracks the visitor.

    >>> is_tracking_param("utm_source"), is_tracking_param("fbclid"), is_tracking_param("id")
    (True, True, False)
    """
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def _is_variant_param(name: str, value: str) -> bool:
    key = name.lower()
    if key not in VARIANT_PARAMS:
        return False
    wanted = VARIANT_PARAMS[key]
    return wanted is None or value.lower() == wanted


def _canonical_query(query: str, variants: bool) -> str:
    pairs = [
        (unicodedata.normalize("NFC", k), unicodedata.normalize("NFC", v))
        for k, v in parse_qsl(query, keep_blank_values=True)
        if not is_tracking_param(k) and not (variants and _is_variant_param(k, v))
    ]
    return urlencode(sorted(pairs), quote_via=quote, safe="-._~")


def _canonical_host(parts: SplitResult, variants: bool) -> str:
    host = (parts.hostname or "").rstrip(".")
    if variants:
        while label := next(
            (x for x in VARIANT_HOST_LABELS if host.startswith(x) and "." in host[len(x) :]), ""
        ):
            host = host[len(label) :]
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    if port is not None and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        host = f"{userinfo}@{host}"
    return host


def _strip_variant_segments(path: str) -> str:
    # An "amp" segment marks the AMP copy wherever it stands (/amp/x, /x/amp, /news/amp/x);
    # "print" only at either end (a middle "print" is more likely a real section).
    segments = [s for s in path.split("/") if s.lower() != "amp"]
    while True:
        inner = [i for i, s in enumerate(segments) if s]
        if inner and segments[inner[-1]].lower() in VARIANT_SEGMENTS:
            del segments[inner[-1]]
        elif inner and segments[inner[0]].lower() in VARIANT_SEGMENTS:
            del segments[inner[0]]
        else:
            return "/".join(segments) or "/"


def _canonical_path(path: str, variants: bool) -> str:
    path = normalise_component(path or "/")
    return _strip_variant_segments(path) if variants else path


def canonical_url(url: str, *, amp_patterns: AmpPatterns = (), variants: bool = True) -> str | None:
    """The canonical form of ``url`` (see the module docstring), or None if it is not a URL.

    >>> canonical_url("HTTPS://M.Example.com:443/news/12/amp?utm_source=fb&b=2&a=1#top")
    'https://example.com/news/12?a=1&b=2'
    >>> canonical_url("/relative/path") is None
    True
    """
    result = _canonical(url, variants)
    if result is None:
        return None
    for pattern, replacement in amp_patterns:
        result = re.sub(pattern, replacement, result)
    return result


# A crawl canonicalises the same links again and again (listing pages link every
# section and page), for the spider, the request fingerprinter and the pipelines.
@lru_cache(maxsize=CANONICAL_CACHE_SIZE)
def _canonical(url: str, variants: bool) -> str | None:
    try:
        parts = urlsplit(url.strip())
        host = _canonical_host(parts, variants)
    except ValueError as exc:  # bad port, bad IPv6 literal
        logger.debug("not a URL %r: %s", url, exc)
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        logger.debug("not an absolute http(s) URL: %r", url)
        return None
    path = _canonical_path(parts.path, variants)
    return urlunsplit((scheme, host, path, _canonical_query(parts.query, variants), ""))


def is_plausible_canonical(page_url: str, declared: str) -> bool:
    """True when a page's declared ``rel=canonical`` can be trusted as its address.

    A declared address on a local host (unless the page itself is served from
    that very host, as in local test sites), or the site's home page given for
    a deeper page (a common template mistake), is not trusted.

    >>> is_plausible_canonical("https://a.com/news/1", "https://a.com/news/1?x")
    True
    >>> is_plausible_canonical("https://a.com/news/1", "https://a.com/")
    False
    >>> is_plausible_canonical("https://a.com/news/1", "http://127.0.0.1:8000/news/1")
    False
    >>> is_plausible_canonical("http://127.0.0.1:8000/amp/1", "http://127.0.0.1:8000/news/1")
    True
    """
    try:
        page, decl = urlsplit(page_url), urlsplit(declared)
        host = decl.hostname or ""
    except ValueError:
        return False
    if decl.scheme not in DEFAULT_PORTS or not host:
        return False
    if LOCAL_HOST_RE.match(host) and decl.netloc != page.netloc:
        return False
    return not (decl.path.strip("/") == "" and page.path.strip("/") != "")


def choose_canonical(
    page_url: str, declared: str | None = None, *, amp_patterns: AmpPatterns = ()
) -> str | None:
    """The canonical URL of a page: its declared ``rel=canonical`` when plausible, else its own.

    >>> choose_canonical("https://a.com/amp/news/1?utm_medium=x", "https://a.com/news/1")
    'https://a.com/news/1'
    >>> choose_canonical("https://a.com/news/1?fbclid=1", "https://a.com/")
    'https://a.com/news/1'
    """
    if declared and is_plausible_canonical(page_url, declared):
        chosen = canonical_url(declared, amp_patterns=amp_patterns)
        if chosen is not None:
            return chosen
    return canonical_url(page_url, amp_patterns=amp_patterns)


def site_key(url: str) -> str:
    """The site key of a URL: lower-case host without ``www.``, with ``:port`` unless default.

    The one string form a site is recorded, locked and compared under when no
    site profile names it ("" when ``url`` has no host).

    >>> site_key("https://www.prothomalo.com/bangladesh")
    'prothomalo.com'
    >>> site_key("https://WWW.Jugantor.com:443/x"), site_key("http://127.0.0.1:8123/")
    ('jugantor.com', '127.0.0.1:8123')
    >>> site_key("http://h:99999/"), site_key("not a url")
    ('', '')
    """
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".").removeprefix("www.")
        port = parts.port
    except ValueError:  # bad port, bad IPv6 literal
        return ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if host and port is not None and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        return f"{host}:{port}"
    return host


def same_site(url_a: str, url_b: str) -> bool:
    """True when two URLs are on the same site: same :func:`site_key` once the
    ``m.``/``amp.`` variants are folded (:func:`canonical_url`).

    >>> same_site("https://www.barta24.com/x", "https://barta24.com/y")
    True
    >>> same_site("https://a.com/", "https://b.com/")
    False
    """
    hosts = []
    for url in (url_a, url_b):
        canon = canonical_url(url)
        if canon is None:
            return False
        hosts.append(site_key(canon))
    return hosts[0] == hosts[1]
