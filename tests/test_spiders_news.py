"""The news spider's arguments and its ``--max-articles`` budget."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawler.items import ArticleItem
from newscrawler.spiders.news import NewsSpider

REPO = Path(__file__).resolve().parents[1]


def make_spider(**kwargs: str) -> NewsSpider:
    crawler = get_crawler(NewsSpider)
    spider = NewsSpider.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    return spider


def emitted(spider: NewsSpider) -> int:
    return len(list(spider.emit(ArticleItem(url="https://a.bd/1"))))


def test_max_articles_counts_articles_stored_not_yielded() -> None:
    spider = make_spider(start="https://a.bd/", max_articles="1")
    send = spider.crawler.signals.send_catch_log
    item, drop = ArticleItem(url="https://a.bd/1"), DropItem("out_of_window")
    assert emitted(spider) == 1
    assert emitted(spider) == 0  # the first is still in the pipelines
    send(signals.item_dropped, item=item, response=None, exception=drop, spider=spider)
    assert not spider.full
    assert emitted(spider) == 1  # the dropped article freed its place
    send(signals.item_scraped, item=item, response=None, spider=spider)
    assert spider.full
    assert emitted(spider) == 0
    stats = spider.crawler.stats.get_stats()
    assert stats["pages/skipped/max_articles"] == 2
    assert not any(k.startswith("pages/dropped/") for k in stats)


def test_without_max_articles_every_article_is_yielded() -> None:
    spider = make_spider(start="https://a.bd/")
    assert sum(emitted(spider) for _ in range(5)) == 5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": "https://a.bd/", "max_articles": "abc"}, "-a max_articles='abc' is not a whole"),
        ({"start": "https://a.bd/", "max_articles": "0"}, "-a max_articles='0' is not a whole"),
        ({}, "give a home URL or profile: -a start="),
        ({"start": "https://a.bd/", "since": "yesterday"}, "'yesterday' is not a date"),
        ({"start": "ftp://x"}, "'ftp://x' is neither an http(s) URL nor a shipped profile"),
    ],
)
def test_bad_spider_arguments_are_one_logged_line_and_exit_2(
    kwargs: dict[str, str], message: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR), pytest.raises(SystemExit) as info:
        make_spider(**kwargs)
    assert info.value.code == 2
    assert [r.getMessage() for r in caplog.records if message in r.getMessage()]


@pytest.mark.slow
def test_plain_scrapy_reports_a_bad_argument_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "start=ftp://x"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=None,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1 and "neither an http(s) URL" in errors[0]


def test_no_callback_is_a_generator_returning_a_value() -> None:
    # What Scrapy's WARN_ON_GENERATOR_RETURN_VALUE checks (switched off in the settings).
    from scrapy.utils.misc import is_generator_with_return_value

    spider = make_spider(start="https://a.bd/")
    callbacks = [getattr(spider, name) for name in dir(NewsSpider) if name.startswith("parse")]
    assert len(callbacks) >= 4
    assert [c.__name__ for c in callbacks if is_generator_with_return_value(c)] == []
