"""Bengali renderings of dates and times, as the sample site's templates print them.

Pure functions; the templates pick one style per article so that a crawl meets
the same variety real Bengali sites show (Bengali or ASCII digits, এএম/পিএম or
পূর্বাহ্ন/অপরাহ্ন, 12- or 24-hour clocks, the Bangla calendar of Bangladesh).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from newscrawler.text.digits import to_bengali_digits

DHAKA = ZoneInfo("Asia/Dhaka")
MONTHS = (
    "জানুয়ারি",
    "ফেব্রুয়ারি",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টেম্বর",
    "অক্টোবর",
    "নভেম্বর",
    "ডিসেম্বর",
)
WEEKDAYS = ("সোমবার", "মঙ্গলবার", "বুধবার", "বৃহস্পতিবার", "শুক্রবার", "শনিবার", "রবিবার")
BANGLA_MONTHS = (
    "বৈশাখ",
    "জ্যৈষ্ঠ",
    "আষাঢ়",
    "শ্রাবণ",
    "ভাদ্র",
    "আশ্বিন",
    "কার্তিক",
    "অগ্রহায়ণ",
    "পৌষ",
    "মাঘ",
    "ফাল্গুন",
    "চৈত্র",
)


def digits(text: str, bengali: bool = True) -> str:
    """``text`` with Bengali digits, or unchanged when ``bengali`` is false.

    >>> digits("12:05"), digits("12:05", bengali=False)
    ('১২:০৫', '12:05')
    """
    return to_bengali_digits(text) if bengali else text


def day_month_year(when: datetime | date, bengali: bool = True) -> str:
    """``০৯ আগস্ট ২০২৬``.

    >>> day_month_year(date(2026, 8, 9))
    '০৯ আগস্ট ২০২৬'
    """
    return digits(f"{when.day:02d} {MONTHS[when.month - 1]} {when.year}", bengali)


def clock12(when: datetime, bengali: bool = True, seconds: bool = False) -> tuple[str, bool]:
    """The 12-hour clock reading and whether it is after noon (``12:00`` at midnight).

    >>> clock12(datetime(2026, 8, 9, 0, 0))
    ('১২:০০', False)
    >>> clock12(datetime(2021, 12, 29, 12, 18, 54), seconds=True)
    ('১২:১৮:৫৪', True)
    """
    hour = when.hour % 12 or 12
    text = f"{hour:02d}:{when.minute:02d}" + (f":{when.second:02d}" if seconds else "")
    return digits(text, bengali), when.hour >= 12


def time_ampm(when: datetime, bengali: bool = True) -> str:
    """``০১:১৬ পিএম`` (Bengali এএম/পিএম; ASCII digits get Latin AM/PM).

    >>> time_ampm(datetime(2026, 2, 22, 13, 16))
    '০১:১৬ পিএম'
    >>> time_ampm(datetime(2026, 2, 22, 0, 5), bengali=False)
    '12:05 AM'
    """
    text, pm = clock12(when, bengali)
    if bengali:
        return f"{text} {'পিএম' if pm else 'এএম'}"
    return f"{text} {'PM' if pm else 'AM'}"


def time_wordy(when: datetime, seconds: bool = True) -> str:
    """The WordPress theme's ``১২:১৮:৫৪ অপরাহ্ন`` (before noon: পূর্বাহ্ন).

    >>> time_wordy(datetime(2021, 12, 29, 12, 18, 54))
    '১২:১৮:৫৪ অপরাহ্ন'
    """
    text, pm = clock12(when, True, seconds)
    return f"{text} {'অপরাহ্ন' if pm else 'পূর্বাহ্ন'}"


def time24(when: datetime, bengali: bool = True) -> str:
    """``১৩:১৬``.

    >>> time24(datetime(2026, 2, 22, 13, 16))
    '১৩:১৬'
    """
    return digits(f"{when.hour:02d}:{when.minute:02d}", bengali)


def weekday(when: datetime | date) -> str:
    """The Bengali weekday name.

    >>> weekday(date(2021, 12, 29))
    'বুধবার'
    """
    return WEEKDAYS[when.weekday()]


def bangla_calendar(day: date) -> str:
    """The date in Bangladesh's revised Bangla calendar (1 Boishakh = 14 April).

    >>> bangla_calendar(date(2020, 10, 9))
    '২৪ আশ্বিন ১৪২৭'
    >>> bangla_calendar(date(2024, 4, 13))
    '৩০ চৈত্র ১৪৩০'
    """
    new_year = date(day.year, 4, 14)
    if day < new_year:
        new_year = date(day.year - 1, 4, 14)
    year = new_year.year - 593
    leap_next = _is_leap(new_year.year + 1)
    lengths = [31] * 6 + [30] * 4 + [30 if leap_next else 29, 30]
    offset = (day - new_year).days
    month = 0
    while offset >= lengths[month]:
        offset -= lengths[month]
        month += 1
    return digits(f"{offset + 1} {BANGLA_MONTHS[month]} {year}")


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def header_clock(now: datetime) -> str:
    """The WordPress theme's header line (the day the page is served, not a story date).

    >>> header_clock(datetime(2025, 11, 12, 11, 46, tzinfo=DHAKA))
    'ঢাকা ১১:৪৬ পূর্বাহ্ন, বুধবার, ১২ নভেম্বর ২০২৫, ২৭ কার্তিক ১৪৩২ বঙ্গাব্দ'
    """
    clock = time_wordy(now, seconds=False)
    return f"ঢাকা {clock}, {weekday(now)}, {day_month_year(now)}, {bangla_calendar(now.date())} বঙ্গাব্দ"


def iso(when: datetime | None) -> str | None:
    """ISO 8601 in Bangladesh time, or None.

    >>> iso(datetime(2026, 2, 22, 13, 16, 34, tzinfo=DHAKA))
    '2026-02-22T13:16:34+06:00'
    """
    return when.astimezone(DHAKA).isoformat() if when else None


def minute(when: datetime) -> datetime:
    """``when`` without seconds (what a page printing minutes shows)."""
    return when - timedelta(seconds=when.second, microseconds=when.microsecond)
