"""Hypothesis properties: never raise; every rendered datetime parses back exactly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.text.dates import bangla, hijri, parse_date
from newscrawler.text.dates.fast import fast_parse
from newscrawler.text.dates.parse import _grammar as grammar
from newscrawler.text.digits import to_bengali_digits as bn

DHAKA = ZoneInfo("Asia/Dhaka")
MONTHS_BN = "জানুয়ারি ফেব্রুয়ারি মার্চ এপ্রিল মে জুন জুলাই আগস্ট সেপ্টেম্বর অক্টোবর নভেম্বর ডিসেম্বর"
MONTHS_EN = "January February March April May June July August September October November December"
WEEKDAYS_BN = "সোমবার মঙ্গলবার বুধবার বৃহস্পতিবার শুক্রবার শনিবার রবিবার"
BANGLA_MONTHS = "বৈশাখ জ্যৈষ্ঠ আষাঢ় শ্রাবণ ভাদ্র আশ্বিন কার্তিক অগ্রহায়ণ পৌষ মাঘ ফাল্গুন চৈত্র"
HIJRI_MONTHS = [
    "মহররম", "সফর", "রবিউল আউয়াল", "রবিউস সানি", "জমাদিউল আউয়াল", "জমাদিউস সানি",
    "রজব", "শাবান", "রমজান", "শাওয়াল", "জিলকদ", "জিলহজ",
]  # fmt: skip

wall_times = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31))
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


def month_bn(value: date) -> str:
    return MONTHS_BN.split()[value.month - 1]


def hour12(value: datetime) -> str:
    return f"{(value.hour % 12) or 12:02d}"


def day_part(value: datetime) -> str:
    """The word a Bengali page puts before this hour on a 12-hour clock."""
    hour = value.hour
    for last, word in ((3, "রাত"), (5, "ভোর"), (11, "সকাল"), (14, "দুপুর"), (17, "বিকাল")):
        if hour <= last:
            return word
    return "সন্ধ্যা" if hour <= 19 else "রাত"


WALL_FORMATS: list[Callable[[datetime], str]] = [
    lambda d: (
        bn(f"{d.day} {month_bn(d)} {d.year}, {hour12(d)}:{d.minute:02d}:{d.second:02d} ")
        + ("এএম" if d.hour < 12 else "পিএম")
    ),
    lambda d: (
        bn(f"প্রকাশ: {d.day:02d} {month_bn(d)} {d.year}, {hour12(d)}:{d.minute:02d}:{d.second:02d} ")
        + ("AM" if d.hour < 12 else "PM")
    ),
    lambda d: (
        bn(f"আপডেট সময় {hour12(d)}:{d.minute:02d}:{d.second:02d} ")
        + ("পূর্বাহ্ন" if d.hour < 12 else "অপরাহ্ন")
        + f", {WEEKDAYS_BN.split()[d.weekday()]}, "
        + bn(f"{d.day} {month_bn(d)} {d.year}")
    ),
    lambda d: f"{d.day}-{d.month:02d}-{d.year} {d.hour:02d}:{d.minute:02d}:{d.second:02d}",
    lambda d: bn(f"{month_bn(d)} {d.day}, {d.year} {d.hour:02d}ঃ{d.minute:02d}ঃ{d.second:02d}"),
    lambda d: (
        f"{MONTHS_EN.split()[d.month - 1]} {d.day}, {d.year} {d.hour}:{d.minute:02d}:{d.second:02d}"
    ),
    lambda d: bn(f"{d.year}-{d.month:02d}-{d.day:02d} {d.hour:02d}:{d.minute:02d}:{d.second:02d}"),
]
MINUTE_FORMATS: list[Callable[[datetime], str]] = [
    lambda d: day_part(d) + " " + bn(f"{hour12(d)}:{d.minute:02d}, {d.day} {month_bn(d)} {d.year}"),
    lambda d: (
        bn(f"{d.day}/{d.month}/{d.year} ")
        + day_part(d)
        + bn(f" {(d.hour % 12) or 12}টা {d.minute} মিনিটে")
    ),
]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_string_returns_without_raising(text: str) -> None:
    result = parse_date(text)
    if result is not None:
        assert 0 <= result.span[0] <= result.span[1] <= len(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "প্রকাশ",
                "আপডেট",
                ":",
                "১২",
                "২০২৩",
                "মার্চ",
                "রাত",
                "১০",
                "টা",
                "আগে",
                "মিনিট",
                "আজ",
                "বঙ্গাব্দ",
                "চৈত্র",
                "রমজান",
                "১৪৪৫",
                "-",
                "/",
                ".",
                ",",
                "PM",
                "এএম",
                "সোমবার",
                "৩১",
                "০",
            ]
        ),
        max_size=30,
    )
)
def test_date_like_noise_returns_without_raising(words: list[str]) -> None:
    parse_date(" ".join(words))
    parse_date("".join(words))


@settings(max_examples=60, deadline=None)
@given(wall_times, st.integers(0, len(WALL_FORMATS) - 1))
def test_wall_formats_parse_back(value: datetime, index: int) -> None:
    value = value.replace(microsecond=0)
    text = WALL_FORMATS[index](value)
    result = parse_date(text)
    assert result is not None, text
    assert isinstance(result.value, datetime)
    assert result.value.replace(tzinfo=None) == value, text
    assert not result.weekday_mismatch


@settings(max_examples=60, deadline=None)
@given(wall_times, st.integers(0, len(MINUTE_FORMATS) - 1))
def test_day_part_formats_parse_back(value: datetime, index: int) -> None:
    value = value.replace(second=0, microsecond=0)
    text = MINUTE_FORMATS[index](value)
    result = parse_date(text)
    assert result is not None, text
    assert isinstance(result.value, datetime)
    assert result.value.replace(tzinfo=None) == value, text


@settings(max_examples=60, deadline=None)
@given(wall_times)
def test_machine_formats_parse_back(value: datetime) -> None:
    instant = value.replace(microsecond=0, tzinfo=UTC)
    for text in (
        instant.astimezone(DHAKA).isoformat(),
        instant.isoformat().replace("+00:00", "Z"),
        format_datetime(instant, usegmt=True),
        str(int(instant.timestamp())),
        str(int(instant.timestamp()) * 1000),
    ):
        result = parse_date(text)
        assert result is not None, text
        assert isinstance(result.value, datetime)
        assert result.value == instant, text


@settings(max_examples=60, deadline=None)
@given(days)
def test_date_formats_parse_back(value: date) -> None:
    year, month, day = bangla.from_gregorian(value)
    hy, hm, hd = hijri.from_gregorian(value)
    for text in (
        bn(f"{value.day} {month_bn(value)} {value.year}"),
        bn(f"তারিখ: {value.day:02d}-{value.month:02d}-{value.year}"),
        f"{value.day}.{value.month}.{value.year}",
        bn(f"{day} {BANGLA_MONTHS.split()[month - 1]} {year} বঙ্গাব্দ"),
        bn(f"{hd} {HIJRI_MONTHS[hm - 1]} {hy} হিজরি"),
        bn(f"{day} {BANGLA_MONTHS.split()[month - 1]} {year}, ")
        + bn(f"{value.day} {month_bn(value)} {value.year}"),
    ):
        result = parse_date(text)
        assert result is not None, text
        assert result.value == value, text


@settings(max_examples=60, deadline=None)
@given(wall_times, st.integers(0, 23), st.integers(0, 59))
def test_relative_parses_back(reference: datetime, hours: int, minutes: int) -> None:
    now = reference.replace(second=0, microsecond=0, tzinfo=DHAKA)
    text = bn(f"{hours} ঘণ্টা {minutes} মিনিট আগে") if hours else bn(f"{minutes} মিনিট আগে")
    result = parse_date(text, reference=now)
    assert result is not None
    assert result.value == now - timedelta(hours=hours, minutes=minutes)


# The one-stamp shapes the fast path is for: every format but the last wall format
# (the ISO-like line in Bengali digits), which it leaves to the grammar.
FAST_FORMATS = WALL_FORMATS[:-1] + MINUTE_FORMATS


def _agree(text: str, *, answered: bool) -> None:
    """The fast path answers only as the grammar would; with ``answered`` it must answer."""
    now = datetime(2026, 11, 28, 12, 0, tzinfo=DHAKA)
    fast = fast_parse(text, DHAKA, now, False)
    if fast is None:
        assert not answered, f"the fast path declined {text!r}"
        return
    assert fast == grammar(text, DHAKA, now, False), text


def test_the_format_left_out_is_the_iso_like_one() -> None:
    assert WALL_FORMATS[-1](datetime(2025, 3, 4, 13, 5, 6)) == "২০২৫-০৩-০৪ ১৩:০৫:০৬"


@settings(max_examples=100, deadline=None)
@given(wall_times, st.integers(0, len(FAST_FORMATS) - 1))
def test_fast_path_agrees_with_the_grammar(value: datetime, index: int) -> None:
    _agree(FAST_FORMATS[index](value.replace(microsecond=0)), answered=True)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "প্রকাশ",
                "আপডেট",
                "সময়",
                ":",
                "১২",
                "২০২৩",
                "মার্চ",
                "রাত",
                "১০",
                "টা",
                "আগে",
                "মিনিট",
                "আজ",
                "বঙ্গাব্দ",
                "চৈত্র",
                "রমজান",
                "১৪৪৫",
                "-",
                "/",
                ".",
                ",",
                "|",
                "PM",
                "এএম",
                "সোমবার",
                "৩১",
                "০৫",
                "১লা",
                "৭",
                "নভেম্বর",
                "হিজরি",
                "১৪৩২",
                "২০২৫",
                "০২:৫১",
                "১১:৪৬:০৯",
                "সাড়ে",
            ]
        ),
        min_size=1,
        max_size=12,
    )
)
def test_fast_path_agrees_on_noise(words: list[str]) -> None:
    _agree(" ".join(words), answered=False)  # noise may or may not be a stamp


@settings(max_examples=100, deadline=None)
@given(wall_times, st.permutations([0, 1, 2]), st.integers(1, 3), st.booleans(), st.booleans())
def test_fast_path_agrees_on_datelines(
    value: datetime, order: list[int], count: int, weekday: bool, time_first: bool
) -> None:
    year, month, day = bangla.from_gregorian(value.date())
    hy, hm, hd = hijri.from_gregorian(value.date())
    parts = [
        bn(f"{value.day} {month_bn(value)} {value.year}"),
        bn(f"{day} {BANGLA_MONTHS.split()[month - 1]} {year} বঙ্গাব্দ"),
        bn(f"{hd} {HIJRI_MONTHS[hm - 1]} {hy} হিজরি"),
    ]
    line = ", ".join(parts[i] for i in order[:count])
    if weekday:
        line = WEEKDAYS_BN.split()[value.weekday()] + ", " + line
    clock = bn(f"{hour12(value)}:{value.minute:02d} ") + ("এএম" if value.hour < 12 else "পিএম")
    _agree(f"{clock}, {line}" if time_first else f"{line}, {clock}", answered=True)
    _agree(line, answered=True)
