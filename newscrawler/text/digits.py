"""Bengali digits."""

from __future__ import annotations

BENGALI_DIGITS = "০১২৩৪৫৬৭৮৯"
_TO_ASCII = str.maketrans(BENGALI_DIGITS, "0123456789")
_TO_BENGALI = str.maketrans("0123456789", BENGALI_DIGITS)


def to_ascii_digits(text: str) -> str:
    """Replace Bengali digits with ASCII digits, leaving everything else.

    >>> to_ascii_digits("২০২৩ সালের ১২ জুন, 20২৩")
    '2023 সালের 12 জুন, 2023'
    """
    return text.translate(_TO_ASCII)


def to_bengali_digits(text: str) -> str:
    """Replace ASCII digits with Bengali digits.

    >>> to_bengali_digits("12:30")
    '১২:৩০'
    """
    return text.translate(_TO_BENGALI)
