"""Zone words printed after a time: ``GMT``, ``GMT+6``, ``জিএমটি``, ``বাংলাদেশ সময়``, ``IST``.

A stamp that names its zone is read in that zone and shown in the site's zone
(``০৪:১২ পিএম জিএমটি`` on a Dhaka site is 22:12+06:00); without one, the site's
zone applies.
"""

from __future__ import annotations

from datetime import UTC, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from newscrawler.text.dates.tokens import Token, canonical, word_set

DHAKA = ZoneInfo("Asia/Dhaka")
KOLKATA = ZoneInfo("Asia/Kolkata")
# Words that are UTC by themselves and may take an offset (GMT+6, UTC+05:30).
UTC_WORDS = word_set("gmt utc জিএমটি ইউটিসি")
# Zone abbreviations of the region (BST is left out: British Summer Time too).
ABBREVIATIONS: dict[str, tzinfo] = {"ist": KOLKATA, "bdt": DHAKA}
TIME_WORD = canonical("সময়")
# "<place> সময়": the zone a place word names.
PLACE_ZONES: dict[str, tzinfo] = {
    canonical(word).lower(): zone
    for zone, words in ((DHAKA, "বাংলাদেশ ঢাকা"), (KOLKATA, "ভারতীয় ভারত কলকাতা"), (UTC, "গ্রিনিচ"))
    for word in words.split()
}
MAX_OFFSET_MINUTES = 14 * 60


def _offset(tokens: list[Token], index: int) -> tuple[tzinfo, int] | None:
    """``+6``, ``+06:00``, ``+0600``, ``-5:30`` at ``index``: (fixed zone, next index)."""
    if index + 1 >= len(tokens) or tokens[index].text not in ("+", "-"):
        return None
    if tokens[index + 1].kind != "num":
        return None
    digits = tokens[index + 1].text
    after = index + 2
    if len(digits) == 4:
        hours, minutes = int(digits[:2]), int(digits[2:])
    elif len(digits) <= 2:
        hours, minutes = int(digits), 0
        more = after + 1 < len(tokens) and tokens[after + 1].kind == "num"
        if more and tokens[after].text == ":":
            minutes, after = int(tokens[after + 1].text), after + 2
    else:
        return None
    total = hours * 60 + minutes
    if minutes > 59 or total > MAX_OFFSET_MINUTES:
        return None
    sign = -1 if tokens[index].text == "-" else 1
    return timezone(timedelta(minutes=sign * total)), after


def zone_at(tokens: list[Token], index: int) -> tuple[tzinfo, int] | None:
    """The zone a word at ``index`` names, and the index after it; ``None`` if none.

    >>> from newscrawler.text.dates.tokens import tokenize
    >>> zone_at(tokenize("GMT+০৬:০০"), 0)[0]
    datetime.timezone(datetime.timedelta(seconds=21600))
    >>> zone_at(tokenize("বাংলাদেশ সময়"), 0)
    (zoneinfo.ZoneInfo(key='Asia/Dhaka'), 2)
    >>> zone_at(tokenize("বাংলাদেশ ব্যাংক"), 0) is None
    True
    """
    word = tokens[index].text.lower()
    if word in UTC_WORDS:
        return _offset(tokens, index + 1) or (UTC, index + 1)
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word], index + 1
    zone = PLACE_ZONES.get(word)
    if zone is not None and index + 1 < len(tokens) and tokens[index + 1].text == TIME_WORD:
        return zone, index + 2
    return None
