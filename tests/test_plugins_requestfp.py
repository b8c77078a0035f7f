"""The canonical-URL request fingerprinter and Scrapy's duplicate filter."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.dupefilters import RFPDupeFilter

from newscrawler.plugins.requestfp import CanonicalRequestFingerprinter
from tests.scrapy_support import get_crawler

SETTINGS = {
    "REQUEST_FINGERPRINTER_CLASS": "newscrawler.plugins.requestfp.CanonicalRequestFingerprinter"
}
ARTICLE = "https://www.example.com/news/123"


@pytest.mark.parametrize(
    "variant",
    [
        ARTICLE + "?utm_source=facebook&fbclid=x",
        ARTICLE + "#comments",
        ARTICLE + "/amp",
        ARTICLE + "?amp=1",
        "https://www.example.com/amp/news/123",
        "HTTPS://WWW.EXAMPLE.COM:443/news/123",
    ],
)
def test_variants_share_a_fingerprint(variant: str) -> None:
    printer = CanonicalRequestFingerprinter()
    assert printer.fingerprint(Request(variant)) == printer.fingerprint(Request(ARTICLE))


@pytest.mark.parametrize(
    "other",
    ["https://www.example.com/news/124", ARTICLE + "?page=2", "https://other.com/news/123"],
)
def test_different_articles_differ(other: str) -> None:
    printer = CanonicalRequestFingerprinter()
    assert printer.fingerprint(Request(other)) != printer.fingerprint(Request(ARTICLE))


def test_method_and_body_still_count() -> None:
    printer = CanonicalRequestFingerprinter()
    post = Request(ARTICLE, method="POST", body=b"a=1")
    assert printer.fingerprint(post) != printer.fingerprint(Request(ARTICLE))


def test_variants_setting_off() -> None:
    crawler = get_crawler(settings_dict={**SETTINGS, "DEDUPE_URL_VARIANTS": False})
    printer = crawler.request_fingerprinter
    assert printer.fingerprint(Request(ARTICLE + "/amp")) != printer.fingerprint(Request(ARTICLE))
    assert printer.fingerprint(Request(ARTICLE + "?utm_source=x")) == printer.fingerprint(
        Request(ARTICLE)
    )


def test_scrapy_duplicate_filter_uses_it() -> None:
    crawler = get_crawler(settings_dict=SETTINGS)
    assert isinstance(crawler.request_fingerprinter, CanonicalRequestFingerprinter)
    dupefilter = RFPDupeFilter.from_crawler(crawler)
    assert not dupefilter.request_seen(Request(ARTICLE + "?utm_campaign=x"))
    assert dupefilter.request_seen(Request(ARTICLE + "/amp"))
    assert not dupefilter.request_seen(Request("https://www.example.com/news/999"))
