from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.text.normalise import normalise_body, normalise_chars, normalise_text, paragraphs

YA_PRECOMPOSED, YA_NUKTA = "\u09df", "\u09af\u09bc"
RRA_PRECOMPOSED, RRA_NUKTA = "\u09dc", "\u09a1\u09bc"
RHA_PRECOMPOSED, RHA_NUKTA = "\u09dd", "\u09a2\u09bc"


@pytest.mark.parametrize(
    ("precomposed", "decomposed"),
    [(YA_PRECOMPOSED, YA_NUKTA), (RRA_PRECOMPOSED, RRA_NUKTA), (RHA_PRECOMPOSED, RHA_NUKTA)],
)
def test_both_forms_of_nukta_letters_become_one(precomposed: str, decomposed: str) -> None:
    word_a, word_b = f"নতুন{precomposed}া", f"নতুন{decomposed}া"
    assert normalise_chars(word_a) == normalise_chars(word_b)
    assert normalise_chars(word_a) == unicodedata.normalize("NFC", word_a)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\ufeffঢাকা", "ঢাকা"),
        ("ঢাকা\u200b শহর", "ঢাকা শহর"),
        ("সফট\u00adহাইফেন", "সফটহাইফেন"),
        ("বাম\u200eডান", "বামডান"),
        ("র\u200d্যাব", "র\u200d্যাব"),  # ZWJ between Bengali signs shapes the ya-phala: kept
        ("ক্\u200cষ", "ক্\u200cষ"),  # ZWNJ breaking a conjunct: kept
        ("ঢাকা\u200c ", "ঢাকা "),  # ZWNJ before a space does nothing: dropped
        ("\u200dঢাকা", "ঢাকা"),
        ("Dhaka\u200cশহর", "Dhakaশহর"),
    ],
)
def test_invisible_characters(raw: str, clean: str) -> None:
    assert normalise_chars(raw) == clean


def test_text_collapses_every_kind_of_space() -> None:
    assert normalise_text("\r\n প্রধানমন্ত্রী\t\u00a0 বললেন \r") == "প্রধানমন্ত্রী বললেন"


def test_body_keeps_paragraphs_and_joins_wrapped_lines() -> None:
    raw = "\ufeffপ্রথম লাইন\r\nএকই অনুচ্ছেদ\r\n\r\n\u00a0\r\n\r\nদ্বিতীয় অনুচ্ছেদ।\n\n\n"
    assert normalise_body(raw) == "প্রথম লাইন একই অনুচ্ছেদ\n\nদ্বিতীয় অনুচ্ছেদ।"
    assert paragraphs(normalise_body(raw)) == ["প্রথম লাইন একই অনুচ্ছেদ", "দ্বিতীয় অনুচ্ছেদ।"]


@given(st.text())
def test_normalisation_is_idempotent_and_total(text: str) -> None:
    once = normalise_body(text)
    assert normalise_body(once) == once
    assert normalise_text(normalise_text(text)) == normalise_text(text)
