"""Storable text: lone surrogates and NULs replaced, counted."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newscrawler.text.storable import storable_text, storable_value


@given(st.text(st.characters(exclude_categories=[])))
def test_any_text_becomes_utf8_encodable_without_nul(text: str) -> None:
    fixed, count = storable_text(text)
    fixed.encode("utf-8")  # never raises
    assert "\x00" not in fixed and len(fixed) == len(text)
    assert count == sum(1 for a, b in zip(text, fixed, strict=True) if a != b)


def test_nested_values_are_repaired() -> None:
    value, count = storable_value({"tags": ("\udfff", "ok"), "n": 1, "x\x00": None})
    assert value == {"tags": ("\ufffd", "ok"), "n": 1, "x\ufffd": None} and count == 2
