"""Site profiles: small declarative TOML files of optional hints for one site.

A profile never holds code. The generic spider works without one; a profile
only adds what data can say: where to start, which URLs are articles, which
selectors to prefer or remove, and the site's time zone. Profiles shipped with
the package live in ``newscrawler/sites/*.toml``; ``--profile PATH`` loads any
other file. See ``docs/profiles.md`` for the format.

The site key a crawl is recorded, locked and kept under is the profile's name
(:func:`crawl_key` joins several); a URL no shipped profile serves gets a
generic profile named by :func:`newscrawler.text.urls.site_key` (``host[:port]``).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawler.text.urls import DEFAULT_PORTS, site_key
from newscrawler.text.zones import DEFAULT_TIMEZONE, check_timezone

SITES_DIR = Path(__file__).parent / "sites"
SELECTOR_FIELDS = (
    "title",
    "subtitle",
    "body",
    "authors",
    "section",
    "tags",
    "published",
    "updated",
)


class ProfileError(ValueError):
    """A profile file is malformed; the message says what to change."""


@dataclass(frozen=True)
class SiteProfile:
    """Hints for one site. Only ``name`` and ``home_url`` are required."""

    name: str
    home_url: str
    domains: tuple[str, ...] = ()
    timezone: str = DEFAULT_TIMEZONE
    language: str | None = None  # recorded when a page neither declares one nor reads as Bengali
    start_urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    article_url_pattern: str | None = None
    listing_url_pattern: str | None = None
    prefer: dict[str, str] = field(default_factory=dict)
    remove: tuple[str, ...] = ()
    # Health thresholds that differ from the defaults (newscrawler.health.verdict.Thresholds).
    health: dict[str, float] = field(default_factory=dict)
    # origins (scheme://host[:port]) outside the site a redirect may lead to
    redirect_origins: tuple[str, ...] = ()

    @property
    def article_re(self) -> re.Pattern[str] | None:
        return re.compile(self.article_url_pattern) if self.article_url_pattern else None

    @property
    def listing_re(self) -> re.Pattern[str] | None:
        return re.compile(self.listing_url_pattern) if self.listing_url_pattern else None

    def allows(self, url: str) -> bool:
        """True when ``url`` is on one of the site's domains (or their subdomains)."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def owns_origin(self, url: str) -> bool:
        """True when a redirect may lead to ``url``: the site's own origins, or an allowed one.

        The site's own: a host on its domains, on its scheme's default port or
        the home URL's port; others only when listed in ``redirect_origins``.

        >>> site = SiteProfile("s", "http://127.0.0.1:8123/", domains=("127.0.0.1",))
        >>> site.owns_origin("http://127.0.0.1:8123/a"), site.owns_origin("http://127.0.0.1:9000/")
        (True, False)
        >>> SiteProfile("p", "https://www.p.com/", domains=("p.com",)).owns_origin("http://m.p.com/")
        True
        """
        if origin_of(url) in {origin_of(o) for o in self.redirect_origins}:
            return True
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not self.allows(url):
            return False
        return parts.port in (None, DEFAULT_PORTS[parts.scheme], urlsplit(self.home_url).port)


