"""The log formatter: a dropped article is one short line naming the reason, not the item."""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.spiders import Spider

from newscrawler.items import ArticleItem
from newscrawler.plugins.logformatter import LogFormatter
from tests.scrapy_support import get_crawler


def test_a_dropped_item_is_logged_by_its_reason_only() -> None:
    body = "বৃষ্টি " * 5000
    item = ArticleItem(url="https://a.com/1", title="শিরোনাম", body=body)
    response = HtmlResponse("https://a.com/1", body=b"<html></html>")
    exception = DropItem("short_body: https://a.com/1")
    spider = Spider.from_crawler(get_crawler(), "news")
    result = LogFormatter().dropped(item, exception, response, spider)
    line = result["msg"] % result["args"]
    assert line == "Dropped: short_body: https://a.com/1"
    assert body not in line and "বৃষ্টি" not in str(result["args"])
    assert (
        result["level"] == Spider("news").logger.logger.level or result["level"]
    )  # a level is kept
