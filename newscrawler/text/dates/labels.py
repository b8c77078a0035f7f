"""Labels in front of a stamp (প্রকাশ, আপডেট, প্রিন্ট, ...) and the header-clock shape."""

from __future__ import annotations

from newscrawler.text.dates.tokens import Token, canonical, word_set

PUBLISHED = "published"
UPDATED = "updated"
PRINTED = "printed"
CLOCK = "clock"

LABEL_WORDS = {
    canonical(word).lower(): label
    for label, words in {
        PUBLISHED: "প্রকাশ প্রকাশিত প্রকাশের প্রকাশকাল প্রকাশিতঃ পোস্ট পোস্টেড আপলোড আপলোডেড "
        "published posted publish uploaded",
        UPDATED: "আপডেট আপডেটেড আপডেটঃ হালনাগাদ সর্বশেষ সংশোধিত updated update modified",
        PRINTED: "প্রিন্ট মুদ্রণ printed print",
    }.items()
    for word in words.split()
}
# A word after প্রিন্ট that makes it a section name ("print edition"), not a label.
EDITION_WORDS = word_set("সংস্করণ সংস্করন edition")


def label_at(tokens: list[Token], index: int) -> str | None:
    """The label a word token names, or ``None``.

    >>> from newscrawler.text.dates.tokens import tokenize
    >>> label_at(tokenize("সর্বশেষ আপডেট"), 0)
    'updated'
    >>> label_at(tokenize("প্রিন্ট সংস্করণ"), 0) is None
    True
    """
    label = LABEL_WORDS.get(tokens[index].text.lower())
    if label == PRINTED:
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and following.text.lower() in EDITION_WORDS:
            return None
    return label
