"""A request fingerprinter that sees canonical URLs (``REQUEST_FINGERPRINTER_CLASS``).

Scrapy's duplicate filter, HTTP cache and other components identify a request
by its fingerprint. This one fingerprints the request as if it were made to
:func:`~newscrawler.text.urls.canonical_url` of its address, so
``?utm_source=x``, ``#comments``, ``/amp`` and ``m.`` variants of an article
are one request: the first is fetched, the others are filtered. The request
itself still goes to the address it was made with.

Settings: ``DEDUPE_URL_VARIANTS`` (default True: map AMP/print/mobile variants;
False keeps only tracking, ordering and encoding rules).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.request import fingerprint

from newscrawler.text.urls import canonical_url


class CanonicalRequestFingerprinter:
    """Scrapy's default fingerprint (method, URL, body) over the canonical URL."""

    def __init__(self, variants: bool = True) -> None:
        self.variants = variants
        self._cache: WeakKeyDictionary[Request, bytes] = WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CanonicalRequestFingerprinter:
        return cls(crawler.settings.getbool("DEDUPE_URL_VARIANTS"))

    def fingerprint(self, request: Request) -> bytes:
        if request not in self._cache:
            canonical = canonical_url(request.url, variants=self.variants)
            if canonical is not None and canonical != request.url:
                as_canonical = request.replace(url=canonical)
                self._cache[request] = fingerprint(as_canonical)
            else:
                self._cache[request] = fingerprint(request)
        return self._cache[request]
