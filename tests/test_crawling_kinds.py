"""Request kinds: the spider tags every request; readers accept the plain strings too."""

from __future__ import annotations

import pickle

from scrapy.http import Request

from newscrawler.crawling.kinds import RequestKind, kind_of, request_kind
from newscrawler.spiders.news import NewsSpider


def test_every_request_of_the_spider_has_a_kind() -> None:
    spider = NewsSpider(start="https://a.com/")
    [profile] = spider.profiles
    requests = [
        *spider.discover(profile),
        spider.sitemap_request("https://a.com/sitemap.xml", profile),
        spider.feed_request("https://a.com/feed", profile),
        spider.article_request("https://a.com/news/123456", profile),
    ]
    kinds = [r.meta["kind"] for r in requests if r is not None]
    assert all(isinstance(k, RequestKind) for k in kinds)
    assert set(kinds) == set(RequestKind)


def test_plain_strings_and_pickled_requests_keep_their_kind() -> None:
    # Requests in a job directory written before the enum carry plain strings.
    assert request_kind({"kind": "article"}) is RequestKind.ARTICLE
    assert request_kind({"kind": "image"}) is None and request_kind({"kind": 3}) is None
    request = Request("https://a.com/1", meta={"kind": RequestKind.SITEMAP})
    restored = pickle.loads(pickle.dumps(request.meta))
    assert restored["kind"] is RequestKind.SITEMAP and restored["kind"] == "sitemap"
    assert kind_of(request) is RequestKind.SITEMAP and kind_of(object()) is None
