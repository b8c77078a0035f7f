from __future__ import annotations

from scrapy.utils.misc import build_from_crawler

from newscrawler.items import ArticleItem
from newscrawler.pipelines.normalise import NormalisePipeline
from tests.scrapy_support import get_crawler


def test_every_text_field_is_cleaned() -> None:
    crawler = get_crawler()
    pipeline = build_from_crawler(NormalisePipeline, crawler)
    item = ArticleItem(
        url="https://example.bd/a/1",
        title="  নতুন\u09df  আইন\r\n",
        body="\ufeffপ্রথম\r\nলাইন\r\n\r\n\r\nদ্বিতী\u09af\u09bc",
        authors=[" নিজস্ব  প্রতিবেদক ", "নিজস্ব প্রতিবেদক", " "],
        tags=["রাজনীতি\u200b", ""],
        section=" জাতীয় ",
    )
    out = pipeline.process_item(item)
    assert out.title == "নতুন\u09af\u09bc আইন"
    assert out.body == "প্রথম লাইন\n\nদ্বিতী\u09af\u09bc"
    assert out.authors == ["নিজস্ব প্রতিবেদক"]
    assert out.tags == ["রাজনীতি"]
    assert out.section == "জাতীয়"
    assert crawler.stats.get_value("normalise/items") == 1


def test_empty_fields_become_none() -> None:
    pipeline = build_from_crawler(NormalisePipeline, get_crawler())
    out = pipeline.process_item(ArticleItem(url="u", title="\u200b ", body=" \n\n "))
    assert out.title is None and out.body is None
