"""The page's own record in page data: related records first must not win."""

from __future__ import annotations

from parsel import Selector

from newscrawler.extract.pagedata import pagedata_candidates
from newscrawler.extract.story import PageIdentity, record_text, story_record

PAGE = PageIdentity.of(["https://x.com/news/90041113"], ["নদীতে নৌকাডুবি"])
RECORD = {
    "id": "90041113",
    "headline": "নদীতে নৌকাডুবি",
    "creationTime": "2025-11-13 07:19:11",
    "body": "<p>" + "নদীতে নৌকাডুবির ঘটনায় উদ্ধার অভিযান চলছে। " * 3 + "</p>",
    "relatedNews": [{"summary": "অন্য একটি খবরের সারাংশ, যা এই গল্পের অংশ নয়। " * 2}],
}
TOP = {"id": "555551", "headline": "অন্য খবর", "creationTime": "2025-11-01 10:00:00"}
DATA = {"props": {"pageProps": {"topNews": TOP, "details": {"news": RECORD}}}}


def test_the_record_naming_the_page_wins_over_related_records_first() -> None:
    record = story_record(DATA, PAGE)
    assert record is not None and record["id"] == "90041113"


def test_a_record_is_named_by_url_slug_id_or_headline() -> None:
    by_headline = PageIdentity.of(["https://x.com/a/b"], ["নদীতে  নৌকাডুবি"])
    assert story_record({"x": [{"headline": "নদীতে নৌকাডুবি"}]}, by_headline) is not None
    by_slug = PageIdentity.of(["https://x.com/bangladesh/6suuafru01"], [])
    assert story_record({"slug": "bangladesh/6suuafru01"}, by_slug) is not None
    years = PageIdentity.of(["https://x.com/national/2023/03/20/868881"], [])
    assert story_record({"id": 2023}, years) is None  # a year segment is not an id
    assert story_record({"id": 868881}, years) is not None


def test_record_text_skips_other_stories() -> None:
    record = story_record(DATA, PAGE)
    assert record is not None
    text = record_text(record)
    assert "উদ্ধার অভিযান" in text and "সারাংশ" not in text


def test_page_data_dates_are_the_records() -> None:
    import json

    html = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(DATA)}</script>'
    found = pagedata_candidates(Selector(text=html), PAGE)
    assert found[0] == {"source": "pagedata", "kind": "published", "value": "2025-11-13 07:19:11"}
    # Without the page's identity, the shallowest dated object is a related card's.
    assert pagedata_candidates(Selector(text=html))[0]["value"] == "2025-11-01 10:00:00"
