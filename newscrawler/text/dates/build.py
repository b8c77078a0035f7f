"""Turn a stamp (what was printed) into a :class:`DateResult` (what it means)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from newscrawler.text.dates import bangla, hijri
from newscrawler.text.dates.calendars import DatePart
from newscrawler.text.dates.relative import Relative
from newscrawler.text.dates.result import DateResult, make_result
from newscrawler.text.dates.stamps import Stamp

KOLKATA = "Asia/Kolkata"


def resolve_reference(reference: datetime | None, zone: tzinfo) -> datetime:
    """The reference instant in the site's zone: now when ``None``, site time when naive.

    >>> from zoneinfo import ZoneInfo
    >>> resolve_reference(datetime(2026, 8, 9, 10), ZoneInfo("Asia/Dhaka")).isoformat()
    '2026-08-09T10:00:00+06:00'
    """
    if reference is None:
        return datetime.now(UTC).astimezone(zone)
    if reference.tzinfo is None:
        return reference.replace(tzinfo=zone)
    return reference.astimezone(zone)


def _convert(part: DatePart, year: int, west_bengal: bool) -> date | None:
    day = part.day or 1
    if part.calendar == "bangla":
        return bangla.to_gregorian(year, part.month, day, bangladesh=not west_bengal)
    if part.calendar == "hijri":
        return hijri.to_gregorian(year, part.month, day)
    try:
        return date(year, part.month, day)
    except ValueError:
        return None


def _native_year(calendar: str, today: date, west_bengal: bool) -> int:
    if calendar == "bangla":
        return bangla.from_gregorian(today, bangladesh=not west_bengal)[0]
    if calendar == "hijri":
        return hijri.from_gregorian(today)[0]
    return today.year


def resolve_date(part: DatePart, today: date, west_bengal: bool) -> date | None:
    """The Gregorian date of a printed date; a year-less one takes the latest not after ``today``.

    >>> from newscrawler.text.dates.calendars import DatePart
    >>> resolve_date(DatePart("gregorian", None, 12, 5, 0, 0, 0), date(2026, 11, 28), False)
    datetime.date(2025, 12, 5)
    """
    if part.year is not None:
        return _convert(part, part.year, west_bengal)
    year = _native_year(part.calendar, today, west_bengal)
    for back in range(9):  # 29 February may need several years back
        found = _convert(part, year - back, west_bengal)
        if found is not None and found <= today:
            return found
    return None


def _days_back(rel: Relative, today: date) -> int:
    """Days back from ``today``: a weekday phrase counts to the nearest such day that way."""
    if rel.weekday < 0:
        return rel.days
    if rel.days > 0:  # গত বৃহস্পতিবার: never today, at most a week back
        return (today.weekday() - rel.weekday) % 7 or 7
    return -((rel.weekday - today.weekday()) % 7 or 7)


def relative_value(rel: Relative, now: datetime) -> datetime | date:
    """The instant (or day) a relative phrase names.

    An hour phrase keeps the reference's minutes (``৩ ঘণ্টা আগে`` at 14:25 is
    11:25, precision ``hour``); seconds are kept only at second precision.
    """
    if rel.precision == "day":
        day = now.date() - timedelta(days=_days_back(rel, now.date()))
        months = day.year * 12 + day.month - 1 - rel.months
        year, month = divmod(months, 12)
        for last in (day.day, 30, 29, 28):
            try:
                return date(year, month + 1, min(day.day, last))
            except ValueError:
                continue
    moment = now - timedelta(seconds=rel.seconds)
    minute = moment.minute
    second = moment.second if rel.precision == "second" else 0
    if moment.fold:  # the second of two equal wall times: replace() keeps the fold
        return moment.replace(minute=minute, second=second, microsecond=0)
    # The constructor is several times cheaper than replace() with keywords.
    return datetime(moment.year, moment.month, moment.day, moment.hour, minute, second, 0,
                    moment.tzinfo)  # fmt: skip


def _day_of(stamp: Stamp, now: datetime, west_bengal: bool) -> tuple[date | None, str, str]:
    """(Gregorian day, calendar, precision) of a stamp's date part."""
    for calendar in ("gregorian", "bangla", "hijri"):
        part = stamp.dates.get(calendar)
        if part is not None:
            precision = "month" if part.day is None else "day"
            return resolve_date(part, now.date(), west_bengal), calendar, precision
    return None, "relative", "day"


def build(stamp: Stamp, zone: tzinfo, now: datetime, west_bengal: bool) -> DateResult | None:
    """The result of one stamp, or ``None`` when it has no usable date."""
    day, calendar, precision = _day_of(stamp, now, west_bengal)
    value: datetime | date | None = day
    if day is None and stamp.relative is not None:
        value = relative_value(stamp.relative, now)
        precision = stamp.relative.precision
        day = value.date() if isinstance(value, datetime) else value
    if day is None or value is None:
        return None
    clock = stamp.clock
    if clock is not None and precision == "day":
        value = datetime(day.year, day.month, day.day, clock.hour, clock.minute, clock.second,
                         tzinfo=stamp.zone or zone)  # fmt: skip
        if stamp.zone is not None:  # printed in another zone: shown in the site's
            value = value.astimezone(zone)
        precision = clock.precision
    mismatch = stamp.weekday is not None and precision != "month" and day.weekday() != stamp.weekday
    span = (stamp.start or 0, stamp.end)
    return make_result(value, precision, calendar, span, stamp.label, mismatch)
