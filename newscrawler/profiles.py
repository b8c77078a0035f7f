"""Site profiles: small declarative TOML files of optional hints for one site.

A profile never holds code. The generic spider works without one; a profile
only adds what data can say: where to start, which URLs are articles, which
selectors to prefer or remove, and the site's time zone. Profiles shipped with
the package live in ``newscrawler/sites/*.toml``; ``--profile PATH`` loads any
other file. See README, "Site profiles", for the format.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

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
    timezone: str = "Asia/Dhaka"
    language: str = "bn"
    start_urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    article_url_pattern: str | None = None
    listing_url_pattern: str | None = None
    prefer: dict[str, str] = field(default_factory=dict)
    remove: tuple[str, ...] = ()
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


DEFAULT_PORTS = {"http": 80, "https": 443}


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


def site_key(url: str) -> str:
    """A short site key from a URL's host.

    >>> site_key("https://www.prothomalo.com/bangladesh")
    'prothomalo.com'
    >>> site_key("http://127.0.0.1:8123/")
    '127.0.0.1:8123'
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}:{parts.port}" if parts.port else host


def generic_profile(home_url: str) -> SiteProfile:
    """The profile of a site we know nothing about but its home URL."""
    host = (urlsplit(home_url).hostname or "").lower()
    return SiteProfile(
        name=site_key(home_url), home_url=home_url, domains=(host.removeprefix("www."),)
    )


def _tuple(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"{key!r} must be a string or a list of strings")
    return tuple(value)


def profile_from_dict(data: dict[str, Any], *, source: str = "<dict>") -> SiteProfile:
    """Build and check a profile; raises :class:`ProfileError` naming ``source``."""
    try:
        home = data["home_url"]
        name = data.get("name") or site_key(home)
        prefer = data.get("prefer", {})
        unknown = set(prefer) - set(SELECTOR_FIELDS)
        if unknown:
            raise ProfileError(f"unknown [prefer] fields {sorted(unknown)}")
        profile = SiteProfile(
            name=name,
            home_url=home,
            domains=_tuple(data, "domains") or generic_profile(home).domains,
            timezone=data.get("timezone", "Asia/Dhaka"),
            language=data.get("language", "bn"),
            start_urls=_tuple(data, "start_urls"),
            sitemaps=_tuple(data, "sitemaps"),
            feeds=_tuple(data, "feeds"),
            article_url_pattern=data.get("article_url_pattern"),
            listing_url_pattern=data.get("listing_url_pattern"),
            prefer=dict(prefer),
            remove=_tuple(data, "remove"),
            redirect_origins=_tuple(data, "redirect_origins"),
        )
        _ = profile.article_re, profile.listing_re  # compile now to report bad regexes
    except KeyError as exc:
        raise ProfileError(f"{source}: missing required key {exc}") from None
    except (ProfileError, re.error, TypeError) as exc:
        raise ProfileError(f"{source}: {exc}") from None
    return profile


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
    """A shipped profile by name, the shipped profile for a URL's host, or a generic one.

    When a URL picks a shipped profile by its host, the URL becomes the home URL:
    the user asked to start there (another port, a section front page).
    """
    profiles = builtin_profiles()
    if name_or_url in profiles:
        return profiles[name_or_url]
    if "://" not in name_or_url:
        raise ProfileError(f"no site profile named {name_or_url!r} and it is not a URL")
    for profile in profiles.values():
        if profile.allows(name_or_url):
            return replace(profile, home_url=name_or_url)
    return generic_profile(name_or_url)
