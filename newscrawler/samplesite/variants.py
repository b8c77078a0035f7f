"""Per-article wording: synonyms and the spelling variants Bengali newsrooms differ on.

Each story picks one form of every group (seeded), so two stories built from
the same sentence template still differ in wording, as two reporters' copy would.
"""

from __future__ import annotations

import random
import re

# Interchangeable forms; the first is the form the word banks are written in.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("বলেন", "জানান", "উল্লেখ করেন"),
    ("বলছেন", "জানাচ্ছেন", "মনে করিয়ে দিচ্ছেন"),
    ("জানিয়েছে", "বলেছে", "জানায়"),
    ("প্রায়", "আনুমানিক", "কমবেশি"),
    ("এখনো", "এখনও"),
    ("আগামী", "সামনের"),
    ("বিষয়টি", "ব্যাপারটি"),
    ("শিগগির", "দ্রুত", "অচিরেই"),
    ("সংশ্লিষ্ট", "দায়িত্বশীল"),
    ("আরও", "আরো"),
    ("তবে", "অবশ্য", "যদিও"),
    ("এ ছাড়া", "এর বাইরে", "পাশাপাশি"),
    ("দেখা গেছে", "লক্ষ করা গেছে"),
    ("বাড়ছে", "বৃদ্ধি পাচ্ছে"),
    ("বেড়েছে", "বৃদ্ধি পেয়েছে"),
    ("কমেছে", "হ্রাস পেয়েছে"),
    ("জরুরি", "জরুরী"),
    ("সরকারি", "সরকারী"),
    ("দেওয়া", "দেয়া"),
    ("নেওয়া", "নেয়া"),
    ("বহু", "অনেক"),
    ("এবার", "এ দফায়"),
    ("জানা গেছে", "জানা যায়"),
    ("মনে করেন", "মত দেন"),
    ("চলছে", "অব্যাহত আছে"),
    ("অন্তত", "কমপক্ষে"),
    ("গুরুত্বপূর্ণ", "তাৎপর্যপূর্ণ"),
    ("উদ্যোগ", "পদক্ষেপ"),
    ("পরিস্থিতি", "অবস্থা"),
    ("ব্যাপক", "বড় ধরনের"),
)
_INDEX = {group[0]: i for i, group in enumerate(GROUPS)}
# One pass over the text: any bank form, as a whole word (no Bengali letter or sign around it).
PATTERN = re.compile(
    r"(?<![\u0980-\u09FF])("
    + "|".join(re.escape(w) for w in sorted(_INDEX, key=len, reverse=True))
    + r")(?![\u0980-\u09FF])"
)


def choose(rng: random.Random) -> tuple[int, ...]:
    """One story's choice of form in every group."""
    return tuple(rng.randrange(len(group)) for group in GROUPS)


def vary(text: str, choice: tuple[int, ...]) -> str:
    """Rewrite the bank's forms in ``text`` into the chosen ones (whole words only).

    >>> vary("তিনি বলেন, এখনো সময় আছে।", (1, 0, 0, 0, 1) + (0,) * (len(GROUPS) - 5))
    'তিনি জানান, এখনও সময় আছে।'
    """

    def chosen(match: re.Match[str]) -> str:
        group = _INDEX[match.group(1)]
        return GROUPS[group][choice[group]]

    return PATTERN.sub(chosen, text)
