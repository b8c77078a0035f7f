"""Tags are topic links a reader sees; structured keywords nobody sees are not tags."""

from __future__ import annotations

from newscrawler.extract.dom import parse
from newscrawler.extract.tags import extract_tags

ARTICLE = {"@type": "NewsArticle", "keywords": "দূতাবাস,অভিবাসন,লিবিয়া"}


def tags_of(body: str) -> list[str]:
    page = parse(f"<html><body><h1>খবর</h1>{body}</body></html>")
    assert page is not None
    return extract_tags(ARTICLE, page.root, [])


def test_keywords_no_reader_sees_are_not_tags() -> None:
    assert tags_of("<p>দূতাবাস জানায়, অভিবাসনপ্রত্যাশীরা লিবিয়া থেকে রওনা দেন।</p>") == []


def test_keywords_shown_as_links_are_tags_in_keyword_order() -> None:
    body = '<p>খবর</p><div><a href="/t/2">লিবিয়া</a> <a href="/t/1">দূতাবাস</a></div>'
    assert tags_of(body) == ["দূতাবাস", "লিবিয়া"]


def test_a_visible_tag_list_wins() -> None:
    body = '<div class="tags"><a href="/t/x">ভূমধ্যসাগর</a><a href="/t/y">গ্রিস</a></div>'
    assert tags_of(body) == ["ভূমধ্যসাগর", "গ্রিস"]
