"""The extraction cascade on the saved real pages in ``../shared/corpus`` (skipped when absent)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from newscrawler.extract import Extracted, extract_article
from tests.corpus import ARTICLE_FILES as ARTICLES
from tests.corpus import BLOCK_FILES, LISTING_FILES

NOT_ARTICLES = LISTING_FILES + BLOCK_FILES

# Raw date strings that must (or must not) be among the candidates, per page.
DATES_PRESENT = {
    "jugantor_article_2.html": ["2026-08-09T00:00:00+06:00", "প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম"],
    "barta24_article_1.html": ["2020-10-09 10:32:52"],
    "bd-pratidin_article_1.html": ["1679296715", "২০ মার্চ, ২০২৩ ১৩:১৮"],
    "livenews24-student_article_1.html": ["তারিখ: ১৬-০৭-২০১২"],
    "livenews24-student_article_2.html": [],
    "livenews24-student_article_3.html": ["তারিখ: ০৪-০৭-২০১২"],
}
DATES_ABSENT = ["প্রিন্ট", "2012-07-23", "১৪ অক্টোবর ২০২০", "২৯ আশ্বিন"]


def same(text: str | None) -> str:
    """The corpus README's comparison form: NFC, whitespace collapsed."""
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def expected_rows(corpus: Path) -> dict[str, dict[str, Any]]:
    lines = (corpus / "expected.jsonl").read_text("utf-8").splitlines()
    return {row["file"]: row for row in map(json.loads, lines)}


def read_page(corpus: Path, name: str) -> str:
    return (corpus / name).read_bytes().decode("utf-8-sig")


def page_url(row: dict[str, Any]) -> str:
    return row.get("url") or row.get("page_url") or "http://127.0.0.1/page"


@pytest.fixture(scope="module")
def extracted(corpus_dir: Path) -> dict[str, Extracted | None]:
    rows = expected_rows(corpus_dir)
    return {
        name: extract_article(read_page(corpus_dir, name), page_url(rows[name]))
        for name in ARTICLES
    }


@pytest.mark.parametrize("name", ARTICLES)
def test_article_fields(
    corpus_dir: Path, extracted: dict[str, Extracted | None], name: str
) -> None:
    row = expected_rows(corpus_dir)[name]
    found = extracted[name]
    assert found is not None
    paragraphs = (found.body or "").split("\n\n")
    assert same(found.title) == same(row["title"])
    assert same(paragraphs[0]) == same(row["first_paragraph"])
    assert same(paragraphs[-1]) == same(row["last_paragraph"])
    assert [same(a) for a in found.authors] == [same(a) for a in row["authors"]]
    assert same(found.section) == same(row["section"])
    assert [same(t) for t in found.tags] == [same(t) for t in row["tags"]]
    assert found.canonical_url == row["url"]
    assert found.language == "bn"


@pytest.mark.parametrize("name", ARTICLES)
def test_article_date_candidates(extracted: dict[str, Extracted | None], name: str) -> None:
    found = extracted[name]
    assert found is not None
    values = [same(c["value"]) for c in found.date_candidates]
    for wanted in DATES_PRESENT[name]:
        assert same(wanted) in values
    for unwanted in DATES_ABSENT:
        assert not any(same(unwanted) in v for v in values)
    if not DATES_PRESENT[name]:
        assert found.date_candidates == []


def test_body_printed_twice_is_extracted_once(extracted: dict[str, Extracted | None]) -> None:
    found = extracted["jugantor_article_2.html"]
    assert found is not None and found.body is not None
    assert len(found.body.split("\n\n")) == 4


def test_no_signoff_caption_or_teaser_in_bodies(extracted: dict[str, Extracted | None]) -> None:
    bodies = " ".join(f.body or "" for f in extracted.values() if f is not None)
    unwanted = (
        "বিডি প্রতিদিন/",  # bd-pratidin desk sign-off
        "ছবি: সংগৃহীত",  # barta24 image caption
        "২১তম সমাবর্তনে সাবিলা নূরকে",  # bd-pratidin caption outside the body
        "googletag",  # ad script inside barta24's second paragraph
        "পাঠকের মন্তব্য",  # livenews24 comment box
        "ফেফেফেফে",  # a reader comment
    )
    for fragment in unwanted:
        assert fragment not in bodies


@pytest.mark.parametrize("name", NOT_ARTICLES)
def test_listing_and_block_pages_are_not_articles(corpus_dir: Path, name: str) -> None:
    row = expected_rows(corpus_dir)[name]
    assert extract_article(read_page(corpus_dir, name), page_url(row)) is None
