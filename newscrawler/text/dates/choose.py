"""Choose an article's published and updated instants from its raw date candidates.

Candidates come from a page in falling trust: ``jsonld``, ``meta``, ``pagedata``,
``time``, ``text``. Bogus values (``undefined``, empty, ``null``), stamps before
``min_year`` or in the future beyond ``slack``, and stamps labelled ``printed``
or ``clock`` are refused. A ``text`` candidate may carry a published and an
updated stamp: both are used. A date without a time takes the time of another
candidate of the same kind on the same day if one has it, else midnight in the
site's zone. A page whose only stamp is a visible "updated" one (the
WordPress theme's ``আপডেট সময়``) gets it as its publication time; a visible
updated stamp equal to the publication time is not an update. A machine value
whose printed wall time is a visible stamp's but whose printed offset is not the
site's (``২০২৪-০৩-০৩T২০:০২:৩৩+০০:০০`` beside ``আপডেট সময় ০৮:০২:৩৩ অপরাহ্ন``
on a Dhaka site) is the visible stamp mislabelled: the two disagree by exactly
a zone offset, and the visible local stamp decides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from newscrawler.text.dates.labels import CLOCK, PRINTED, PUBLISHED, UPDATED
from newscrawler.text.dates.machine import parse_machine
from newscrawler.text.dates.parse import as_date, parse_date
from newscrawler.text.dates.result import DateResult
from newscrawler.text.zones import DEFAULT_TIMEZONE, zone_of

SOURCES = ("jsonld", "meta", "pagedata", "time", "text")
BOGUS = frozenset({"", "undefined", "null", "none", "nan", "nil", "false", "0", "n/a", "-"})
FINE = frozenset({"second", "minute", "hour"})


@dataclass(frozen=True)
class Pick:
    """One accepted stamp: its value, the raw text it came from, and the candidate's source."""

    value: datetime
    raw: str
    source: str
    precision: str
    trust: int


@dataclass
class Choice:
    """The chosen stamps and a count of every refusal (for stats)."""

    published: Pick | None = None
    updated: Pick | None = None
    counts: Counter[str] = field(default_factory=Counter)


def _kind(result: DateResult, declared: str) -> str:
    if result.label in (PUBLISHED, UPDATED):
        return result.label
    return UPDATED if declared == UPDATED else PUBLISHED


def _refusal(result: DateResult, now: datetime, min_year: int, slack: timedelta) -> str | None:
    if result.label in (PRINTED, CLOCK):
        return f"rejected_{result.label}"
    if as_date(result).year < min_year:
        return "rejected_too_old"
    value = result.value
    if (value if isinstance(value, datetime) else datetime.combine(value, time(), now.tzinfo)) > (
        now + slack
    ):
        return "rejected_future"
    return None


def _pick(result: DateResult, raw: str, source: str, zone_name: str) -> Pick:
    value = result.value
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(), zone_of(zone_name))
    trust = SOURCES.index(source) if source in SOURCES else len(SOURCES)
    return Pick(value, raw, source, result.precision, trust)


def _stamps(result: DateResult) -> Iterable[DateResult]:
    yield result
    yield from result.others


def _better(new: Pick, old: Pick | None) -> bool:
    """Day precision beats month; then the more trusted source; then the earlier one."""
    if old is None:
        return True
    return (new.precision == "month", new.trust) < (old.precision == "month", old.trust)


def _add_time(best: Pick, picks: list[Pick]) -> Pick:
    """A date-only pick borrows the time of a same-day pick of the same kind."""
    if best.precision in FINE:
        return best
    for other in sorted(picks, key=lambda p: p.trust):
        if other.precision in FINE and other.value.date() == best.value.date():
            return Pick(other.value, best.raw, best.source, other.precision, best.trust)
    return best


