"""Listing pages: article and listing links, on the saved real pages and on synthetic traps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from parsel import Selector

from newscrawler.discover.embedded import script_story_urls
from newscrawler.discover.links import same_site
from newscrawler.discover.listing import anchor_urls, is_article_url, listing_links
from newscrawler.discover.urlkinds import is_listing_url
from newscrawler.profiles import SiteProfile
from tests.corpus import LISTING_FILES


def corpus_row(corpus: Path, name: str) -> tuple[dict[str, Any], str]:
    for line in (corpus / "expected.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        if row["file"] == name:
            return row, (corpus / name).read_bytes().decode("utf-8-sig")
    raise AssertionError(f"{name} is not in expected.jsonl")


def test_every_corpus_listing_is_covered(corpus_dir: Path) -> None:
    rows = [json.loads(x) for x in (corpus_dir / "expected.jsonl").read_text("utf-8").splitlines()]
    assert sorted(r["file"] for r in rows if r["kind"] == "listing") == sorted(LISTING_FILES)


@pytest.mark.parametrize("name", LISTING_FILES)
def test_corpus_listing_articles_without_profile(corpus_dir: Path, name: str) -> None:
    row, html = corpus_row(corpus_dir, name)
    links = listing_links(html, row["page_url"])
    assert len(links.articles) == row["article_links"]
    assert links.articles[:3] == row["sample_links"]
    assert len(set(links.articles)) == len(links.articles)
    assert not set(links.articles) & set(links.listings)


@pytest.mark.parametrize("name", LISTING_FILES)
def test_corpus_listing_anchor_and_script_parts(corpus_dir: Path, name: str) -> None:
    row, html = corpus_row(corpus_dir, name)
    sel = Selector(text=html)
    anchors = anchor_urls(sel, row["page_url"])
    in_anchors = [u for u in anchors if is_article_url(u) and same_site(u, row["page_url"])]
    in_script = script_story_urls(sel, row["page_url"])
    assert len(in_anchors) == row["article_links_in_anchors"]
    assert len(in_script) == row["article_links_in_script"]


@pytest.mark.parametrize("name", LISTING_FILES)
def test_corpus_listing_with_profile_pattern(corpus_dir: Path, name: str) -> None:
    row, html = corpus_row(corpus_dir, name)
    profile = SiteProfile(
        name=row["site"], home_url=row["page_url"], article_url_pattern=row["article_url_pattern"]
    )
    links = listing_links(html, row["page_url"], profile=profile)
    assert len(links.articles) == row["article_links"]
    assert links.articles[:3] == row["sample_links"]


def test_base_href_on_a_foreign_host_is_not_trusted() -> None:
    html = """<html><head><base href="http://127.0.0.1:8000/">
    <meta property="og:url" content="http://127.0.0.1:8000/national">
    <link rel="canonical" href="https://www.bd-pratidin.com/national"></head>
    <body><a href="national/2023/03/19/868686">a</a><a href="http://127.0.0.1:8000/">home</a>
    <a href="national/14">more</a></body></html>"""
    links = listing_links(html, "https://www.bd-pratidin.com/national")
    assert links.articles == ["https://www.bd-pratidin.com/national/2023/03/19/868686"]
    assert links.listings == ["https://www.bd-pratidin.com/national/14"]


def test_base_href_on_the_page_host_is_honoured() -> None:
    html = '<base href="https://x.com/bn/"><a href="news/2026/01/02/story">a</a>'
    assert listing_links(html, "https://x.com/").articles == [
        "https://x.com/bn/news/2026/01/02/story"
    ]


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("//www.ittefaq.com.bd/national/123456", "https://www.ittefaq.com.bd/national/123456"),
        ("/details/video/105871/x&quot;", "https://www.ittefaq.com.bd/details/video/105871/x"),
        ("/news/123456#comments", "https://www.ittefaq.com.bd/news/123456"),
        (" /news/\r\n123456 ", "https://www.ittefaq.com.bd/news/123456"),
        (
            "/topic/আইন/বিচার-হলো-আজ-রাতে-ঢাকায়",
            "https://www.ittefaq.com.bd/topic/আইন/বিচার-হলো-আজ-রাতে-ঢাকায়",
        ),
        (
            "/সংবাদ/জাতীয়/২০২৬/বিচার-হলো-আজ-রাতে",
            "https://www.ittefaq.com.bd/সংবাদ/জাতীয়/২০২৬/বিচার-হলো-আজ-রাতে",
        ),
        ("/a/%E0%A6%AF%E0%A6%BC-x-y-z", "https://www.ittefaq.com.bd/a/%E0%A6%AF%E0%A6%BC-x-y-z"),
    ],
)
def test_hrefs_are_resolved_without_rewriting(href: str, expected: str) -> None:
    sel = Selector(text=f'<a href="{href}">x</a>')
    assert anchor_urls(sel, "https://www.ittefaq.com.bd/") == [expected]


def test_topic_pages_are_neither_articles_nor_listings() -> None:
    html = '<a href="/topic/বিচার-হলো-আজ-রাতে-ঢাকায়">t</a>'
    assert listing_links(html, "https://www.ittefaq.com.bd/") == listing_links("", "https://x/")


def test_other_sites_and_non_http_links_are_left_out() -> None:
    html = """<a href="https://www.facebook.com/sharer/123456">f</a><a href="mailto:a@b">m</a>
    <a href="javascript:void(0)">j</a><a href="https://en.x.com/news/123456">en</a>
    <a href="https://www.x.com/news/123456">www</a>"""
    links = listing_links(html, "https://x.com/")
    assert links.articles == ["https://www.x.com/news/123456"]


def test_profile_domains_decide_what_is_on_site() -> None:
    profile = SiteProfile(name="x", home_url="https://x.com/", domains=("x.com",))
    html = """<a href="https://en.x.com/news/123456">en</a><a href="https://y.com/news/123457">y</a>
    <a href="https://epaper.x.com/">e-paper</a><a href="https://www.x.com/national">n</a>"""
    links = listing_links(html, "https://x.com/", profile=profile)
    assert links.articles == ["https://en.x.com/news/123456"]
    assert links.listings == ["https://www.x.com/national"]


def test_json_ld_item_list_and_quintype_stories() -> None:
    html = """<script type="application/ld+json">{"@type": "ItemList", "itemListElement": [
      {"@type": "ListItem", "url": "https://x.com/a/b/anything"}]}</script>
    <script type="application/json" id="static-page">{"qt": {"menu": [{"url": "/bangladesh",
      "title": "বাংলাদেশ"}], "items": [{"type": "story", "story": {"headline": "h",
      "url": "https://x.com/bangladesh/xtadlctjhd"}}]}}</script>
    <script type="application/json">{not json</script>"""
    assert listing_links(html, "https://x.com/bangladesh").articles == [
        "https://x.com/a/b/anything",
        "https://x.com/bangladesh/xtadlctjhd",
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.jugantor.com/tp-firstpage/1138370", True),
        ("https://www.bd-pratidin.com/national/2023/03/20/868876", True),
        ("https://www.somoynews.tv/news/2026-03-29/02vt8ZTy", True),
        ("https://bangla.bdnews24.com/samagrabangladesh/8ac14c74ef95", True),
        ("https://www.prothomalo.com/bangladesh/6suuafru01", True),
        ("https://www.prothomalo.com/opinion/column/xtadlctjhd", True),
        ("https://barta24.com/details/national/105871/uncontrolled-vegetable-market", True),
        ("https://x.com/2021/12/29/some-headline", True),
        ("https://x.com/politics/shop-owners-protest-new-tax-rules", True),
        ("http://localhost/livenews/index.php/national/details.php?news=jatiyo&id=21", True),
        ("https://x.com/?p=1234", True),
        ("http://127.0.0.1:8000/wp/archives/7", True),
        ("https://x.com/news/123", True),
        ("http://127.0.0.1:8000/wp/category/national/page/2/", False),
        ("https://x.com/", False),
        ("https://www.bd-pratidin.com/national/14", False),
        ("https://www.prothomalo.com/technology/cyberworld", False),
        ("https://www.prothomalo.com/entertainment/dhallywood", False),
        ("https://bangla.bdnews24.com/cricket/t20wc2026", False),
        ("https://bangla.bdnews24.com/sport/world-cup-2022", False),
        ("https://www.jugantor.com/13th-parliament-election-2026", False),
        ("https://x.com/tag/a-very-long-tag-name-here", False),
        ("https://x.com/uploads/2026/01/02/photo-123456.jpg", False),
        ("https://samakal.com/opinion?page=2", False),
        ("not a url", False),
    ],
)
def test_is_article_url(url: str, expected: bool) -> None:
    assert is_article_url(url) is expected


def test_is_article_url_uses_the_profile_pattern_alone() -> None:
    profile = SiteProfile(name="x", home_url="https://x.com/", article_url_pattern=r"/story/\w+$")
    assert is_article_url("https://x.com/story/abc", profile=profile)
    assert not is_article_url("https://x.com/news/1234567", profile=profile)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.ittefaq.com.bd/national", True),
        ("https://samakal.com/divisions/dhaka", True),
        ("https://samakal.com/opinion?page=2", True),
        ("https://x.com/", True),
        ("https://x.com/national/1234567", False),
        ("https://x.com/privacy-policy", False),
        ("https://x.com/search?q=x", False),
        ("https://x.com/author/someone", False),
        ("https://x.com/category/national/page/2", True),
        ("https://x.com/a/b/c/d/e", False),
        ("https://x.com/logo.png", False),
    ],
)
def test_is_listing_url(url: str, expected: bool) -> None:
    assert is_listing_url(url) is expected


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<html", "<a href='http://[::1'>x</a>", "\x00\x01\x02 binary \xff", "<" * 5000],
)
def test_bad_html_gives_empty_links(html: str) -> None:
    links = listing_links(html, "https://x.com/")
    assert links.articles == []


@given(st.text(max_size=300))
def test_listing_links_never_raises(text: str) -> None:
    html = f'<a href="{text}">x</a><script type="application/json">{text}</script>'
    listing_links(html, "https://x.com/")


@given(st.text(max_size=200))
def test_is_article_url_never_raises(text: str) -> None:
    is_article_url(text)
    is_listing_url("https://x.com/" + text)


def test_profile_pattern_also_filters_script_stories() -> None:
    html = """<script type="application/json">[{"headline": "h", "url": "/bangladesh/6suuafru01"},
      {"headline": "v", "url": "/video/abc"}]</script>"""
    profile = SiteProfile(name="x", home_url="https://x.com/", article_url_pattern=r"/video/")
    assert listing_links(html, "https://x.com/", profile=profile).articles == [
        "https://x.com/video/abc"
    ]


def test_short_ids_are_articles_only_when_a_headline_links_them() -> None:
    html = """<a href="/daily/politics/5">নারী দলের ক্যাম্প শুরু ঢাকায়</a>
    <a class="btn" href="/national/14">এই বিভাগের আরও খবর »</a>
    <a href="/national/3">৩</a><a href="/national?page=2">Next page of news here</a>"""
    links = listing_links(html, "https://x.com/national")
    assert links.articles == ["https://x.com/daily/politics/5"]
    assert links.listings == [
        "https://x.com/national/14",
        "https://x.com/national/3",
        "https://x.com/national?page=2",
    ]


def test_a_profile_pattern_overrides_headline_cards() -> None:
    profile = SiteProfile(name="x", home_url="https://x.com/", article_url_pattern=r"/story/")
    html = '<a href="/daily/politics/5">নারী দলের ক্যাম্প শুরু ঢাকায়</a>'
    assert listing_links(html, "https://x.com/", profile=profile).articles == []


def test_known_links_are_left_out_and_counted() -> None:
    page = (
        '<a href="/national">n</a><a href="/national/2023/03/20/868876">a</a>'
        '<a href="/national/2023/03/20/868877">b</a>'
    )
    url = "https://www.bd-pratidin.com/"
    every = listing_links(page, url)
    known = {every.articles[0], every.listings[0]}
    links = listing_links(page, url, known=known)
    assert links.articles == every.articles[1:] and links.listings == []
    assert links.known == 2