def origin_of(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` of a URL, the port made explicit.

    >>> origin_of("https://Example.com/a"), origin_of("http://h:8080")
    (('https', 'example.com', 443), ('http', 'h', 8080))
    """
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return parts.scheme, (parts.hostname or "").lower(), port or DEFAULT_PORTS.get(parts.scheme)


def port_of(url: str) -> int | None:
    """The URL's port when it is not its scheme's default (``None`` otherwise or when bad).

    >>> port_of("http://127.0.0.1:8000/"), port_of("https://a.com:443/"), port_of("http://a.com/")
    (8000, None, None)
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    return None if port == DEFAULT_PORTS.get(parts.scheme.lower()) else port


def generic_profile(home_url: str) -> SiteProfile:
    """The profile of a site we know nothing about but its home URL."""
    host = (urlsplit(home_url).hostname or "").lower()
    return SiteProfile(
        name=site_key(home_url), home_url=home_url, domains=(host.removeprefix("www."),)
    )


# Keys a profile file may hold, and what each must be.
TEXT_KEYS = (
    "name",
    "home_url",
    "timezone",
    "language",
    "article_url_pattern",
    "listing_url_pattern",
)
LIST_KEYS = ("domains", "start_urls", "sitemaps", "feeds", "remove", "redirect_origins")
KNOWN_KEYS = (*TEXT_KEYS, *LIST_KEYS, "prefer", "health")
URL_KEYS = ("start_urls", "sitemaps", "feeds")


def did_you_mean(word: str, choices: tuple[str, ...]) -> str:
    """A hint naming the closest known word, or the list of them.

    >>> did_you_mean("home", ("home_url", "name"))
    "did you mean 'home_url'?"
    """
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return f"did you mean {close[0]!r}?" if close else f"use one of {', '.join(choices)}"


def check_zone(name: str, key: str = "timezone") -> str:
    """:func:`~newscrawler.text.zones.check_timezone` with a profile's one-line error.

    >>> check_zone("Asia/Dhaka")
    'Asia/Dhaka'
    """
    try:
        return check_timezone(name)
    except ValueError:
        raise ProfileError(
            f"{key} = {name!r} is not a known time zone; write an IANA name such as "
            '"Asia/Dhaka" or "Asia/Kolkata"'
        ) from None


def check_url(url: str, key: str) -> str:
    """An absolute http(s) URL with a host; raises :class:`ProfileError`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProfileError(
            f"{key} = {url!r} is not an http(s) URL; write it in full, "
            'such as "https://www.example.com.bd/"'
        )
    return url


def check_selector(css: str, key: str) -> str:
    """A CSS selector that compiles (as :mod:`cssselect` reads it); raises :class:`ProfileError`."""
    from cssselect import GenericTranslator, SelectorError

    try:
        GenericTranslator().css_to_xpath(css)
    except SelectorError as exc:
        raise ProfileError(
            f"{key} = {css!r} is not a valid CSS selector ({exc}); "
            'write one such as "h1.headline" or "div.story p"'
        ) from None
    return css


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ProfileError(f'{key} must be a string, not {value!r}; write {key} = "..."')


def _tuple(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        raise ProfileError(f"{key} must be a list of strings; write {key} = [{value!r}]")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f'{key} must be a list of strings, not {value!r}; write {key} = ["..."]')
    return tuple(value)


def _prefer(data: dict[str, Any]) -> dict[str, str]:
    prefer = data.get("prefer", {})
    if not isinstance(prefer, dict):
        raise ProfileError('prefer must be a table; write [prefer], then title = "h1" below it')
    for field_name, css in prefer.items():
        if field_name not in SELECTOR_FIELDS:
            hint = did_you_mean(field_name, SELECTOR_FIELDS)
            raise ProfileError(f"unknown key prefer.{field_name}; {hint}")
        if not isinstance(css, str):
            raise ProfileError(f"prefer.{field_name} must be a CSS selector string, not {css!r}")
        check_selector(css, f"prefer.{field_name}")
    return dict(prefer)


def _check_keys(data: dict[str, Any]) -> None:
    for key in data:
        if key not in KNOWN_KEYS:
            raise ProfileError(f"unknown key {key!r}; {did_you_mean(key, KNOWN_KEYS)}")
    if "home_url" not in data:
        raise ProfileError("missing required key 'home_url'; write home_url = \"https://...\"")


def _build(data: dict[str, Any]) -> SiteProfile:
    _check_keys(data)
    home = check_url(_text(data, "home_url") or "", "home_url")
    name = _text(data, "name")
    if name is not None and not name.strip():
        raise ProfileError('name must not be empty; write name = "mysite" or leave it out')
    profile = SiteProfile(
        name=name or site_key(home),
        home_url=home,
        domains=_tuple(data, "domains") or generic_profile(home).domains,
        timezone=check_zone(_text(data, "timezone") or DEFAULT_TIMEZONE),
        language=_text(data, "language"),
        start_urls=_tuple(data, "start_urls"),
        sitemaps=_tuple(data, "sitemaps"),
        feeds=_tuple(data, "feeds"),
        article_url_pattern=_text(data, "article_url_pattern"),
        listing_url_pattern=_text(data, "listing_url_pattern"),
        prefer=_prefer(data),
        remove=tuple(check_selector(c, "remove") for c in _tuple(data, "remove")),
        health=_health(data.get("health", {})),
        redirect_origins=_tuple(data, "redirect_origins"),
    )
    for key in URL_KEYS:
        for url in getattr(profile, key):
            check_url(url, key)
    for key in ("article_url_pattern", "listing_url_pattern"):
        try:
            re.compile(getattr(profile, key) or "")
        except re.error as exc:
            raise ProfileError(
                f"{key} is not a valid regular expression ({exc}); "
                "in TOML write it in single quotes, such as '/news/\\d+$'"
            ) from None
    return profile


def profile_from_dict(data: dict[str, Any], *, source: str = "<dict>") -> SiteProfile:
    """Build and check a profile; raises :class:`ProfileError` naming ``source``.

    Every key is checked when the profile is loaded: unknown keys (with the
    closest known one), types, CSS selectors, regular expressions, the time
    zone and URLs, so that a mistake is one line before the crawl, not an error
    on every page.

    >>> profile_from_dict({"home_url": "https://a.bd/", "domain": ["a.bd"]}, source="a.toml")
    Traceback (most recent call last):
    ...
    newscrawler.profiles.ProfileError: a.toml: unknown key 'domain'; did you mean 'domains'?
    """
    try:
        return _build(data)
    except ProfileError as exc:
        raise ProfileError(f"{source}: {exc}") from None


def _health(table: Any) -> dict[str, float]:
    """The ``[health]`` table: threshold overrides, checked against the known names."""
    from newscrawler.health.verdict import Thresholds

    if not isinstance(table, dict):
        raise ProfileError("[health] must be a table of thresholds, e.g. fail_drop = 0.5")
    try:
        Thresholds.from_mapping(table, source="[health]")
    except ValueError as exc:
        raise ProfileError(str(exc)) from None
    return dict(table)


def load_profile(path: str | Path) -> SiteProfile:
    """Load a profile from a TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"{path}: {exc}") from None
    return profile_from_dict(data, source=str(path))


def builtin_profiles() -> dict[str, SiteProfile]:
    """The profiles shipped in ``newscrawler/sites``, by name."""
    profiles = (load_profile(p) for p in sorted(SITES_DIR.glob("*.toml")))
    return {p.name: p for p in profiles}


def profile_for(name_or_url: str) -> SiteProfile:
    """A shipped profile by name, the shipped profile serving a URL, or a generic one.

    A shipped profile serves a URL on one of its domains and on its home URL's
    port: ``http://127.0.0.1:8123/`` is not the sample site of
    ``http://127.0.0.1:8000/`` but a site keyed ``127.0.0.1:8123``. When a URL
    picks a shipped profile, the URL becomes the home URL: the user asked to
    start there (a section front page, the other scheme).

    >>> profile_for("https://www.prothomalo.com/bangladesh").name
    'prothomalo'
    >>> profile_for("http://127.0.0.1:8000/").name, profile_for("http://127.0.0.1:8123/").name
    ('samplesite', '127.0.0.1:8123')
    """
    profiles = builtin_profiles()
    if name_or_url in profiles:
        return profiles[name_or_url]
    parts = urlsplit(name_or_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        known = ", ".join(sorted(profiles))
        raise ProfileError(
            f"{name_or_url!r} is neither an http(s) URL nor a shipped profile ({known})"
        )
    for profile in profiles.values():
        if profile.allows(name_or_url) and port_of(name_or_url) == port_of(profile.home_url):
            return replace(profile, home_url=name_or_url)
    return generic_profile(name_or_url)


def crawl_profiles(
    starts: Iterable[str], profile_path: str | Path | None = None
) -> list[SiteProfile]:
    """The profiles of a crawl: the ``--profile`` file first, then each start (URL or name).

    Raises :class:`ProfileError` when there is none or one cannot be loaded.
    """
    profiles = [load_profile(profile_path)] if profile_path else []
    profiles += [profile_for(s.strip()) for s in starts if s.strip()]
    if not profiles:
        raise ProfileError("give a home URL or profile: -a start=https://site.example/")
    return profiles


def crawl_key(profiles: Sequence[SiteProfile]) -> str:
    """The site key of a crawl: its profiles' names, sorted, joined by ``+``.

    Crawl runs are recorded, scheduled crawls locked and job directories kept
    under it, so ``a+b`` is the same crawl whichever order the sites were given in.

    >>> crawl_key([generic_profile("https://b.com/"), generic_profile("https://a.com/")])
    'a.com+b.com'
    """
    return "+".join(sorted({p.name for p in profiles}))
