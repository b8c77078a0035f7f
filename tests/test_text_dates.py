"""Table-driven cases for every form ``parse_date`` reads (see issue 3)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from newscrawler.text.dates import DateResult, parse_date
from newscrawler.text.dates.fast import fast_parse
from newscrawler.text.dates.parse import _grammar as grammar

DHAKA = ZoneInfo("Asia/Dhaka")
REF = datetime(2026, 11, 28, 12, 0, 30, tzinfo=DHAKA)


def iso(text: str, **kwargs: object) -> str | None:
    result = parse_date(text, reference=REF, **kwargs)  # type: ignore[arg-type]
    return None if result is None else result.isoformat()


FORMS = [
    # Gregorian month names, every common spelling, Bengali/ASCII/mixed digits.
    ("২৯ ডিসেম্বর ২০২১", "2021-12-29"),
    ("১ জানুয়ারি ২০২৪", "2024-01-01"),
    ("১ জানুয়ারী ২০২৪", "2024-01-01"),
    ("১ জানু\u09dfারি ২০২৪", "2024-01-01"),  # precomposed য়
    ("২ ফেব্রুয়ারি ২০২৪", "2024-02-02"),
    ("২ ফেব্রুয়ারী ২০২৪", "2024-02-02"),
    ("১৫ আগস্ট ২০২৪", "2024-08-15"),
    ("১৫ আগষ্ট ২০২৪", "2024-08-15"),
    ("১৫ অগাস্ট ২০২৪", "2024-08-15"),
    ("১৫ অগস্ট ২০২৪", "2024-08-15"),
    ("৩ সেপ্টেম্বর ২০২৪", "2024-09-03"),
    ("৩১ অক্টোবর ২০২৪", "2024-10-31"),
    ("৫ মে ২০২৪", "2024-05-05"),
    ("20 March 2023", "2023-03-20"),
    ("Mar 20, 2023", "2023-03-20"),
    ("২০ মার্চ 20২৩", "2023-03-20"),
    ("২0 মার্চ ২০২৩", "2023-03-20"),
    # Month-day-year and ordinals.
    ("নভেম্বর ৭, ২০২৫", "2025-11-07"),
    ("১লা মে ২০২৪", "2024-05-01"),
    ("২রা জুন ২০২৪", "2024-06-02"),
    ("৩রা জুলাই ২০২৪", "2024-07-03"),
    ("৪ঠা জুলাই ২০২৪", "2024-07-04"),
    ("৫ই জুলাই ২০২৪", "2024-07-05"),
    ("১৯শে মার্চ ২০২৪", "2024-03-19"),
    ("March 1st, 2024", "2024-03-01"),
    # Numeric dates: day first, and ISO order.
    ("২৯-১২-২০২১", "2021-12-29"),
    ("২৯/১২/২০২১", "2021-12-29"),
    ("29.12.2021", "2021-12-29"),
    ("০৪-০৭-২০১২", "2012-07-04"),
    ("2021/12/29", "2021-12-29"),
    ("২০২১-১২-২৯", "2021-12-29"),
    # Year-less: the latest such date not after the reference (2026-11-28).
    ("১২ নভেম্বর", "2026-11-12"),
    ("৫ ডিসেম্বর", "2025-12-05"),
    ("২৮ নভেম্বর", "2026-11-28"),
    # Times: separators, seconds, o'clock, 12-hour markers.
    ("২৯ ডিসেম্বর ২০২১, ১২:১৮", "2021-12-29T12:18:00+06:00"),
    ("২৯ ডিসেম্বর ২০২১, ১২ঃ১৮ঃ৫৪", "2021-12-29T12:18:54+06:00"),
    ("২৯ ডিসেম্বর ২০২১, ১০.৩০", "2021-12-29T10:30:00+06:00"),
    ("২৯ ডিসেম্বর ২০২১, ১০টা", "2021-12-29T10:00:00+06:00"),
    ("২৯ ডিসেম্বর ২০২১, ১০টা ৩০ মিনিটে", "2021-12-29T10:30:00+06:00"),
    ("২৯ ডিসেম্বর ২০২১, সাড়ে ১০টা", "2021-12-29T10:30:00+06:00"),
    ("২৯ ডিসেম্বর ২০২১ ১২:০০ এএম", "2021-12-29T00:00:00+06:00"),
    ("২৯ ডিসেম্বর ২০২১ ১২:০০ পিএম", "2021-12-29T12:00:00+06:00"),
    ("২৯ ডিসেম্বর ২০২১ ১২:১৮ অপরাহ্ন", "2021-12-29T12:18:00+06:00"),
    ("২৯ ডিসেম্বর ২০২১ ০২:১৮ অপরাহ্ণ", "2021-12-29T14:18:00+06:00"),
    ("২৯ ডিসেম্বর ২০২১ ১১:৪৬ পূর্বাহ্ন", "2021-12-29T11:46:00+06:00"),
    ("২৯ মার্চ ২০২৬, ০২:৫১ PM", "2026-03-29T14:51:00+06:00"),
    ("২৯ মার্চ ২০২৬, ০২:৫১ AM", "2026-03-29T02:51:00+06:00"),
    ("২৯ মার্চ ২০২৬, ০২:৫১ p.m.", "2026-03-29T14:51:00+06:00"),
    ("২০ মার্চ, ২০২৩ ১৩:১৮", "2023-03-20T13:18:00+06:00"),
    # Day-part words.
    ("দুপুর ২:২২, ৭ নভেম্বর ২০২৫", "2025-11-07T14:22:00+06:00"),
    ("রাত ৯টা, ৭ নভেম্বর ২০২৫", "2025-11-07T21:00:00+06:00"),
    ("রাত ২:৫১, ৭ নভেম্বর ২০২৫", "2025-11-07T02:51:00+06:00"),
    ("রাত ১২:৩০, ৭ নভেম্বর ২০২৫", "2025-11-07T00:30:00+06:00"),
    ("ভোর ৫টা, ৭ নভেম্বর ২০২৫", "2025-11-07T05:00:00+06:00"),
    ("সকাল ১০:১৫, ৭ নভেম্বর ২০২৫", "2025-11-07T10:15:00+06:00"),
    ("বিকাল ৪টা, ৭ নভেম্বর ২০২৫", "2025-11-07T16:00:00+06:00"),
    ("বিকেল ৪টা, ৭ নভেম্বর ২০২৫", "2025-11-07T16:00:00+06:00"),
    ("সন্ধ্যা ৭টা, ৭ নভেম্বর ২০২৫", "2025-11-07T19:00:00+06:00"),
    ("শেষরাত ৩টা, ৭ নভেম্বর ২০২৫", "2025-11-07T03:00:00+06:00"),
    ("৭ নভেম্বর ২০২৫, রাত ১০:৩০", "2025-11-07T22:30:00+06:00"),
    # Time before the date; labels; places; separators; stray spaces.
    ("১০:৩২ এএম | ০৯ অক্টোবর, ২০২০", "2020-10-09T10:32:00+06:00"),
    ("প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম", "2026-08-09T00:00:00+06:00"),
    ("প্রকাশিত : ২৯ মার্চ ২০২৬, ০২:৫১ PM", "2026-03-29T14:51:00+06:00"),
    ("প্রকাশের সময় : ২৯ মার্চ ২০২৬ , ০২:৫১ PM", "2026-03-29T14:51:00+06:00"),
    ("আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১", "2021-12-29T12:18:54+06:00"),
    ("হালনাগাদ: ২৯ ডিসেম্বর ২০২১", "2021-12-29"),
    ("সর্বশেষ আপডেট: ২৯ ডিসেম্বর ২০২১ - ১০:০০", "2021-12-29T10:00:00+06:00"),
    ("আপডেটঃ ২২ আগস্ট ২০২৬ | ০৭:৩৪", "2026-08-22T07:34:00+06:00"),
    ("ঢাকা, ২৯ ডিসেম্বর ২০২১", "2021-12-29"),
    ("ঢাকা ২৯ ডিসেম্বর ২০২১", "2021-12-29"),
    ("তারিখ: ১৬-০৭-২০১২", "2012-07-16"),
    ("নিজস্ব প্রতিবেদকতারিখ: ১৬-০৭-২০১২", "2012-07-16"),
    # Dual and triple datelines: the Gregorian part wins, in any order.
    ("২৯ ডিসেম্বর ২০২১, ১৪ পৌষ ১৪২৮", "2021-12-29"),
    ("১৪ পৌষ ১৪২৮ বঙ্গাব্দ, ২৯ ডিসেম্বর ২০২১ খ্রিস্টাব্দ", "2021-12-29"),
    ("২৪ আশ্বিন ১৪২৭, ২০ সফর ১৪৪২, ০৯ অক্টোবর ২০২০", "2020-10-09"),
    ("০৯ অক্টোবর ২০২০ | ২৪ আশ্বিন ১৪২৭ | ২০ সফর ১৪৪২ হিজরি", "2020-10-09"),
    # Bangla calendar alone (Bangladesh rule, revised 2019).
    ("২৪ আশ্বিন ১৪২৭", "2020-10-09"),
    ("১ পৌষ ১৪৩২", "2025-12-16"),
    ("৮ ফাল্গুন ১৪৩২", "2026-02-21"),
    ("১২ চৈত্র ১৪৩২ বঙ্গাব্দ", "2026-03-26"),
    ("১লা বৈশাখ ১৪৩৩", "2026-04-14"),
    ("১৫ জৈষ্ঠ ১৪৩১", "2024-05-29"),
    ("১৫ জ্যৈষ্ঠ ১৪৩১", "2024-05-29"),
    ("১ অগ্রহায়ণ ১৪৩২", "2025-11-16"),
    ("১ অগ্রাহায়ণ ১৪৩২", "2025-11-16"),
    # Hijri alone: the tabular calendar, which matched Bangladesh's sighted dates here.
    ("১ রমজান ১৪৪৫", "2024-03-11"),
    ("১ রমজান ১৪৪৫ হিজরি", "2024-03-11"),
    ("১০ মহররম ১৪৪৬", "2024-07-17"),
    ("১২ রবিউল আউয়াল ১৪৪৬", "2024-09-16"),
    ("১ জিলহজ ১৪৪৫", "2024-06-08"),
    # Relative phrases against the reference (2026-11-28 12:00:30 Dhaka).
    ("এইমাত্র", "2026-11-28T12:00:00+06:00"),
    ("৫ মিনিট আগে", "2026-11-28T11:55:00+06:00"),
    ("২ ঘণ্টা ১৮ মিনিট আগে", "2026-11-28T09:42:00+06:00"),
    ("২ ঘন্টা আগে", "2026-11-28T10:00:00+06:00"),
    ("৩ দিন আগে", "2026-11-25"),
    ("১ সপ্তাহ আগে", "2026-11-21"),
    ("আজ", "2026-11-28"),
    ("গতকাল", "2026-11-27"),
    ("গতকাল, রাত ১০:৩০", "2026-11-27T22:30:00+06:00"),
    ("5 minutes ago", "2026-11-28T11:55:00+06:00"),
    # Machine forms.
    ("2023-03-20T13:18:35+06:00", "2023-03-20T13:18:35+06:00"),
    ("2023-03-20T07:18:35Z", "2023-03-20T13:18:35+06:00"),
    ("2023-03-20T13:18:35+06:00.000Z", "2023-03-20T13:18:35+06:00"),
    ("2023-03-20T13:18:35.000+0600", "2023-03-20T13:18:35+06:00"),
    ("2020-10-09 10:32:52", "2020-10-09T10:32:52+06:00"),
    ("2020-10-09", "2020-10-09"),
    ("1679296715", "2023-03-20T13:18:35+06:00"),
    ("1679296715000", "2023-03-20T13:18:35+06:00"),
    ("Sat, 22 Aug 2026 15:17:20 GMT", "2026-08-22T21:17:20+06:00"),
    ("Sat, 08 Aug 2026 18:57:06 +0000", "2026-08-09T00:57:06+06:00"),
    ("22-02-2026 13:16:34", "2026-02-22T13:16:34+06:00"),
    # Historical offset: Bangladesh ran +07:00 in the second half of 2009.
    ("৩ জুলাই ২০০৯, ১০:০০", "2009-07-03T10:00:00+07:00"),
    ("2009-07-03T10:00:00", "2009-07-03T10:00:00+07:00"),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_forms(text: str, expected: str) -> None:
    assert iso(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "undefined",
        "null",
        "আজকের পত্রিকা",
        "রাত ৯টা",  # a time without a day is not a date
        "বঙ্গাব্দ ১৪৩০",
        "২০ মার্চ ১৪৩০ বঙ্গাব্দ",  # a Bangla year never becomes a Gregorian one
        "৩০ ফেব্রুয়ারি ২০২৪",
        "১৩-১৩-২০২১",
        "৪৫ মিনিট",
        "12345",
        "সংবাদ সম্মেলনে তিনি বলেন",
    ],
)
def test_no_date(text: str) -> None:
    assert parse_date(text, reference=REF) is None


def test_result_fields() -> None:
    text = "ঢাকা, প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম"
    result = parse_date(text, reference=REF)
    assert isinstance(result, DateResult)
    assert result.precision == "minute"
    assert result.calendar == "gregorian"
    assert result.label == "published"
    assert text[result.span[0] : result.span[1]] == "প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম"
    assert result.value == datetime(2026, 8, 9, tzinfo=DHAKA)


def test_date_only_is_a_date() -> None:
    result = parse_date("২৯ ডিসেম্বর ২০২১")
    assert result is not None
    assert type(result.value) is date
    assert result.precision == "day"


@pytest.mark.parametrize(
    ("text", "label", "other_label"),
    [
        ("প্রকাশ: ২০ মার্চ ২০২৩ | আপডেট: ২১ মার্চ ২০২৩", "published", "updated"),
        ("আপডেট: ২১ মার্চ ২০২৩, প্রকাশ: ২০ মার্চ ২০২৩", "published", "updated"),
        ("২০ মার্চ ২০২৩ | আপডেট: ২১ মার্চ ২০২৩", None, "updated"),
    ],
)
def test_published_wins_over_updated(text: str, label: str | None, other_label: str) -> None:
    result = parse_date(text, reference=REF)
    assert result is not None
    assert result.isoformat() == "2023-03-20"
    assert result.label == label
    assert [(o.isoformat(), o.label) for o in result.others] == [("2023-03-21", other_label)]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("ঢাকা ১১:৪৬ পূর্বাহ্ন, বুধবার, ১২ নভেম্বর ২০২৫, ২৮ কার্তিক ১৪৩২ বঙ্গাব্দ", "clock"),
        ("বুধবার, ১৪ অক্টোবর ২০২০, ২৯ আশ্বিন ১৪২৭", "clock"),
        ("প্রিন্ট: ১০ আগস্ট ২০২৬, ০১:১২ এএম", "printed"),
        ("প্রিন্ট সংস্করণ, ০৯ আগস্ট ২০২৬", None),
        ("১০:৩২ এএম | ০৯ অক্টোবর, ২০২০", None),
    ],
)
def test_clock_and_print_labels(text: str, label: str | None) -> None:
    result = parse_date(text, reference=REF)
    assert result is not None
    assert result.label == label


def test_header_clock_gives_way_to_the_real_stamp() -> None:
    text = (
        "ঢাকা ১১:৪৬ পূর্বাহ্ন, বুধবার, ১২ নভেম্বর ২০২৫, ২৮ কার্তিক ১৪৩২ বঙ্গাব্দ "
        "আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১"
    )
    result = parse_date(text, reference=REF)
    assert result is not None
    assert (result.isoformat(), result.label) == ("2021-12-29T12:18:54+06:00", "updated")
    assert [o.label for o in result.others] == ["clock"]


@pytest.mark.parametrize(
    ("text", "mismatch"),
    [
        ("সোমবার, ২০ মার্চ ২০২৩", False),
        ("মঙ্গলবার, ২০ মার্চ ২০২৩", True),
        ("২০ মার্চ ২০২৩, রোববার", True),
        ("রবিবার, ১৯ মার্চ ২০২৩", False),
        ("রোববার ১৯ মার্চ ২০২৩", False),
        ("বৃহস্পতিবার, ২৩ মার্চ ২০২৩", False),
        ("শুক্রবার ২৪ মার্চ ২০২৩", False),
        ("শনিবার ২৫ মার্চ ২০২৩", False),
        ("বুধবার, ২২ মার্চ ২০২৩", False),
        ("Monday, 20 March 2023", False),
    ],
)
def test_weekday_is_checked_not_trusted(text: str, mismatch: bool) -> None:
    result = parse_date(text, reference=REF)
    assert result is not None
    assert (result.value.year, result.value.month) == (2023, 3)
    assert result.weekday_mismatch is mismatch


def test_reference_without_zone_is_site_time() -> None:
    naive = datetime(2026, 11, 28, 12, 0)
    result = parse_date("৫ মিনিট আগে", reference=naive)
    assert result is not None
    assert result.isoformat() == "2026-11-28T11:55:00+06:00"


def test_west_bengal_uses_the_traditional_calendar() -> None:
    dhaka = parse_date("১ বৈশাখ ১৪৩২", tz="Asia/Dhaka")
    kolkata = parse_date("১ বৈশাখ ১৪৩২", tz="Asia/Kolkata")
    assert dhaka is not None and kolkata is not None
    assert dhaka.value == date(2025, 4, 14)
    assert kolkata.value == date(2025, 4, 15)


def test_kolkata_offset() -> None:
    assert iso("২৯ ডিসেম্বর ২০২১, ১০:০০", tz="Asia/Kolkata") == "2021-12-29T10:00:00+05:30"


def test_bad_zone_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="Mars/Olympus"):
        parse_date("২৯ ডিসেম্বর ২০২১", tz="Mars/Olympus")


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_fast_path_agrees_with_the_grammar(text: str, expected: str) -> None:
    now = REF.astimezone(DHAKA)
    fast = fast_parse(text, DHAKA, now, False)
    if fast is not None:
        assert fast == grammar(text, DHAKA, now, False)


def test_to_json() -> None:
    result = parse_date("প্রকাশ: ২০ মার্চ ২০২৩ | আপডেট: ২১ মার্চ ২০২৩")
    assert result is not None
    assert result.as_dict()["others"][0]["label"] == "updated"
    assert '"label": "published"' in result.to_json()


def test_english_last_resort_is_dateparser() -> None:
    # The grammar does not read "20/Mar/2023"; dateparser does, for short Latin strings only.
    result = parse_date("20/Mar/2023", reference=REF)
    assert result is not None
    assert result.isoformat() == "2023-03-20"


def test_ordinal_of_month() -> None:
    assert iso("Tuesday, the 3rd of March, 2020") == "2020-03-03"
