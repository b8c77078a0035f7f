"""One crawl run's stats -> the health figures of each site it crawled.

Pure functions over the stats dict the storage pipeline stores with each run
(see :mod:`newscrawler.health.tally` for the keys).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Fields whose presence is a share of the stored articles (published counts apart).
FIELDS = ("title", "body", "authors", "section")
# Upper bounds (characters) of the body-length histogram: steps of 20% from 50
# characters (a median read from it is within 10% of the true one); the last
# bucket catches the rest.
BODY_BUCKETS = (*(round(50 * 1.2**i) for i in range(39)), 10**9)
PREFIX = "health/"
# Run-level stats that say why a page or item did not become an article.
DROP_PREFIXES = ("pages/dropped/", "pages/failed/", "validate/dropped/")


def body_bucket(chars: int) -> int:
    """The histogram bucket of a body of ``chars`` characters (its upper bound).

    >>> body_bucket(0), body_bucket(450), body_bucket(10**6)
    (50, 535, 1000000000)
    """
    return next(b for b in BODY_BUCKETS if chars <= b)


def median_from_histogram(counts: Mapping[int, int]) -> float | None:
    """The median of values binned by upper bound, interpolated within its bin.

    >>> median_from_histogram({500: 1, 800: 2, 1200: 1})
    650.0
    """
    total = sum(counts.values())
    if not total:
        return None
    half, seen, lower = total / 2, 0, 0
    for bound in sorted(counts):
        n = counts[bound]
        if n and seen + n >= half:
            upper = bound if bound < BODY_BUCKETS[-1] else lower * 2 or 1
            return round(lower + (upper - lower) * (half - seen) / n, 1)
        seen, lower = seen + n, bound
    return None


def drop_kind(reason: str) -> str:
    """The category of a drop reason, as health reports it.

    >>> drop_kind("blocked/cloudflare-managed-challenge"), drop_kind("http_404")
    ('blocked', 'http_error')
    """
    if reason.startswith("blocked"):
        return "blocked"
    if reason.startswith("http_") or reason in ("timeout", "connection", "dns"):
        return "http_error"
    if reason in ("not_article", "not_html"):
        return "not_article"
    if reason in ("short_body", "too_short"):
        return "too_short"
    return reason.split("/")[0]


@dataclass
class SiteFigures:
    """What one crawl run did for one site. Shares are of ``articles`` (0-1)."""

    site: str
    pages: int = 0
    articles: int = 0
    shares: dict[str, float] = field(default_factory=dict)
    published_from: dict[str, float] = field(default_factory=dict)
    median_body_chars: float | None = None
    dropped: dict[str, int] = field(default_factory=dict)
    dropped_share: dict[str, float] = field(default_factory=dict)
    repeats_share: float | None = None
    examples: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def site_stats(stats: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """``health/<site>/<key>`` stats grouped by site.

    >>> site_stats({"health/a/pages": 3, "health/a/with/title": 2, "other": 1})
    {'a': {'pages': 3, 'with/title': 2}}
    """
    grouped: dict[str, dict[str, Any]] = {}
    for key, value in stats.items():
        if key.startswith(PREFIX):
            site, _, rest = key[len(PREFIX) :].partition("/")
            grouped.setdefault(site, {})[rest] = value
    return grouped


def figures(stats: Mapping[str, Any]) -> dict[str, SiteFigures]:
    """The figures of every site a run's stats count."""
    grouped = site_stats(stats)
    result = {site: _site(site, values) for site, values in grouped.items()}
    if len(result) == 1:  # a one-site run: its run-level drop reasons are that site's
        only = next(iter(result.values()))
        for key, value in stats.items():
            if key.startswith(DROP_PREFIXES) and not key.endswith("max_articles"):
                reason = key.split("/", 2)[2]
                only.dropped.setdefault(reason, int(value))
        _drop_shares(only)
        items = int(stats.get("repeats/items") or 0)
        if items:
            only.repeats_share = round(int(stats.get("repeats/items_changed") or 0) / items, 4)
    return result


def _site(site: str, values: Mapping[str, Any]) -> SiteFigures:
    articles = int(values.get("articles") or 0)
    out = SiteFigures(site, pages=int(values.get("pages") or 0), articles=articles)
    published = {k[10:]: int(v) for k, v in values.items() if k.startswith("published/")}
    if articles:
        for name in FIELDS:
            out.shares[name] = round(int(values.get(f"with/{name}") or 0) / articles, 4)
        out.shares["published"] = round(sum(published.values()) / articles, 4)
        out.published_from = {k: round(v / articles, 4) for k, v in sorted(published.items())}
    histogram = {int(k[11:]): int(v) for k, v in values.items() if k.startswith("body_chars/")}
    out.median_body_chars = median_from_histogram(histogram)
    out.dropped = {k[8:]: int(v) for k, v in values.items() if k.startswith("dropped/")}
    _drop_shares(out)
    for key, url in sorted(values.items()):
        if key.startswith("missing/"):
            out.examples.setdefault(key.split("/")[1], []).append(str(url))
    return out


def _drop_shares(out: SiteFigures) -> None:
    """Dropped pages by category, as shares of the pages fetched."""
    kinds: dict[str, int] = {}
    for reason, n in out.dropped.items():
        kinds[drop_kind(reason)] = kinds.get(drop_kind(reason), 0) + n
    denominator = max(out.pages, out.articles + sum(kinds.values()), 1)
    out.dropped_share = {k: round(n / denominator, 4) for k, n in sorted(kinds.items())}
