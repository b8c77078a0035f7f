"""``parse_date`` on realistic date strings of Bengali news pages (issue 10)."""

from __future__ import annotations

import pytest

from newscrawler.text.dates import parse_date
from tests.dates_realistic import ANY, CASES, REF, Case


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_realistic_string(case: Case) -> None:
    text, expected, precision, label = case
    result = parse_date(text, reference=REF)
    assert result is not None, text
    assert result.isoformat() == expected
    if precision is not None:
        assert result.precision == precision
    if label is not ANY:
        assert result.label == label


def test_realistic_score_floor() -> None:
    """The share read right (value, precision, label) stays at or above the bar of 97%."""
    right = 0
    for text, expected, precision, label in CASES:
        result = parse_date(text, reference=REF)
        if result is None or result.isoformat() != expected:
            continue
        if precision is not None and result.precision != precision:
            continue
        if label is ANY or result.label == label:
            right += 1
    assert right / len(CASES) >= 0.97
