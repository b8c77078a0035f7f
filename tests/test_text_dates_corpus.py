"""The visible and machine date strings of the saved real pages parse to the expected instant.

The strings are those the corpus README names for each page (extraction from
the HTML is the extractor's job); the expected values come from
``expected.jsonl``.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from newscrawler.text.dates import DateResult, parse_date

# file -> (key in expected.jsonl, strings that must give that value)
DATELINES: dict[str, tuple[str, list[str]]] = {
    "jugantor_article_2.html": (
        "published",
        ["প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম", "2026-08-09T00:00:00+06:00"],
    ),
    "barta24_article_1.html": (
        "published",
        ["১০:৩২ এএম | ০৯ অক্টোবর, ২০২০", "2020-10-09 10:32:52", "২৪ আশ্বিন ১৪২৭", "২০ সফর ১৪৪২"],
    ),
    "bd-pratidin_article_1.html": (
        "published",
        ["২০ মার্চ, ২০২৩ ১৩:১৮", "2023-03-20T13:18:35+06:00.000Z", "1679296715"],
    ),
    "livenews24-student_article_1.html": (
        "published",
        ["তারিখ: ১৬-০৭-২০১২", "নিজস্ব প্রতিবেদকতারিখ: ১৬-০৭-২০১২"],
    ),
    "livenews24-student_article_3.html": ("published", ["তারিখ: ০৪-০৭-২০১২"]),
    "prothomalo_rss_1.xml": ("first_item.published", ["Sat, 22 Aug 2026 15:17:20 GMT"]),
    "banglatribune_rss_1.xml": ("first_item.published", ["Sat, 08 Aug 2026 18:57:06 +0000"]),
}
# Strings on those pages that are not the article's date.
NOT_THE_DATE = [
    ("প্রিন্ট: ১০ আগস্ট ২০২৬, ০১:১২ এএম", "printed"),  # jugantor render time
    ("বুধবার, ১৪ অক্টোবর ২০২০, ২৯ আশ্বিন ১৪২৭", "clock"),  # barta24 "today" header
]
NO_DATE = ["padma-bridge-sm20120704154123.jpg", "4ff593e70f", "50038777991a3"]


def _expected(corpus_dir: Path) -> dict[str, dict[str, object]]:
    lines = (corpus_dir / "expected.jsonl").read_text("utf-8").splitlines()
    return {row["file"]: row for row in map(json.loads, lines)}


def _value(row: dict[str, object], key: str) -> str:
    for part in key.split("."):
        row = row[part]  # type: ignore[assignment]
    assert isinstance(row, str)
    return row


def _agrees(result: DateResult, expected: str) -> bool:
    """Same instant down to the result's precision; Hijri dates to within a day."""
    if len(expected) == 10 or not isinstance(result.value, datetime):
        wanted = date.fromisoformat(expected[:10])
        got = result.value if not isinstance(result.value, datetime) else result.value.date()
        slack = 1 if result.calendar == "hijri" else 0
        return abs((got - wanted).days) <= slack
    instant = datetime.fromisoformat(expected).astimezone(result.value.tzinfo)
    if result.precision == "minute":
        instant = instant.replace(second=0)
    return result.value == instant


@pytest.mark.parametrize("name", sorted(DATELINES))
def test_corpus_datelines(corpus_dir: Path, name: str) -> None:
    key, strings = DATELINES[name]
    expected = _value(_expected(corpus_dir)[name], key)
    for text in strings:
        result = parse_date(text, reference=datetime.fromisoformat("2026-11-28T00:00:00+06:00"))
        assert result is not None, text
        assert _agrees(result, expected), (text, result.isoformat(), expected)
        assert result.label in (None, "published"), text


def test_every_dated_article_is_covered(corpus_dir: Path) -> None:
    rows = _expected(corpus_dir).values()
    dated = {r["file"] for r in rows if r["kind"] == "article" and r.get("published")}
    assert dated <= set(DATELINES)


@pytest.mark.parametrize(("text", "label"), NOT_THE_DATE)
def test_corpus_traps_are_labelled(text: str, label: str) -> None:
    result = parse_date(text)
    assert result is not None and result.label == label


@pytest.mark.parametrize("text", NO_DATE)
def test_file_names_and_ids_are_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_bd_pratidin_month_only_pagedata_is_not_a_day() -> None:
    result = parse_date("01:18 PM, March 2023, Monday")
    assert result is not None and result.precision == "month"
    assert result.value - date(2023, 3, 1) == timedelta(0)
