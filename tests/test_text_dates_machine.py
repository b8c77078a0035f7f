"""Machine timestamps: the forms of feeds, sitemaps, meta tags and JSON-LD."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.text.dates.machine import parse_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sat, 22 Aug 2026 15:17:20 GMT", "2026-08-22T15:17:20+00:00"),
        ("Sat, 08 Aug 2026 18:57:06 +0000", "2026-08-08T18:57:06+00:00"),
        ("Sat, 08 Aug 2026 18:57:06 +0600", "2026-08-08T18:57:06+06:00"),
        ("Sat, 08 Aug 2026 18:57:06", "2026-08-08T18:57:06+06:00"),
        ("2026-08-09T00:00:00+06:00", "2026-08-09T00:00:00+06:00"),
        ("2026-08-09T00:00:00.123Z", "2026-08-09T00:00:00+00:00"),
        ("2026-08-09T00:00:00+0530", "2026-08-09T00:00:00+05:30"),
        ("2023-03-20T13:18:35+06:00.000Z", "2023-03-20T13:18:35+06:00"),
        ("2020-10-09 10:32:52", "2020-10-09T10:32:52+06:00"),
        ("২০২৬-০৮-০৯", "2026-08-09T00:00:00+06:00"),
        ("2009-07-01 12:00", "2009-07-01T12:00:00+07:00"),
        ("1679296715", "2023-03-20T07:18:35+00:00"),
        ("1786947241293", "2026-08-17T06:14:01.293000+00:00"),
    ],
)
def test_parse_time(text: str, expected: str) -> None:
    value = parse_time(text)
    assert value is not None and value.isoformat() == expected


@pytest.mark.parametrize("text", [None, "", "  ", "yesterday", "2026-13-45", "৪ ঘণ্টা আগে", "12345"])
def test_unparseable_is_none(text: str | None) -> None:
    assert parse_time(text) is None


@given(st.text(max_size=80))
def test_parse_time_never_raises(text: str) -> None:
    value = parse_time(text)
    assert value is None or value.tzinfo is not None
