"""Bangla-calendar and Hijri conversions: fixed points, month rules, round trips."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from newscrawler.text.dates import bangla, hijri, parse_date
from newscrawler.text.dates.sankranti import month_start


@pytest.mark.parametrize(
    ("bs", "expected"),
    [
        ((1432, 1, 1), date(2025, 4, 14)),
        ((1432, 9, 1), date(2025, 12, 16)),  # 1 Poush = 16 December (Victory Day)
        ((1432, 11, 8), date(2026, 2, 21)),  # 8 Falgun = 21 February
        ((1432, 12, 12), date(2026, 3, 26)),  # 12 Chaitra = 26 March
        ((1430, 11, 8), date(2024, 2, 21)),  # leap February: Falgun has 30 days
        ((1430, 12, 12), date(2024, 3, 26)),
        ((1427, 6, 24), date(2020, 10, 9)),
        ((1425, 9, 1), date(2018, 12, 15)),  # before 1426: the 1987 rule
    ],
)
def test_bangladesh_fixed_points(bs: tuple[int, int, int], expected: date) -> None:
    assert bangla.to_gregorian(*bs) == expected
    assert bangla.from_gregorian(expected) == bs


def test_falgun_length_follows_the_gregorian_leap_year() -> None:
    assert bangla.month_lengths(1430)[10] == 30  # Falgun 1430 is February 2024
    assert bangla.month_lengths(1431)[10] == 29
    assert bangla.to_gregorian(1431, 11, 30) is None
    assert bangla.to_gregorian(1432, 7, 31) is None  # Kartik has 30 days


@pytest.mark.parametrize("bangladesh", [True, False])
def test_round_trip_every_day_1400_to_1450(bangladesh: bool) -> None:
    day = bangla.to_gregorian(1400, 1, 1, bangladesh=bangladesh)
    end = bangla.to_gregorian(1451, 1, 1, bangladesh=bangladesh)
    assert day is not None and end is not None
    previous: tuple[int, int, int] | None = None
    while day < end:
        bs = bangla.from_gregorian(day, bangladesh=bangladesh)
        assert bangla.to_gregorian(*bs, bangladesh=bangladesh) == day
        assert previous is None or bs > previous  # strictly increasing, no gaps or repeats
        previous = bs
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        # West Bengal almanac dates of month starts (Poila Boishakh and others).
        (1430, 0, date(2023, 4, 15)),
        (1431, 0, date(2024, 4, 14)),
        (1432, 0, date(2025, 4, 15)),
        (1429, 0, date(2022, 4, 15)),
    ],
)
def test_west_bengal_month_starts_within_a_day(year: int, month: int, expected: date) -> None:
    assert abs((month_start(year, month) - expected).days) <= 1


def test_west_bengal_months_are_29_to_32_days() -> None:
    for year in range(1400, 1451):
        starts = [month_start(year, m) for m in range(12)] + [month_start(year + 1, 0)]
        lengths = [(b - a).days for a, b in pairwise(starts)]
        assert all(29 <= n <= 32 for n in lengths), (year, lengths)


@pytest.mark.parametrize(
    ("ah", "observed"),
    [
        ((1445, 9, 1), date(2024, 3, 12)),  # Ramadan began in Bangladesh on 12 March 2024
        ((1445, 10, 1), date(2024, 4, 11)),  # Eid al-Fitr 2024 in Bangladesh
        ((1446, 1, 10), date(2024, 7, 17)),  # Ashura 2024 in Bangladesh
        ((1442, 2, 20), date(2020, 10, 9)),  # barta24 prints this on 9 October 2020
    ],
)
def test_hijri_within_a_day_of_observed(ah: tuple[int, int, int], observed: date) -> None:
    converted = hijri.to_gregorian(*ah)
    assert converted is not None
    assert abs((converted - observed).days) <= 1


def test_hijri_round_trip() -> None:
    day = date(1990, 1, 1)
    while day < date(2040, 1, 1):
        assert hijri.to_gregorian(*hijri.from_gregorian(day)) == day
        day += timedelta(days=3)


def test_hijri_impossible_days() -> None:
    assert hijri.to_gregorian(1445, 2, 30) is None  # Safar has 29 days
    assert hijri.to_gregorian(1445, 13, 1) is None


@pytest.mark.parametrize(
    ("text", "calendar"),
    [("২৪ আশ্বিন ১৪২৭", "bangla"), ("২০ সফর ১৪৪২", "hijri"), ("০৯ অক্টোবর ২০২০", "gregorian")],
)
def test_calendar_is_reported(text: str, calendar: str) -> None:
    result = parse_date(text)
    assert result is not None and result.calendar == calendar
