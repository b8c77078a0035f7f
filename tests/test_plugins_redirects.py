"""Redirects stay on the site's own origins unless the profile allows others."""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from newscrawler.plugins.redirects import OriginRedirectMiddleware
from newscrawler.profiles import SiteProfile

HOME = "http://127.0.0.1:8123/"


class ProfiledSpider(Spider):
    name = "news"
    profile = SiteProfile(
        "local", HOME, domains=("127.0.0.1",), redirect_origins=("https://cdn.example.com",)
    )

    def profile_of(self, url: str) -> SiteProfile:
        return self.profile


def middleware() -> OriginRedirectMiddleware:
    crawler = get_crawler(ProfiledSpider)
    crawler.spider = ProfiledSpider()
    return OriginRedirectMiddleware.from_crawler(crawler)


def redirected(target: str, first: str = HOME + "news/1") -> Request:
    return Request(target, meta={"redirect_urls": [first]})


@pytest.mark.parametrize(
    "target",
    [
        HOME + "bangladesh/2026/1",  # same origin
        "http://127.0.0.1/x",  # a site host on the default port
        "https://127.0.0.1/x",  # http -> https on the site
        "https://cdn.example.com/a",  # allowed by the profile
    ],
)
def test_redirects_on_the_sites_origins_are_followed(target: str) -> None:
    assert middleware().process_request(redirected(target)) is None


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:9999/admin",  # the same host on another port
        "http://evil.example/",  # another host
        "ftp://127.0.0.1/x",
    ],
)
def test_redirects_elsewhere_are_dropped_and_counted(target: str) -> None:
    mw = middleware()
    with pytest.raises(IgnoreRequest):
        mw.process_request(redirected(target))
    assert mw.stats.get_value("redirect/refused_origin") == 1


def test_requests_that_were_not_redirected_pass() -> None:
    assert middleware().process_request(Request("http://elsewhere.example/")) is None
