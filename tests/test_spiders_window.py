from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawler.spiders.window import CrawlWindow, parse_bound


def test_window_bounds_are_inclusive_of_the_until_day() -> None:
    window = CrawlWindow.from_strings("2025-11-01", "2025-11-30")
    assert window.admits(datetime(2025, 11, 30, 17, 59, tzinfo=UTC))  # 23:59 in Dhaka
    assert not window.admits(datetime(2025, 11, 30, 18, 0, tzinfo=UTC))  # next day in Dhaka
    assert not window.admits(datetime(2025, 10, 31, 17, 59, tzinfo=UTC))  # 23:59 in Dhaka
    assert window.admits(datetime(2025, 10, 31, 18, 0, tzinfo=UTC))  # 00:00 in Dhaka


def test_naive_lastmod_is_read_in_dhaka_time() -> None:
    window = CrawlWindow.from_strings("2025-11-01", None)
    assert window.admits(datetime(2025, 11, 1, 0, 30))
    assert not window.admits_index(datetime(2025, 10, 31, 23, 0))


@pytest.mark.parametrize("bad", ["yesterday", "2025-13-01", "", "7 years"])
def test_bad_bounds_raise_value_error(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_bound(bad)


def test_since_after_until_is_refused() -> None:
    with pytest.raises(ValueError, match="--since must be before --until"):
        CrawlWindow.from_strings("2025-12-01", "2025-11-01")
