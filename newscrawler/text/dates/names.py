"""Month and weekday names: Gregorian (Bengali and English), Bangla calendar, Hijri.

Every table maps a canonical word (see :func:`~newscrawler.text.dates.tokens.canonical`,
English lower-cased) to a number. Spellings listed here are the ones Bengali news
pages print; both forms of য়/ড় are accepted because the keys are canonicalised.
"""

from __future__ import annotations

from newscrawler.text.dates.tokens import canonical, word_set


def _table(spellings: dict[int, str]) -> dict[str, int]:
    """Build ``word -> number`` from ``number -> "spelling spelling ..."``."""
    table: dict[str, int] = {}
    for number, words in spellings.items():
        for word in words.split():
            table[canonical(word.replace("_", " ")).lower()] = number
    return table


GREGORIAN_MONTHS = _table(
    {
        1: "জানুয়ারি জানুয়ারী জানুয়ারি জানু january jan",
        2: "ফেব্রুয়ারি ফেব্রুয়ারী ফেব্রুয়ারি ফেব্রুয়ারী ফেব্রু february feb",
        3: "মার্চ মার্চ march mar",
        4: "এপ্রিল এপ্রিল april apr",
        5: "মে may",
        6: "জুন june jun",
        7: "জুলাই জুলাই july jul",
        8: "আগস্ট আগষ্ট অগাস্ট অগস্ট আগস্ট august aug",
        9: "সেপ্টেম্বর সেপ্টেম্বর সেপ্টেমবর সেপ্টেম্বার সেপ্টে september sept sep",
        10: "অক্টোবর অক্টোবর অক্টোবার অক্টো october oct",
        11: "নভেম্বর নভেম্বর নভেম্বার নভে november nov",
        12: "ডিসেম্বর ডিসেম্বর ডিসেম্বার ডিসে december dec",
    }
)

# Months of the Bangla calendar, Boishakh = 1.
BANGLA_MONTHS = _table(
    {
        1: "বৈশাখ বৈশাখের boishakh baishakh",
        2: "জ্যৈষ্ঠ জৈষ্ঠ জ্যেষ্ঠ জৈষ্ঠ্য জ্যৈষ্ঠের jyoishtho",
        3: "আষাঢ় আষাঢ় আষাড় আষাঢ়ের asharh",
        4: "শ্রাবণ শ্রাবন শ্রাবণের srabon",
        5: "ভাদ্র ভাদ্রের bhadro",
        6: "আশ্বিন আশ্বিনের ashwin",
        7: "কার্তিক কার্ত্তিক কার্তিকের kartik",
        8: "অগ্রহায়ণ অগ্রহায়ন অগ্রাহায়ণ অগ্রহায়ণ অঘ্রাণ অগ্রহায়ণের agrahayan",
        9: "পৌষ পৌষের poush",
        10: "মাঘ মাঘের magh",
        11: "ফাল্গুন ফাল্গুণ ফাগুন ফাল্গুনের falgun",
        12: "চৈত্র চৈত্রের choitro",
    }
)

# Hijri months; two-word names are written with "_" for the space.
HIJRI_MONTHS = _table(
    {
        1: "মহররম মুহাররম মুহররম মহরম muharram",
        2: "সফর ছফর সফরের safar",
        3: "রবিউল_আউয়াল রবিউল_আওয়াল রবিউল_আউয়াল রবিউল_আউয়াল",
        4: "রবিউস_সানি রবিউস_সানী রবিউল_আখির রবিউস_সানি",
        5: "জমাদিউল_আউয়াল জমাদিউল_আওয়াল জুমাদাল_উলা জমাদিউল_আউয়াল জুমাদিউল_আউয়াল",
        6: "জমাদিউস_সানি জমাদিউস_সানী জুমাদাল_আখিরাহ জুমাদিউস_সানি জমাদিউল_আখির",
        7: "রজব রজবের rajab",
        8: "শাবান শা'বান শাবানের shaban",
        9: "রমজান রমযান রামাদান রমজানের ramadan ramzan",
        10: "শাওয়াল শাওয়াল শাওয়াল শাওয়ালের shawwal",
        11: "জিলকদ জিলক্বদ জিলকাদ জিলক্বাদ জিলকদের",
        12: "জিলহজ জিলহজ্জ জিলহজ্ব জিলহজের জিলহজ্জের",
    }
)

# Every month name of the three calendars: name -> (calendar, number).
ALL_MONTHS = {
    name: (calendar, number)
    for calendar, table in (
        ("hijri", HIJRI_MONTHS),
        ("bangla", BANGLA_MONTHS),
        ("gregorian", GREGORIAN_MONTHS),
    )
    for name, number in table.items()
}

# Python weekday numbers: Monday = 0. Bengali short forms (রবি, সোম, বুধ, ...) are
# left out: they are also common first names and would raise false mismatches.
WEEKDAYS = _table(
    {
        0: "সোমবার monday mon",
        1: "মঙ্গলবার tuesday tue tues",
        2: "বুধবার wednesday wed",
        3: "বৃহস্পতিবার বৃহষ্পতিবার বিষ্যুদবার thursday thu thur thurs",
        4: "শুক্রবার friday fri",
        5: "শনিবার saturday sat",
        6: "রবিবার রোববার sunday sun",
    }
)

# Era words after a year: which calendar the year belongs to.
ERAS = {
    canonical(word).lower(): calendar
    for calendar, words in {
        "gregorian": "খ্রিস্টাব্দ খ্রিষ্টাব্দ খ্রিস্টাব্দে খ্রি খৃষ্টাব্দ খৃস্টাব্দ খৃ ঈসায়ী ইংরেজি ইং সাল সালের সালে ad",
        "bangla": "বঙ্গাব্দ বঙ্গাব্দে বঙ্গাব্দের বাংলা বাং",
        "hijri": "হিজরি হিজরী হিজরির হি ah",
    }.items()
    for word in words.split()
}

# Ordinal suffixes written after a day number (১লা, ২রা, ৪ঠা, ৫ই, ১৯শে) or English (1st).
ORDINALS = word_set("লা রা ঠা ই শে এ তম st nd rd th")