def choose_dates(
    candidates: Iterable[Mapping[str, str]],
    *,
    tz: str = DEFAULT_TIMEZONE,
    now: datetime,
    min_year: int = 1990,
    slack: timedelta = timedelta(hours=1),
) -> Choice:
    """Pick published/updated from ``candidates`` (dicts with ``source``, ``kind``, ``value``).

    >>> from zoneinfo import ZoneInfo
    >>> now = datetime(2026, 8, 10, tzinfo=ZoneInfo("Asia/Dhaka"))
    >>> choice = choose_dates([
    ...     {"source": "meta", "kind": "published", "value": "undefined"},
    ...     {"source": "text", "kind": "unknown", "value": "প্রিন্ট: ১০ আগস্ট ২০২৬, ০১:১২ এএম"},
    ...     {"source": "text", "kind": "unknown", "value": "প্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম"},
    ... ], now=now)
    >>> choice.published.value.isoformat(), choice.published.source, choice.updated
    ('2026-08-09T00:00:00+06:00', 'text', None)
    """
    choice = Choice()
    picks: dict[str, list[Pick]] = {PUBLISHED: [], UPDATED: []}
    for candidate in candidates:
        raw = str(candidate.get("value") or "").strip()
        source = str(candidate.get("source") or "text")
        if raw.lower() in BOGUS:
            choice.counts["rejected_bogus"] += 1
            continue
        result = parse_date(raw, tz=tz, reference=now)
        if result is None:
            choice.counts["candidate_unparsed"] += 1
            continue
        for stamp in _stamps(result):
            refusal = _refusal(stamp, now, min_year, slack)
            if refusal is not None:
                choice.counts[refusal] += 1
                continue
            text = raw[stamp.span[0] : stamp.span[1]] if source == "text" and result.others else raw
            kind = _kind(stamp, str(candidate.get("kind") or "unknown"))
            picks[kind].append(_pick(stamp, text or raw, source, tz))
    choice.published = _best(picks[PUBLISHED])
    choice.updated = _best(picks[UPDATED])
    shown = [p for p in (*picks[PUBLISHED], *picks[UPDATED]) if p.source == "text"]
    choice.published = _visible_decides(choice.published, shown, choice.counts)
    choice.updated = _visible_decides(choice.updated, shown, choice.counts)
    if choice.published is None and choice.updated is not None:
        _updated_as_published(choice, picks[UPDATED])
    elif _same_stamp(choice.published, choice.updated):
        choice.updated = None  # the publication stamp printed again, not an update
    return choice


def _wall(value: datetime, precision: str) -> datetime:
    """The naive wall time of ``value`` to ``precision`` (minutes or seconds)."""
    wall = value.replace(tzinfo=None, microsecond=0)
    return wall if precision == "second" else wall.replace(second=0)


def _visible_decides(pick: Pick | None, shown: list[Pick], counts: Counter[str]) -> Pick | None:
    """A machine pick that is a visible stamp's wall time under a wrong offset gives way to it.

    >>> from zoneinfo import ZoneInfo
    >>> when = datetime(2024, 3, 3, 20, 2, 33, tzinfo=ZoneInfo("Asia/Dhaka"))
    >>> machine = Pick(when + timedelta(hours=6), "২০২৪-০৩-০৩T২০:০২:৩৩+০০:০০", "time", "second", 3)
    >>> shown = Pick(when, "আপডেট সময় ০৮:০২:৩৩ অপরাহ্ন, রবিবার, ০৩ মার্চ ২০২৪", "text", "second", 4)
    >>> _visible_decides(machine, [shown], Counter()).value == when
    True
    """
    if pick is None or pick.source == "text" or not shown:
        return pick
    printed = parse_machine(pick.raw)
    if printed is None or printed.zone is None or printed.precision == "day":
        return pick  # no offset printed: it was read in the site's zone already
    offset = printed.zone.utcoffset(None)
    for visible in shown:
        if visible.precision not in ("minute", "second") or visible.value.utcoffset() == offset:
            continue  # same offset: any difference is not a zone error
        if _wall(printed.when, visible.precision) == _wall(visible.value, visible.precision):
            counts["zone_mislabelled"] += 1
            return Pick(visible.value, visible.raw, visible.source, visible.precision, pick.trust)
    return pick


def _same_stamp(published: Pick | None, updated: Pick | None) -> bool:
    """A visible "updated" stamp at the very publication instant."""
    if published is None or updated is None or updated.source != "text":
        return False
    return updated.value == published.value


def _best(found: list[Pick]) -> Pick | None:
    best: Pick | None = None
    for pick in found:
        best = pick if _better(pick, best) else best
    return None if best is None else _add_time(best, found)


def _updated_as_published(choice: Choice, found: list[Pick]) -> None:
    """No publication stamp at all: a visible "updated" stamp is the posting time.

    The widespread Bangladeshi WordPress news theme labels its only stamp
    ``আপডেট সময়`` although it is the post's publication time (its
    ``article:published_time`` agrees); a machine ``dateModified`` stays an update.
    """
    shown = [p for p in found if p.source == "text"]
    if not shown:
        return
    choice.published = _best(shown)
    choice.updated = _best([p for p in found if p.source != "text"])
    choice.counts["updated_as_published"] += 1
