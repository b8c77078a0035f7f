"""Labels of the web page in Bengali and English, and dates shown the Bengali way.

Pure functions: no web framework here.
"""

from __future__ import annotations

from datetime import date, datetime

from newscrawler.text.digits import to_bengali_digits

LANGUAGES = ("bn", "en")
DEFAULT_LANGUAGE = "bn"
MONTHS_BN = (
    "জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন",
    "জুলাই", "আগস্ট", "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর",
)  # fmt: skip

LABELS: dict[str, dict[str, str]] = {
    "title": {"bn": "বাংলা সংবাদ আর্কাইভ", "en": "Bengali news archive"},
    "search": {"bn": "খুঁজুন", "en": "Search"},
    "query": {"bn": 'শব্দ বা "উদ্ধৃত বাক্যাংশ"', "en": 'Words or a "quoted phrase"'},
    "sites": {"bn": "সাইট", "en": "Sites"},
    "since": {"bn": "শুরুর তারিখ", "en": "From"},
    "until": {"bn": "শেষ তারিখ", "en": "To"},
    "section": {"bn": "বিভাগ", "en": "Section"},
    "author": {"bn": "লেখক", "en": "Author"},
    "any": {"bn": "যেকোনো", "en": "Any"},
    "sort": {"bn": "সাজান", "en": "Sort by"},
    "relevance": {"bn": "প্রাসঙ্গিকতা", "en": "Relevance"},
    "date": {"bn": "তারিখ", "en": "Date"},
    "duplicates": {"bn": "প্রায়-অনুলিপিও দেখান", "en": "Include near duplicates"},
    "results": {"bn": "টি ফলাফল", "en": "results"},
    "no_results": {"bn": "কিছু পাওয়া যায়নি।", "en": "Nothing found."},
    "previous": {"bn": "আগের পাতা", "en": "Previous page"},
    "next": {"bn": "পরের পাতা", "en": "Next page"},
    "download": {"bn": "ফলাফল নামান", "en": "Download these results"},
    "by_site": {"bn": "সাইট অনুযায়ী", "en": "By site"},
    "by_month": {"bn": "মাস অনুযায়ী", "en": "By month"},
    "overview": {"bn": "সারসংক্ষেপ", "en": "Overview"},
    "articles": {"bn": "সংবাদ", "en": "Articles"},
    "share_dated": {"bn": "প্রকাশের তারিখসহ", "en": "With a published date"},
    "newest": {"bn": "সর্বশেষ সংবাদ", "en": "Newest article"},
    "last_crawl": {"bn": "সর্বশেষ সংগ্রহ", "en": "Last crawl"},
    "per_day": {"bn": "দিনপ্রতি সংবাদ", "en": "Articles per day"},
    "published": {"bn": "প্রকাশিত", "en": "Published"},
    "updated": {"bn": "হালনাগাদ", "en": "Updated"},
    "tags": {"bn": "ট্যাগ", "en": "Tags"},
    "original": {"bn": "মূল পাতা", "en": "Original page"},
    "copies": {"bn": "একই সংবাদের অন্য কপি", "en": "Other copies of this story"},
    "revisions": {"bn": "সংশোধন", "en": "Revisions"},
    "seen": {"bn": "দেখা হয়েছে", "en": "Seen"},
    "back": {"bn": "খোঁজে ফিরুন", "en": "Back to search"},
    "error": {"bn": "ভুল অনুরোধ", "en": "Bad request"},
    "not_found": {"bn": "পাওয়া যায়নি", "en": "Not found"},
    "language": {"bn": "English", "en": "বাংলা"},
    "filters": {"bn": "ছাঁকনি", "en": "Filters"},
    "skip": {"bn": "ফলাফলে যান", "en": "Skip to results"},
    "no_dates": {"bn": "তারিখসহ কোনো সংবাদ নেই।", "en": "No dated articles."},
    "page": {"bn": "পাতা", "en": "Page"},
    "facet_note": {"bn": "সর্বশেষ {n}টি ফলাফলের হিসাব", "en": "counted over the newest {n} results"},
}


def label(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` (English when a translation is missing).

    >>> label("search", "bn"), label("search", "en")
    ('খুঁজুন', 'Search')
    """
    entry = LABELS.get(key, {})
    return entry.get(lang) or entry.get("en") or key


def language(value: str | None) -> str:
    """A supported language code from a request value; Bengali by default.

    >>> language("en"), language("fr"), language(None)
    ('en', 'bn', 'bn')
    """
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def number(value: int | float, lang: str) -> str:
    """A number as the page shows it: Bengali digits in Bengali.

    >>> number(1234, "bn"), number(1234, "en")
    ('১২৩৪', '1234')
    """
    text = str(value)
    return to_bengali_digits(text) if lang == "bn" else text


def bangla_date(value: datetime | date | None) -> str:
    """A date (and time, when there is one) written the Bengali way.

    >>> from datetime import timedelta, timezone
    >>> bangla_date(datetime(2024, 3, 4, 9, 5, tzinfo=timezone(timedelta(hours=6))))
    '৪ মার্চ ২০২৪, ০৯:০৫'
    >>> bangla_date(date(2024, 12, 31))
    '৩১ ডিসেম্বর ২০২৪'
    """
    if value is None:
        return ""
    text = f"{value.day} {MONTHS_BN[value.month - 1]} {value.year}"
    if isinstance(value, datetime):
        text += f", {value.hour:02d}:{value.minute:02d}"
    return to_bengali_digits(text)


def shown_date(value: datetime | date | None, lang: str) -> str:
    """A date for the page: Bengali words in Bengali, ISO 8601 in English.

    >>> shown_date(date(2024, 12, 31), "en")
    '2024-12-31'
    """
    if value is None:
        return ""
    if lang == "bn":
        return bangla_date(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()
