"""Headline and byline choice."""

from __future__ import annotations

import pytest

from newscrawler.extract.byline import byline_authors, split_byline, visible_authors
from newscrawler.extract.dom import parse
from newscrawler.extract.title import choose_title, is_placeholder, strip_site_suffix


@pytest.mark.parametrize(
    ("raw", "sites", "expected"),
    [
        (
            "অভিনেত্রী সাবিলা নূরের অনন্য অর্জন | বাংলাদেশ প্রতিদিন",
            ["বাংলাদেশ প্রতিদিন"],
            "অভিনেত্রী সাবিলা নূরের অনন্য অর্জন",
        ),
        ("বাংলাদেশ প্রতিদিন | অভিনেত্রীর অর্জন", ["বাংলাদেশ প্রতিদিন"], "অভিনেত্রীর অর্জন"),
        ("দীর্ঘ একটি শিরোনাম এখানে - সাইট", [], "দীর্ঘ একটি শিরোনাম এখানে"),
        ("কোভিড-১৯ মোকাবিলায় সংহতির আহ্বান", [], "কোভিড-১৯ মোকাবিলায় সংহতির আহ্বান"),
    ],
)
def test_strip_site_suffix(raw: str, sites: list[str], expected: str) -> None:
    assert strip_site_suffix(raw, sites) == expected


def test_placeholder_h1_falls_back_to_structured_title() -> None:
    assert choose_title("Article", [None, "ঢাকায় বৃষ্টি | সাইট"], ["সাইট"]) == "ঢাকায় বৃষ্টি"
    assert choose_title("সাইট", ["সাইট"], ["সাইট"]) is None
    assert is_placeholder("undefined")


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("স্পেশাল করেসপন্ডেন্ট, বার্তা২৪.কম, ঢাকা", ["স্পেশাল করেসপন্ডেন্ট"]),
        ("আন্তর্জাতিক ডেস্কঃ", ["আন্তর্জাতিক ডেস্ক"]),
        ("নিজস্ব প্রতিবেদক", ["নিজস্ব প্রতিবেদক"]),
        ("লেখক: রহিম উদ্দিন ও করিম মিয়া", ["রহিম উদ্দিন", "করিম মিয়া"]),
        ("তারিখ: ১৬-০৭-২০১২", []),
    ],
)
def test_split_byline(line: str, names: list[str]) -> None:
    assert split_byline(line) == names


@pytest.mark.parametrize(
    ("html", "names"),
    [
        ("<p>আদিত্য আরাফাত<br/>সিনিয়র করেসপন্ডেন্ট<br/></p>", ["আদিত্য আরাফাত"]),
        ("<p><br/>তারিখ: ০৪-০৭-২০১২<br/></p>", []),
        ("<div class='author'>স্পেশাল করেসপন্ডেন্ট<br/>বার্তা২৪.কম<br/>ঢাকা</div>", ["স্পেশাল করেসপন্ডেন্ট"]),
    ],
)
def test_byline_lines(html: str, names: list[str]) -> None:
    selector = parse(html)
    assert selector is not None
    assert byline_authors(selector.css("p, div")[0].root) == names


def test_author_in_comment_box_is_not_a_byline() -> None:
    html = (
        "<h1>শিরোনাম</h1><p>নিজস্ব প্রতিবেদক<br>তারিখ: ১৬-০৭-২০১২</p><div>লেখা</div>"
        "<div id='comments'><div class='author'>কাদির রাজু</div></div>"
    )
    selector = parse(f"<html><body>{html}</body></html>")
    assert selector is not None
    headline = selector.css("h1")[0].root
    assert visible_authors(selector.root, headline) == ["নিজস্ব প্রতিবেদক"]


def test_tag_list_after_the_headline_not_in_navigation() -> None:
    from newscrawler.extract.tags import visible_tags

    html = (
        "<header><div class='tags'><a>সর্বশেষ</a><a>জনপ্রিয়</a></div></header>"
        "<div class='trending topics'><a>ট্রেন্ডিং</a></div><h1>শিরোনাম</h1><div>লেখা</div>"
        "<div class='tag-list'><a href='/t/1'>বৃষ্টি</a><a href='/t/2'>ঢাকা</a></div>"
    )
    selector = parse(f"<html><body>{html}</body></html>")
    assert selector is not None
    assert visible_tags(selector.root, selector.css("h1")[0].root) == ["বৃষ্টি", "ঢাকা"]
    assert visible_tags(selector.root) == ["ট্রেন্ডিং"]


@pytest.mark.parametrize(
    ("html", "title"),
    [
        # the only <h1> is the logo: the structured title is used
        ("<header><h1><a href='/'>সাইট</a></h1></header><h2>ঢাকায় বৃষ্টি</h2>", "ঢাকায় বৃষ্টি"),
        ("<div id='top'><h1><a href='../../default.htm'>সাইট</a></h1></div>", "ঢাকায় বৃষ্টি"),
        # an article's own <header> holds the headline
        ("<article><header><h1>সড়কে জলাবদ্ধতা</h1></header></article>", "সড়কে জলাবদ্ধতা"),
    ],
)
def test_logo_h1_is_not_the_headline(html: str, title: str) -> None:
    from newscrawler.extract import extract_article

    story = "".join(f"<p>রাজধানীতে আজ টানা বৃষ্টি হয়েছে, সড়কে জমেছে পানি। ({i})</p>" for i in range(12))
    page = (
        "<html><head><title>ঢাকায় বৃষ্টি | সাইট</title></head><body>"
        f"{html}<div class='story'>{story}</div></body></html>"
    )
    found = extract_article(page, "https://example.com/news/1")
    assert found is not None and found.title == title
