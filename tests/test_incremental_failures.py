"""FailureLog: the outcome of each tracked request, and the back-off rows of the failed ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from twisted.internet.error import ConnectionLost, DNSLookupError
from twisted.internet.error import TimeoutError as TwistedTimeoutError

from newscrawler.incremental.failures import FailureLog, first_url, outcome_of

SITEMAP = "http://news.test/sitemap.xml"
PAGE = "http://news.test/bad/page"
NOW = datetime(2026, 1, 5, tzinfo=UTC)


def request(url: str = PAGE, kind: str = "article", **meta: object) -> Request:
    made = Request(url, meta={"kind": kind, "site": "news.test", **meta})
    made.headers[b"Referer"] = SITEMAP
    return made


@pytest.mark.parametrize(
    ("kind", "status", "body", "expected"),
    [
        ("article", 200, b"<html>", "ok"),
        ("article", 404, b"", "failed"),
        ("article", 410, b"", "failed"),
        ("article", 503, b"", "transient"),
        ("article", 429, b"", "transient"),
        ("article", 403, b"", "other"),
        ("sitemap", 200, b"<?xml version='1.0'?><urlset/>", "ok"),
        ("sitemap", 200, b"<!DOCTYPE html><html><body>soon</body></html>", "failed"),
        ("feed", 200, b"\n<html lang='bn'>", "failed"),
        ("article", 200, b"<!DOCTYPE html>", "ok"),  # an HTML article page is fine
    ],
)
def test_outcome_of(kind: str, status: int, body: bytes, expected: str) -> None:
    made = request(kind=kind)
    assert outcome_of(made, Response(PAGE, status=status, body=body, request=made)) == expected


def test_first_url_is_before_redirects() -> None:
    assert first_url(request("http://news.test/b", redirect_urls=[PAGE])) == PAGE
    assert first_url(request()) == PAGE


@pytest.mark.parametrize(
    ("exception", "redirected", "expected"),
    [
        (ConnectionLost(), False, ["failed"]),
        (DNSLookupError(), False, ["failed"]),
        (TwistedTimeoutError(), False, ["transient"]),  # type: ignore[no-untyped-call]
        (TimeoutError(), False, ["transient"]),
        (IgnoreRequest("robots.txt"), False, []),  # never sent: no outcome at all
        (IgnoreRequest("offsite"), True, ["failed"]),  # a redirect to somewhere not crawled
    ],
)
def test_exceptions(exception: Exception, redirected: bool, expected: list[str]) -> None:
    log = FailureLog()
    sent = request()
    log.request_sent(sent)
    final = request("http://elsewhere.test/x", redirect_urls=[PAGE]) if redirected else sent
    log.request_failed(final, exception)
    assert [log.outcomes.get(url, "failed") for url in log.sent] == expected


def test_a_redirect_that_led_nowhere_failed() -> None:
    log = FailureLog()
    log.request_sent(request())  # /bad/page -> /bad/loop, dropped as a duplicate: no answer
    log.request_sent(request("http://news.test/fine"))
    ok = request("http://news.test/fine")
    log.response_received(ok, Response(ok.url, status=200, request=ok))
    assert log.failed() == [PAGE]


def test_only_retryable_failures_void_their_sitemap() -> None:
    log = FailureLog(backoff=86400)
    for url, status in ((PAGE, 404), ("http://news.test/busy", 503)):
        made = request(url)
        made.headers[b"Referer"] = url + ".xml"
        log.request_sent(made)
        log.response_received(made, Response(url, status=status, request=made))
    assert log.void_sources() == {"http://news.test/busy.xml"}
    # without a back-off every failure is retried next crawl: both sitemaps are read in full
    log.backoff = 0
    assert log.void_sources() == {PAGE + ".xml", "http://news.test/busy.xml"}


@pytest.mark.parametrize(("failures", "days"), [(1, 1), (2, 2), (3, 4), (6, 30), (60, 30)])
def test_failure_row_backs_off_doubling(failures: int, days: int) -> None:
    log = FailureLog(backoff=86400, backoff_max=30 * 86400)
    log.request_sent(request(lastmod=NOW - timedelta(days=3)))
    row = log.failure_row(PAGE, failures, NOW)
    assert row is not None
    assert row["expires_at"] == NOW + timedelta(days=days)
    assert row["failures"] == failures and row["fetched_at"] == NOW
    assert row["lastmod"] == NOW - timedelta(days=3)
    assert log.expiring == {SITEMAP: NOW + timedelta(days=days)}  # its sitemap expires with it


def test_no_backoff_no_row() -> None:
    log = FailureLog(backoff=0)
    log.request_sent(request())
    assert log.failure_row(PAGE, 1, NOW) is None


def test_a_sitemap_expires_with_its_first_entry_to_retry() -> None:
    log = FailureLog()
    later, sooner = NOW + timedelta(days=4), NOW + timedelta(days=1)
    log.entry_backing_off(request(), later)
    log.entry_backing_off(request("http://news.test/other"), sooner)
    log.entry_backing_off(request("http://news.test/third"), None)
    assert log.expiring == {SITEMAP: sooner}
