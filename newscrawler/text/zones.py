"""Time zones: the one default (Bangladesh) and the one check of a zone name.

Sites' naive times are read in their profile's ``timezone``; every component
that needs a zone takes it by name and checks it here, so a bad name is the
same one-line error wherever it is given (a profile, ``DATES_DEFAULT_TIMEZONE``,
``--tz``), raised when it is loaded rather than deep inside a parse.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Dhaka"


@lru_cache(maxsize=64)
def zone_of(name: str) -> tzinfo:
    """The ``ZoneInfo`` of an IANA name; raises ``ValueError`` naming the bad zone.

    >>> zone_of("Asia/Kolkata")
    zoneinfo.ZoneInfo(key='Asia/Kolkata')
    >>> zone_of("Asia/Dhka ")
    Traceback (most recent call last):
    ...
    ValueError: unknown time zone 'Asia/Dhka ': use an IANA name such as Asia/Dhaka
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name such as {DEFAULT_TIMEZONE}"
        ) from exc


def check_timezone(name: str) -> str:
    """``name`` when it is a known IANA zone; raises ``ValueError`` otherwise.

    >>> check_timezone("Asia/Dhaka")
    'Asia/Dhaka'
    """
    zone_of(name)
    return name
