"""The lenient JSON-LD reader and the page-data reader."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.extract.dom import parse
from newscrawler.extract.jsonld import body_text, clean, find_article, loads_lenient, page_objects
from newscrawler.extract.pagedata import date_fields, pagedata_candidates


def objects_of(scripts: str) -> list[dict[str, object]]:
    selector = parse(f"<html><head>{scripts}</head><body><p>x</p></body></html>")
    assert selector is not None
    return page_objects(selector)


LD = '<script type="application/ld+json">{}</script>'
JSON = '<script type="application/json">{}</script>'


@pytest.mark.parametrize(
    ("script", "headline"),
    [
        (LD.format('{"@type": "NewsArticle", "headline": "এক"}'), "এক"),
        # a raw carriage return inside a string, as on Jugantor
        (LD.format('{"@type": "NewsArticle", "headline": "দুই\r"}'), "দুই"),
        (
            LD.format(
                '{"@context": "https://schema.org", "@graph": '
                '[{"@type": "WebSite"}, {"@type": "NewsArticle", "headline": "তিন"}]}'
            ),
            "তিন",
        ),
        (LD.format('[{"@type": "Organization"}, {"@type": ["Article"], "headline": "চার"}]'), "চার"),
        # NewsArticle in plain application/json, as on Bangladesh Pratidin
        (
            JSON.format(
                '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "পাঁচ"}'
            ),
            "পাঁচ",
        ),
        (LD.format('{"@type": "ReportageNewsArticle", "headline": "ছয়",}'), "ছয়"),
    ],
)
def test_find_article(script: str, headline: str) -> None:
    article = find_article(objects_of(script))
    assert article is not None
    assert clean(article["headline"]) == headline


def test_broken_scripts_are_skipped() -> None:
    scripts = LD.format("{not json") + LD.format("")
    assert find_article(objects_of(scripts)) is None


@pytest.mark.parametrize("bogus", ["undefined", "null", "", "  ", "NaN", None, [], {}, True])
def test_bogus_values_are_none(bogus: object) -> None:
    assert clean(bogus) is None


def test_escaped_article_body_is_decoded_into_paragraphs() -> None:
    raw = "&lt;p&gt;প্রথম অনুচ্ছেদ।&lt;/p&gt;&lt;p&gt;দ্বিতীয় &amp;amp; শেষ।&lt;/p&gt;"
    assert body_text(raw) == "প্রথম অনুচ্ছেদ।\n\nদ্বিতীয় & শেষ।"
    assert body_text("কাটা বাক্য&#8230;") is None  # visibly truncated


def test_next_data_dates() -> None:
    news = {"title": "ক", "created_at": "22-02-2026 13:16:34", "updated_at": "22-02-2026 14:00:00"}
    data = {"props": {"pageProps": {"news": news, "more": [{"created_at": "01-01-2020 00:00:00"}]}}}
    html = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
    selector = parse(f"<html><body>{html}<p>x</p></body></html>")
    assert selector is not None
    assert pagedata_candidates(selector) == [
        {"source": "pagedata", "kind": "published", "value": "22-02-2026 13:16:34"},
        {"source": "pagedata", "kind": "updated", "value": "22-02-2026 14:00:00"},
    ]


def test_window_state_assignment() -> None:
    script = '<script>window.__INITIAL_STATE__ = {"article": {"publishedAt": 1679296715}};</script>'
    selector = parse(f"<html><body>{script}<p>x</p></body></html>")
    assert selector is not None
    assert pagedata_candidates(selector)[0]["value"] == "1679296715"


def test_date_fields_ignore_booleans() -> None:
    assert date_fields({"published": True, "a": {"publishedAt": "2026-01-01"}}) == {
        "published": "2026-01-01"
    }


@given(st.text(max_size=300))
def test_loads_lenient_never_raises(text: str) -> None:
    loads_lenient(text)
