from __future__ import annotations

import pytest

from newscrawler.text.language import bengali_ratio, is_bengali


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("রাজধানীতে আজ ভারী বৃষ্টি হয়েছে।", True),
        ("প্রধানমন্ত্রী বলেন, Digital Bangladesh এখন বাস্তব।", True),
        ("The prime minister spoke in Dhaka on Sunday.", False),
        ("১২৩৪ 5678 ...", False),
        ("", False),
    ],
)
def test_is_bengali(text: str, expected: bool) -> None:
    assert is_bengali(text) is expected


def test_digits_do_not_count_as_letters() -> None:
    assert bengali_ratio("১২৩ abc") == 0.0
