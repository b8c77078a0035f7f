"""Is it an article? Evidence, not a character count."""

from __future__ import annotations

from newscrawler.extract import extract_article
from newscrawler.extract.evidence import Evidence, article_url, decide, declares_article

SENTENCES = "উপজেলা সদরে আজ কৃষকদের মধ্যে বীজ বিতরণ করা হয়েছে। "


def short_item(meta: str, url: str) -> tuple[str, str]:
    html = (
        f"<html><head><title>বীজ বিতরণ</title>{meta}</head>"
        "<body class='single single-post postid-7'>"
        f"<h1>বীজ বিতরণ</h1><div class='entry-content'><p>{SENTENCES * 4}</p><p>{SENTENCES * 3}</p>"
        "</div></body></html>"
    )
    return html, url


def test_a_short_dated_wordpress_item_is_an_article() -> None:
    meta = (
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2025-11-12T09:40:11+06:00">'
    )
    html, url = short_item(meta, "https://upazila.example/2025/11/12/bij-bitoron-news/")
    assert len(SENTENCES * 7) < 500
    found = extract_article(html, url)
    assert found is not None and found.title == "বীজ বিতরণ"


def test_the_same_text_without_page_level_evidence_is_not() -> None:
    html = short_item("", "https://upazila.example/")[0].replace(
        "single single-post postid-7", "home"
    )
    assert extract_article(html, "https://upazila.example/") is None


def test_decide() -> None:
    weak = Evidence()
    weak.add("og:type")
    weak.add("headline")
    weak.add("dated line")
    assert not decide(weak, 300, 2)  # no page-level signal
    strong = Evidence()
    for reason in ("article url", "article date", "og:type", "headline", "dated line"):
        strong.add(reason)
    assert decide(strong, 300, 2)
    strong.veto = "cards"
    assert decide(strong, 900, 7)  # strong evidence overrules a card-like wrapper
    strong.veto = "several article objects"
    assert not decide(strong, 900, 7)


def test_url_shapes_and_declarations() -> None:
    assert article_url("https://x.com/tp-firstpage/1138370")
    assert not article_url("https://x.com/opinion")
    assert declares_article('<meta itemprop="datePublished" content="2025-01-01">')
