"""Folded words, content hashes and shingles that keep Bengali words whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.text.fingerprints import content_hash, fold_text, shingles, word_count, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("প্রেসিডেন্ট পুতিনের", ["প্রেসিডেন্ট", "পুতিনের"]),  # virama and vowel signs inside words
        ("রাশিয়ার", ["রাশি\u09af\u09bcার"]),  # one form of য়
        ("ঢাকা, ১২ জুন।", ["ঢাকা", "১২", "জুন"]),
        ("র\u200d্যাব", ["র্যাব"]),  # joiners are dropped for comparison
        ("“উদ্ধৃতি”—শেষ", ["উদ্ধৃতি", "শেষ"]),
        ("", []),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected
    assert word_count(text) == len(expected)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("রাশিয়া", "রাশি\u09af\u09bc\u09be"),
        ("এক  দুই।\n\nতিন", "এক দুই তিন"),
        ("\ufeffবাংলা\u200b", "বাংলা"),
    ],
)
def test_content_hash_ignores_form(a: str, b: str) -> None:
    assert content_hash(a) == content_hash(b)


def test_unrelated_bengali_texts_have_unrelated_shingles() -> None:
    # trafilatura keeps only tokens passing str.isalnum(), which these fail, so it
    # sees two empty texts; here each word counts.
    a = shingles("প্রধানমন্ত্রী বললেন নির্বাচন সময়মতো হবে", 2)
    b = shingles("ক্রিকেট দলের অধিনায়ক ইনিংসে সেঞ্চুরি করলেন", 2)
    assert not any(w.isalnum() for w in ["প্রধানমন্ত্রী", "নির্বাচন", "অধিনায়ক"])
    assert (len(a), len(b)) == (4, 5) and not a & b


@pytest.mark.parametrize(("size", "count"), [(1, 5), (2, 4), (3, 3), (5, 1), (9, 1)])
def test_shingle_sizes(size: int, count: int) -> None:
    assert len(shingles("এক দুই তিন চার পাঁচ", size)) == count


def test_bad_shingle_size_raises() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        shingles("এক", 0)


@given(st.text(max_size=60))
def test_fold_is_idempotent_and_shingles_never_raise(text: str) -> None:
    assert fold_text(fold_text(text)) == fold_text(text)
    assert all(s for s in shingles(text))
