"""Failed fetches in an incremental crawl: which URLs to back off, which sitemaps to expire.

:class:`FailureLog` follows every article, sitemap and feed request that
:class:`~newscrawler.incremental.middleware.IncrementalMiddleware` lets through, by the
URL first requested (a redirect keeps its origin), to one outcome:

* ``ok``: a ``200`` page (also at the end of a redirect);
* ``failed``: ``404``/``410``, a connection error left after the retries
  (reset, refused, DNS, a page over ``DOWNLOAD_MAXSIZE``), a redirect that led
  nowhere (a loop, an offsite target), an HTML page where a sitemap or feed
  should be. Such a URL is not requested again until its back-off expires;
* ``transient``: ``5xx``, ``429`` or a timeout: worth trying again next crawl,
  so the sitemap or feed that listed the URL is read in full next time.

A sitemap or feed whose entries are backing off keeps its validators only
until the first of those back-offs expires (:attr:`FailureLog.expiring`), so
the entries are read, and tried, again then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from twisted.internet.error import TimeoutError as TwistedTimeoutError

from newscrawler.crawling.kinds import DISCOVERY_KINDS, RequestKind, request_kind
from newscrawler.incremental.freshness import backoff_expiry, looks_like_html
from storage import fetchstate
from storage.db import Database
from storage.types import utcnow

TRACKED_KINDS = frozenset({RequestKind.ARTICLE, *DISCOVERY_KINDS})
GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True)
class Sent:
    """What a tracked request was: enough to write its ``fetch_state`` row."""

    kind: RequestKind
    site: str | None
    lastmod: datetime | None
    referer: str


def first_url(request: Request) -> str:
    """The URL a request was first made for (before any redirect)."""
    redirects = request.meta.get("redirect_urls") or [request.url]
    return str(redirects[0])


def outcome_of(request: Request, response: Response) -> str:
    """``ok``, ``failed``, ``transient`` or ``other`` (no verdict: a 403, ...) for a response."""
    status = response.status
    if status == 200:
        discovery = request_kind(request.meta) in DISCOVERY_KINDS
        return "failed" if discovery and looks_like_html(response.body) else "ok"
    if status in GONE_STATUSES:
        return "failed"
    if status >= 500 or status == 429:
        return "transient"
    return "other"


class FailureLog:
    """Outcomes of the tracked requests of one crawl (see the module doc)."""

    def __init__(self, backoff: float = 86400.0, backoff_max: float | None = None) -> None:
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.sent: dict[str, Sent] = {}
        self.outcomes: dict[str, str] = {}
        # sitemap/feed URL -> the earliest back-off expiry of the entries it listed
        self.expiring: dict[str, datetime] = {}

    def request_sent(self, request: Request) -> None:
        kind = request_kind(request.meta)
        key = first_url(request)
        if kind in TRACKED_KINDS and key not in self.sent:
            referer = request.headers.get(b"Referer")
            lastmod = request.meta.get("lastmod")
            self.sent[key] = Sent(
                kind,
                request.meta.get("site"),
                lastmod if isinstance(lastmod, datetime) else None,
                referer.decode("latin-1") if referer else "",
            )

    def response_received(self, request: Request, response: Response) -> str:
        """Note the outcome of a response (tracked requests only) and return it."""
        outcome = outcome_of(request, response)
        self.request_sent(request)
        if first_url(request) in self.sent:
            self.outcomes[first_url(request)] = outcome
        return outcome

    def request_failed(self, request: Request, exception: BaseException) -> None:
        key = first_url(request)
        if isinstance(exception, IgnoreRequest) and not request.meta.get("redirect_urls"):
            self.sent.pop(key, None)  # a middleware chose not to send it (robots.txt, offsite)
            return
        self.request_sent(request)
        if key not in self.sent:
            return
        if isinstance(exception, (TimeoutError, TwistedTimeoutError)):
            self.outcomes[key] = "transient"
        else:
            self.outcomes[key] = "failed"

    def entry_backing_off(self, request: Request, expires_at: datetime | None) -> None:
        """An entry of a sitemap/feed (its ``Referer``) was skipped: it backs off until then."""
        referer = request.headers.get(b"Referer")
        if expires_at is not None:
            self.expire_source(referer.decode("latin-1") if referer else "", expires_at)

    def expire_source(self, source: str, expires_at: datetime) -> None:
        if source not in self.expiring or expires_at < self.expiring[source]:
            self.expiring[source] = expires_at

    def failed(self) -> list[str]:
        """URLs that failed, or whose redirects led nowhere (no outcome), in request order."""
        return [url for url in self.sent if self.outcomes.get(url, "failed") == "failed"]

    def void_sources(self) -> set[str]:
        """Sitemaps/feeds (``""``: unknown) to read in full next time: an entry may be retried."""
        retried = {"transient"} if self.backoff > 0 else {"transient", "failed"}
        return {
            sent.referer
            for url, sent in self.sent.items()
            if sent.kind == RequestKind.ARTICLE and self.outcomes.get(url, "failed") in retried
        }

    def failure_row(self, url: str, failures: int, now: datetime) -> dict[str, Any] | None:
        """The ``fetch_state`` row of a URL that failed ``failures`` times running, or ``None``.

        Also sets the expiry of the sitemap/feed that listed it.
        """
        expires_at = backoff_expiry(failures, now, self.backoff, self.backoff_max)
        if expires_at is None:
            return None
        sent = self.sent[url]
        if sent.kind == RequestKind.ARTICLE:
            self.expire_source(sent.referer, expires_at)
        return {
            "url": url,
            "site": sent.site,
            "lastmod": sent.lastmod,
            "fetched_at": now,
            "failures": failures,
            "expires_at": expires_at,
        }


def save_failures(db: Database, log: FailureLog, is_stored: Callable[[str], bool]) -> int:
    """Save the back-off of every URL that failed in ``log`` and is not a stored article."""
    now, rows = utcnow(), []
    for url in log.failed():
        if is_stored(url):
            continue
        previous = fetchstate.validators(db, url)
        failures = (previous.failures or 0) + 1 if previous is not None else 1
        row = log.failure_row(url, failures, now)
        if row is not None:
            rows.append(row)
    return fetchstate.save_fetch_states(db, rows)
