"""DatesPipeline: which candidate becomes published_at/updated_at, and its stats."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler

from newscrawler.items import ArticleItem, DateCandidate
from newscrawler.pipelines.dates import DatesPipeline
from tests.scrapy_support import get_crawler

DHAKA = ZoneInfo("Asia/Dhaka")
FETCHED = datetime(2026, 8, 23, 9, 0, tzinfo=DHAKA)


def c(source: str, kind: str, value: str) -> DateCandidate:
    return {"source": source, "kind": kind, "value": value}


def run(candidates: list[DateCandidate], **settings: Any) -> tuple[ArticleItem, dict[str, Any]]:
    crawler = get_crawler(settings_dict=settings)
    pipeline = build_from_crawler(DatesPipeline, crawler)
    item = ArticleItem(url="https://example.bd/1", date_candidates=candidates, fetched_at=FETCHED)
    pipeline.process_item(item)
    assert crawler.stats is not None
    return item, crawler.stats.get_stats()


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# Candidate lists as the extractor reads them from each template of the corpus.
TEMPLATES = {
    "jugantor": (
        [
            c("jsonld", "published", "2026-08-09T00:00:00+06:00"),
            c("text", "unknown", "প্রিন্ট: ১০ আগস্ট ২০২৬, ০১:১২ এএম"),
            c("text", "unknown", "প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম"),
        ],
        "2026-08-09T00:00:00+06:00",
        None,
    ),
    "jugantor-visible-only": (
        [
            c("text", "unknown", "প্রিন্ট: ১০ আগস্ট ২০২৬, ০১:১২ এএম"),
            c("text", "published", "প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম"),
        ],
        "2026-08-09T00:00:00+06:00",
        None,
    ),
    "barta24": (
        [
            c("text", "unknown", "বুধবার, ১৪ অক্টোবর ২০২০, ২৯ আশ্বিন ১৪২৭"),
            c("time", "unknown", "2020-10-09 10:32:52"),
            c("text", "unknown", "১০:৩২ এএম | ০৯ অক্টোবর, ২০২০"),
        ],
        "2020-10-09T10:32:52+06:00",
        None,
    ),
    "bd-pratidin": (
        [
            c("pagedata", "published", "01:18 PM, March 2023, Monday"),
            c("pagedata", "updated", "01:18 PM, March 2023, Monday"),
            c("meta", "published", "2023-03-20T13:18:35+06:00.000Z"),
            c("meta", "updated", "2023-03-20T13:18:35+06:00.000Z"),
            c("meta", "published", "1679296715"),
            c("text", "unknown", "২০ মার্চ, ২০২৩ ১৩:১৮"),
        ],
        "2023-03-20T13:18:35+06:00",
        "2023-03-20T13:18:35+06:00",
    ),
    "livenews24": (
        [c("text", "unknown", "নিজস্ব প্রতিবেদকতারিখ: ১৬-০৭-২০১২")],
        "2012-07-16T00:00:00+06:00",
        None,
    ),
    "samakal-card": (
        [c("text", "unknown", "আপডেটঃ ২২ আগস্ট ২০২৬ | ০৭:৩৪")],
        "2026-08-22T07:34:00+06:00",
        None,
    ),
    "bdnews24-card": (
        [c("text", "unknown", "প্রকাশিত : ২৯ মার্চ ২০২৬, ০২:৫১ PM")],
        "2026-03-29T14:51:00+06:00",
        None,
    ),
    "wordpress": (
        [
            c("text", "unknown", "ঢাকা ১১:৪৬ পূর্বাহ্ন, শনিবার, ২২ আগস্ট ২০২৬, ৭ ভাদ্র ১৪৩৩ বঙ্গাব্দ"),
            c("text", "updated", "আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১"),
        ],
        "2021-12-29T12:18:54+06:00",
        None,
    ),
    "wordpress-yoast": (
        [
            c("meta", "published", "2021-12-29T12:18:54+06:00"),
            c("meta", "updated", "2021-12-30T09:00:00+06:00"),
            c("text", "updated", "আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১"),
        ],
        "2021-12-29T12:18:54+06:00",
        "2021-12-30T09:00:00+06:00",
    ),
    "both-stamps-in-one-line": (
        [c("text", "unknown", "প্রকাশ: ২০ মার্চ ২০২৩, ১০:০০ | আপডেট: ২১ মার্চ ২০২৩, ১১:৩০")],
        "2023-03-20T10:00:00+06:00",
        "2023-03-21T11:30:00+06:00",
    ),
    "feed": (
        [c("meta", "published", "Sat, 22 Aug 2026 15:17:20 GMT")],
        "2026-08-22T21:17:20+06:00",
        None,
    ),
    "relative-card": (
        [c("text", "unknown", "৪ ঘণ্টা আগে")],
        "2026-08-23T05:00:00+06:00",
        None,
    ),
    # Issue 10, category 6: a <time> in Bengali digits labelled +00:00 holds Dhaka wall time.
    "mislabelled-utc": (
        [
            c("time", "unknown", "২০২৪-০৩-০৩T২০:০২:৩৩+০০:০০"),
            c("text", "updated", "আপডেট সময় ০৮:০২:৩৩ অপরাহ্ন, রবিবার, ০৩ মার্চ ২০২৪"),
        ],
        "2024-03-03T20:02:33+06:00",
        None,
    ),
    "mislabelled-utc-minutes": (
        [
            c("meta", "published", "2024-03-03T20:02:00Z"),
            c("text", "unknown", "প্রকাশ: ০৩ মার্চ ২০২৪, ০৮:০২ পিএম"),
        ],
        "2024-03-03T20:02:00+06:00",
        None,
    ),
    "bengali-digit-offset": (
        [c("time", "published", "২০২৪-০৩-০৩T১৫:০২:৩৩+০১:০০")],
        "2024-03-03T20:02:33+06:00",
        None,
    ),
    "bengali-digit-offset-agrees-with-stamp": (
        [
            c("jsonld", "published", "2024-03-03T15:02:33+০১:০০"),
            c("text", "updated", "আপডেট সময় ০৮:০২:৩৩ অপরাহ্ন, রবিবার, ০৩ মার্চ ২০২৪"),
        ],
        "2024-03-03T20:02:33+06:00",
        None,
    ),
    "an-update-six-hours-later-is-not-a-zone-error": (
        [
            c("meta", "published", "2024-03-03T10:00:00+06:00"),
            c("text", "updated", "আপডেট: ০৩ মার্চ ২০২৪, ১৬:০০"),
        ],
        "2024-03-03T10:00:00+06:00",
        "2024-03-03T16:00:00+06:00",
    ),
    "header-clock-glued-to-stamp": (
        [
            c(
                "text",
                "updated",
                "ঢাকা ০৯:১৫ পূর্বাহ্ন, সোমবার, ০৪ মার্চ ২০২৪ আপডেট সময় ০৮:০২:৩৩ অপরাহ্ন, রবিবার, ০৩ মার্চ ২০২৪",
            )
        ],
        "2024-03-03T20:02:33+06:00",
        None,
    ),
    "wordpress-date-gmt": (
        [c("pagedata", "published", "2024-03-03T14:02:33Z")],
        "2024-03-03T20:02:33+06:00",
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_template_choice(name: str) -> None:
    candidates, published, updated = TEMPLATES[name]
    item, _ = run(candidates)
    assert (iso(item.published_at), iso(item.updated_at)) == (published, updated)


def test_raw_strings_are_kept() -> None:
    line = "প্রকাশ: ২০ মার্চ ২০২৩, ১০:০০ | আপডেট: ২১ মার্চ ২০২৩, ১১:৩০"
    item, stats = run([c("text", "unknown", line)])
    assert item.published_raw == "প্রকাশ: ২০ মার্চ ২০২৩, ১০:০০"
    assert item.updated_raw == "আপডেট: ২১ মার্চ ২০২৩, ১১:৩০"
    assert stats["dates/from_text"] == 1


def test_date_only_borrows_a_same_day_time() -> None:
    item, _ = run(
        [c("jsonld", "published", "2023-03-20"), c("text", "unknown", "২০ মার্চ, ২০২৩ ১৩:১৮")]
    )
    assert iso(item.published_at) == "2023-03-20T13:18:00+06:00"
    assert item.published_raw == "2023-03-20"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("undefined", "rejected_bogus"),
        ("", "rejected_bogus"),
        ("null", "rejected_bogus"),
        ("2027-01-01T00:00:00+06:00", "rejected_future"),
        ("1970-01-01T00:00:00Z", "rejected_too_old"),
        ("১ জানুয়ারি ১৯৮৮", "rejected_too_old"),
        ("প্রিন্ট: ১০ আগস্ট ২০২৬, ০১:১২ এএম", "rejected_printed"),
        ("ঢাকা ১১:৪৬ পূর্বাহ্ন, শনিবার, ২২ আগস্ট ২০২৬, ৭ ভাদ্র ১৪৩৩ বঙ্গাব্দ", "rejected_clock"),
        ("সংবাদ", "candidate_unparsed"),
    ],
)
def test_bogus_values_are_refused(value: str, reason: str) -> None:
    item, stats = run([c("meta", "published", value), c("time", "unknown", "2023-03-20T10:00")])
    assert iso(item.published_at) == "2023-03-20T10:00:00+06:00"
    assert stats[f"dates/{reason}"] == 1
    assert stats["dates/parsed"] == 1


def test_nothing_usable_counts_unparsed() -> None:
    item, stats = run([c("meta", "published", "undefined")])
    assert item.published_at is None
    assert stats["dates/unparsed"] == 1
    _, stats = run([])
    assert stats["dates/no_candidates"] == 1


def test_min_year_and_slack_settings() -> None:
    item, _ = run([c("meta", "published", "2001-05-01")], DATES_MIN_YEAR=2005)
    assert item.published_at is None
    soon = (FETCHED + timedelta(minutes=30)).isoformat()
    item, _ = run([c("meta", "published", soon)], DATES_FUTURE_SLACK_MINUTES=10)
    assert item.published_at is None


def test_site_zone_and_bad_zone() -> None:
    crawler = get_crawler()
    pipeline = build_from_crawler(DatesPipeline, crawler)
    item = ArticleItem(url="u", timezone="Asia/Kolkata", fetched_at=FETCHED,
                   date_candidates=[c("time", "unknown", "2020-10-09 10:32:52")])  # fmt: skip
    pipeline.process_item(item)
    assert iso(item.published_at) == "2020-10-09T10:32:52+05:30"
    item = ArticleItem(url="u", timezone="Nowhere/Else", fetched_at=FETCHED,
                   date_candidates=[c("time", "unknown", "2020-10-09 10:32:52")])  # fmt: skip
    pipeline.process_item(item)
    assert iso(item.published_at) == "2020-10-09T10:32:52+06:00"
    assert crawler.stats is not None
    assert crawler.stats.get_value("dates/bad_timezone") == 1


def test_existing_values_are_kept() -> None:
    crawler = get_crawler()
    pipeline = build_from_crawler(DatesPipeline, crawler)
    preset = datetime(2020, 1, 1, tzinfo=DHAKA)
    item = ArticleItem(
        url="u", published_at=preset, date_candidates=[c("meta", "published", "2021-01-01")]
    )
    pipeline.process_item(item)
    assert item.published_at == preset


def test_disabled() -> None:
    with pytest.raises(NotConfigured, match="DATES_ENABLED"):
        DatesPipeline.from_crawler(get_crawler(settings_dict={"DATES_ENABLED": False}))


def test_bad_default_zone_names_the_setting() -> None:
    with pytest.raises(ValueError, match="DATES_DEFAULT_TIMEZONE"):
        DatesPipeline.from_crawler(get_crawler(settings_dict={"DATES_DEFAULT_TIMEZONE": "X/Y"}))


def test_dict_items_work() -> None:
    crawler = get_crawler()
    pipeline = build_from_crawler(DatesPipeline, crawler)
    item = {"url": "u", "date_candidates": [c("meta", "published", "2021-01-01T10:00:00Z")],
            "published_at": None, "updated_at": None}  # fmt: skip
    pipeline.process_item(item)
    assert iso(item["published_at"]) == "2021-01-01T16:00:00+06:00"
