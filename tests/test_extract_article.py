"""The whole cascade: :func:`newscrawler.extract.extract_article` on hand-written pages."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.extract import Extracted, ExtractionError, extract_article
from newscrawler.profiles import SiteProfile, profile_from_dict

URL = "https://news.example.com/national/2026/02/22/1234"
PARAS = [
    "রাজধানীতে আজ সকাল থেকে টানা বৃষ্টি হচ্ছে, নিচু এলাকার সড়কে জমেছে হাঁটুপানি। অফিসগামী মানুষ পড়েছেন ভোগান্তিতে।",
    "আবহাওয়া অফিস জানিয়েছে, আগামী দুই দিন দেশের বেশির ভাগ জায়গায় মাঝারি থেকে ভারী বৃষ্টি হতে পারে।",
    "নগরবাসীকে সাবধানে চলাচলের পরামর্শ দিয়েছে সিটি করপোরেশন, খোলা হয়েছে নিয়ন্ত্রণকক্ষ।",
    "বৃষ্টির কারণে কয়েকটি রুটে বাস চলাচল কমে গেছে বলে জানিয়েছেন পরিবহন মালিকেরা।",
]
TITLE = "রাজধানীতে টানা বৃষ্টি, সড়কে জলাবদ্ধতা"
SITE = "দৈনিক উদাহরণ"


def big_daily() -> str:
    """Template (b): JSON-LD in @graph with an escaped body, OpenGraph, site-name suffix."""
    article = {
        "@type": "NewsArticle",
        "headline": TITLE,
        "datePublished": "2026-02-22T13:16:34+06:00",
        "dateModified": "2026-02-22T15:00:00+06:00",
        "author": [{"@type": "Person", "name": "নিজস্ব প্রতিবেদক"}],
        "publisher": {"@type": "Organization", "name": SITE},
        "articleSection": "জাতীয়",
        "keywords": "বৃষ্টি, জলাবদ্ধতা",
        "image": {"@type": "ImageObject", "url": "/img/rain.jpg"},
        "articleBody": "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in PARAS),
    }
    ld = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": SITE}, article]}
    return f"""<html lang="en"><head><title>{TITLE} | {SITE}</title>
<meta property="og:site_name" content="{SITE}"><meta property="og:title" content="{TITLE} | {SITE}">
<meta property="article:published_time" content="2026-02-22T13:16:34+06:00">
<link rel="canonical" href="{URL}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head>
<body><header><div class="logo">{SITE}</div></header><h1>{TITLE}</h1>
<div class="story">{"".join(f"<p>{p}</p>" for p in PARAS)}</div>
<div class="tags"><a href="/t/1">বৃষ্টি</a><a href="/t/2">জলাবদ্ধতা</a></div></body></html>"""


def js_app() -> str:
    """Template (d): bogus JSON-LD date, page data, teasers and ad labels inside the article."""
    author = {"@type": "Person", "name": "undefined"}
    ld = {"@type": "NewsArticle", "headline": TITLE, "datePublished": "undefined", "author": author}
    data = {
        "props": {"pageProps": {"article": {"title": TITLE, "created_at": "22-02-2026 13:16:34"}}}
    }
    return f"""<html><head><title>Article</title>
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head><body>
<div id="__next"><h1>{TITLE}</h1><div class="byline">অনলাইন ডেস্ক</div>
<p>২২ ফেব্রুয়ারি ২০২৬, ০১:১৬ পিএম</p>
<article><p>{PARAS[0]}</p><p>আরও পড়ুন: <a href="/x">অন্য একটি খবর</a></p><p>বিজ্ঞাপন</p>
<p>{PARAS[1]}</p><div>বিজ্ঞাপন</div><p>{PARAS[2]}</p><p>/এনএ</p></article></div>
<script id="__NEXT_DATA__" type="application/json">{json.dumps(data, ensure_ascii=False)}</script>
</body></html>"""


def test_big_daily_template() -> None:
    found = extract_article(big_daily(), URL)
    assert isinstance(found, Extracted)
    assert found.title == TITLE
    assert found.body == "\n\n".join(PARAS)
    assert found.authors == ["নিজস্ব প্রতিবেদক"]
    assert (found.section, found.tags) == ("জাতীয়", ["বৃষ্টি", "জলাবদ্ধতা"])
    assert found.language == "bn"  # whatever <html lang> says
    assert found.image_url == "https://news.example.com/img/rain.jpg"
    assert found.canonical_url == URL
    assert {
        "source": "jsonld",
        "kind": "published",
        "value": "2026-02-22T13:16:34+06:00",
    } in found.date_candidates
    fields = found.item_fields()
    assert fields["published_raw"] == "2026-02-22T13:16:34+06:00"
    assert fields["updated_raw"] == "2026-02-22T15:00:00+06:00"


def test_js_app_template() -> None:
    found = extract_article(js_app(), URL)
    assert found is not None
    assert found.title == TITLE
    assert found.body == "\n\n".join(PARAS[:3])
    assert found.authors == ["অনলাইন ডেস্ক"]
    values = [(c["source"], c["value"]) for c in found.date_candidates]
    assert ("pagedata", "22-02-2026 13:16:34") in values
    assert ("text", "২২ ফেব্রুয়ারি ২০২৬, ০১:১৬ পিএম") in values
    assert not any(v == "undefined" for _, v in values)


def test_profile_prefer_and_remove() -> None:
    profile = profile_from_dict({
        "home_url": "https://news.example.com/",
        "prefer": {"title": "h2.real", "body": "div.story", "authors": ".who"},
        "remove": [".story .remove-me"],
    })  # fmt: skip
    html = big_daily().replace(
        '<div class="story">',
        "<h2 class='real'>আসল শিরোনাম</h2><span class='who'>রহিম</span>"
        "<div class=\"story\"><p class='remove-me'>মুছে ফেলার মতো একটি বাক্য আছে এখানে।</p>",
    )
    found = extract_article(html, URL, profile=profile)
    assert found is not None
    assert (found.title, found.authors) == ("আসল শিরোনাম", ["রহিম"])
    assert "মুছে ফেলার" not in (found.body or "")


def test_bad_profile_selector_raises_with_a_message() -> None:
    # Profiles loaded from files are checked on load; one built in code is checked here.
    profile = SiteProfile(name="x", home_url="https://x.example/", prefer={"body": "div[["})
    with pytest.raises(ValueError, match="bad CSS selector for 'body'"):
        extract_article(big_daily(), URL, profile=profile)


def test_og_url_on_another_host_is_not_canonical() -> None:
    canonical = f'<link rel="canonical" href="{URL}">'
    og_url = '<meta property="og:url" content="http://127.0.0.1:8000/national">'
    html = big_daily().replace(canonical, og_url)
    found = extract_article(html, URL)
    assert found is not None and found.canonical_url is None


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "\x00\x01\x02\x03binary\x00garbage" * 50,
        "plain text, not a page at all",
        "<html><body><h1>ঢাকা</h1></body></html>",
        "<html><body>"
        + "".join(f"<div><a href='/n/{i}'>{PARAS[0]}</a></div>" for i in range(30))
        + "</body></html>",
        "<html><head><title>Just a moment...</title></head>"
        "<body>Enable JavaScript and cookies to continue</body></html>",
        "<html><body><div><p>" + PARAS[0][:60] + "</p></div></body></html>",
        "<<<>>></p></div><script>unterminated",
    ],
)
def test_not_articles(html: str) -> None:
    assert extract_article(html, URL) is None


def test_malformed_html_gives_a_best_effort() -> None:
    html = f"<html><body><h1>{TITLE}<div><p>{PARAS[0]}<p>{PARAS[1]}<td>{PARAS[2]}</span></b>"
    html += f"<p>{PARAS[3]}"
    html += f"<p>{PARAS[1]} {PARAS[0]}</i><p>{PARAS[3]}{PARAS[2]}</h1></body>"
    found = extract_article(html, URL)
    assert found is not None and found.title == TITLE
    assert PARAS[0] in (found.body or "")


def test_five_megabyte_page_is_fast() -> None:
    filler = "<div class='card'><a href='/n'>" + PARAS[0] + "</a><span>১ মিনিট আগে</span></div>\n"
    html = big_daily().replace("</body>", filler * (5_000_000 // len(filler)) + "</body>")
    started = time.perf_counter()
    found = extract_article(html, URL)
    assert time.perf_counter() - started < 15
    assert found is not None and found.title == TITLE
    assert found.body == "\n\n".join(PARAS)  # thousands of cards do not outweigh the story


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_any_text(text: str) -> None:
    extract_article(text, URL)
    extract_article(f"<html><body><h1>{text}</h1><div><p>{text}</p></div></body></html>", URL)


@pytest.mark.parametrize("depth", [1, 200, 5000])
def test_deeply_nested_pages(depth: int) -> None:
    inner = f"<h1>{TITLE}</h1>" + "".join(f"<p>{p} ({i})</p>" for i, p in enumerate(PARAS * 2))
    html = "<html><body>" + "<div>" * depth + inner + "</div>" * depth + "</body></html>"
    found = extract_article(html, URL)  # never raises; very deep trees may give None
    if depth <= 200:
        assert found is not None and found.title == TITLE


def article_page(head: str = "", between: str = "") -> str:
    story = "".join(f"<p>{p} ({i})</p>{between}" for i, p in enumerate(PARAS * 2))
    return f"<html><head>{head}</head><body><h1>{TITLE}</h1>{between}{story}</body></html>"


def test_a_page_with_nul_bytes_is_still_an_article() -> None:
    found = extract_article(article_page(between="\x00"), URL)
    assert found is not None and found.title == TITLE and "\x00" not in (found.body or "")


def test_json_ld_nested_a_thousand_deep_is_skipped_and_the_page_kept() -> None:
    deep = '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>"
    found = extract_article(article_page(head=deep), URL)
    assert found is not None and found.title == TITLE


def test_an_unexpected_failure_is_an_error_not_a_non_article(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr("newscrawler.extract.build", broken)
    with pytest.raises(ExtractionError) as caught:
        extract_article(article_page(), URL)
    assert caught.value.kind == "KeyError" and URL in str(caught.value)


def test_page_and_taxonomy_classes_do_not_hide_the_article() -> None:
    """WordPress puts ``has-sidebar`` on <body> and ``tag-…``/``category-…`` on the post."""
    story = "".join(f"<p>{p}</p>" for p in PARAS)
    html = (
        f'<html><body class="single has-sidebar right-sidebar"><main class="site-main">'
        f'<article class="post-12 post type-post tag-dhaka category-news hentry">'
        f'<h1 class="entry-title">{TITLE}</h1><div class="entry-meta"><time datetime='
        f'"2026-02-22T13:16:34+06:00">২২ ফেব্রুয়ারি ২০২৬</time></div>'
        f'<div class="entry-content">{story}</div>'
        f'<div class="tags-links"><a href="/t/1">বৃষ্টি</a></div></article></main>'
        f'<aside class="widget-area"><p>{PARAS[0]} (পুরোনো)</p></aside></body></html>'
    )
    found = extract_article(html, URL)
    assert found is not None
    assert (found.title, found.body, found.tags) == (TITLE, "\n\n".join(PARAS), ["বৃষ্টি"])
    assert {"source": "time", "kind": "unknown", "value": "2026-02-22T13:16:34+06:00"} in (
        found.date_candidates
    )


def test_listing_with_article_objects_is_not_an_article() -> None:
    cards = [{"@type": "NewsArticle", "headline": f"খবর {i}"} for i in range(5)]
    script = f'<script type="application/ld+json">{json.dumps(cards, ensure_ascii=False)}</script>'
    body = "".join(
        f"<div class='card'><a href='/n/{i}'>খবর {i}</a><p>{PARAS[0]}</p></div>" for i in range(5)
    )
    html = f"<html><head>{script}</head><body><h1>সর্বশেষ</h1>{body}</body></html>"
    assert extract_article(html, URL) is None


def test_html5_article_header_and_footer_are_read() -> None:
    """A theme's own ``<header>``/``<footer>`` inside ``<article>`` hold its metadata."""
    story = "".join(f"<p>{p}</p>" for p in PARAS)
    html = (
        "<html><body><header class='site-header'><h1><a href='/'>সাইট</a></h1>"
        "<div class='clock'>বুধবার, ১৪ অক্টোবর ২০২০, ২৯ আশ্বিন ১৪২৭</div></header>"
        "<main><article class='post-7 post tag-dhaka'><header class='entry-header'>"
        "<span class='cat-links'><a href='/c/national'>জাতীয়</a></span>"
        f"<h1 class='entry-title'>{TITLE}</h1><div class='entry-meta'><span class='byline'>"
        "<span class='author vcard'><a href='/a/1'>নিজস্ব প্রতিবেদক</a></span></span>"
        "<time class='entry-date published' datetime='2026-02-22T13:16:34+06:00'>"
        "২২ ফেব্রুয়ারি ২০২৬</time></div></header>"
        f"<div class='entry-content'>{story}</div><footer class='entry-footer'>"
        "<span class='tags-links'><a href='/t/1'>বৃষ্টি</a><a href='/t/2'>ঢাকা</a></span>"
        "</footer></article></main><footer class='site-footer'>© সাইট</footer></body></html>"
    )
    found = extract_article(html, URL)
    assert found is not None
    assert (found.title, found.section, found.authors) == (TITLE, "জাতীয়", ["নিজস্ব প্রতিবেদক"])
    assert found.tags == ["বৃষ্টি", "ঢাকা"]
    assert found.body == "\n\n".join(PARAS)
    assert {"source": "time", "kind": "published", "value": "2026-02-22T13:16:34+06:00"} in (
        found.date_candidates
    )
    assert not any("আশ্বিন" in c["value"] for c in found.date_candidates)


def test_the_profile_language_fills_in_when_the_page_declares_none() -> None:
    english = " ".join(["Heavy rain flooded the low streets of the capital this morning."] * 6)
    ld = {"@type": "NewsArticle", "headline": "Rain", "datePublished": "2026-02-22T13:16:34+06:00"}
    page = (
        f'<html><head><title>Rain</title><script type="application/ld+json">{json.dumps(ld)}'
        f"</script></head><body><article><h1>Rain</h1><p>{english}</p><p>{english}</p>"
        "</article></body></html>"
    )
    profile = profile_from_dict({"home_url": "https://news.example.com/", "language": "en"})
    found, plain = extract_article(page, URL, profile=profile), extract_article(page, URL)
    assert found is not None and plain is not None
    assert (found.language, plain.language) == ("en", None)
    declared = extract_article(page.replace("<html>", '<html lang="en-GB">'), URL)
    assert declared is not None and declared.language == "en"
