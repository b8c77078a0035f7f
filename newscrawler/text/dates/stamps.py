"""Cut a token list into stamps: one labelled date/time each.

A stamp collects what belongs to one moment: a label, a weekday, a Gregorian,
Bangla and/or Hijri date (a dual or triple dateline), a time, a relative phrase.
A new label, or a second date of the same calendar or a second time, starts the
next stamp. Words that are none of these (a place name, ``তারিখ``, ``সময়``) are
skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from newscrawler.text.dates.calendars import (
    DatePart,
    named_date_at,
    numeric_date_at,
    year_first_date_at,
)
from newscrawler.text.dates.clock import DAY_PARTS, FRACTIONS, MARKERS, Clock, clock_at
from newscrawler.text.dates.labels import CLOCK, label_at
from newscrawler.text.dates.names import ERAS, WEEKDAYS
from newscrawler.text.dates.relative import Relative, relative_at
from newscrawler.text.dates.tokens import Token
from newscrawler.text.dates.zones import zone_at


@dataclass
class Stamp:
    """What one stamp of a string says, as printed (not yet converted)."""

    label: str | None = None
    dates: dict[str, DatePart] = field(default_factory=dict)
    clock: Clock | None = None
    weekday: int | None = None
    relative: Relative | None = None
    zone: tzinfo | None = None  # a zone the stamp names (GMT, বাংলাদেশ সময়)
    start: int | None = None
    end: int = 0
    # The order in which parts appeared ("clock", "weekday", "gregorian", ...).
    order: list[str] = field(default_factory=list)

    def has_moment(self) -> bool:
        return bool(self.dates) or self.clock is not None or self.relative is not None

    def add(self, kind: str, start: int, end: int) -> None:
        self.order.append(kind)
        self.start = start if self.start is None else self.start
        self.end = max(self.end, end)

    def looks_like_header_clock(self) -> bool:
        """Unlabelled "time, weekday, date, Bangla date" (the WordPress header clock),
        or "weekday, date, Bangla date" without a time (a "today is" header line)."""
        if self.label is not None or "gregorian" not in self.dates or "bangla" not in self.dates:
            return False
        if self.clock is not None:
            return self.order.index("clock") < self.order.index("gregorian")
        return self.order[0] == "weekday"


class _Walker:
    """One left-to-right pass over the tokens (state lives here, not in globals)."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.stamps: list[Stamp] = []
        self.current = Stamp()
        self.part: str | None = None
        self.part_start: int | None = None  # where a day part / fraction word began
        self.fraction = 0

    def close(self) -> None:
        if self.current.has_moment():
            if self.current.looks_like_header_clock():
                self.current.label = CLOCK
            self.stamps.append(self.current)
        self.current = Stamp()
        self.part, self.part_start, self.fraction = None, None, 0

    def step(self, index: int) -> int:
        """Consume what starts at ``index``; return the next index."""
        token = self.tokens[index]
        if token.kind == "word":
            found = self._word(index, token)
            if found is not None:
                return found
        date = (
            named_date_at(self.tokens, index)
            or numeric_date_at(self.tokens, index)
            or year_first_date_at(self.tokens, index)
        )
        if date is not None:
            if date.calendar in self.current.dates:
                self.close()
            self.current.dates[date.calendar] = date
            self.current.add(date.calendar, date.start, date.end)
            return date.next_index
        return self._moment(index)

    def _word(self, index: int, token: Token) -> int | None:
        word = token.text.lower()
        label = label_at(self.tokens, index)
        if label is not None:
            if self.current.has_moment():
                self.close()
            if self.current.label is None:
                self.current.label = label
                if self.current.start is None:
                    self.current.start = token.start
            return index + 1
        zone = zone_at(self.tokens, index)
        if zone is not None:  # qualifies the stamp's time, printed before or after it
            self.current.zone = zone[0]
            return zone[1]
        if word in WEEKDAYS:
            if self.current.weekday is not None and self.current.dates:
                self.close()
            self.current.weekday = WEEKDAYS[word]
            self.current.add("weekday", token.start, token.end)
            return index + 1
        if word in DAY_PARTS or word in MARKERS:
            self.part = DAY_PARTS.get(word) or MARKERS[word]
            self.part_start = token.start if self.part_start is None else self.part_start
            return index + 1
        if word in FRACTIONS:
            self.fraction = FRACTIONS[word]
            self.part_start = token.start if self.part_start is None else self.part_start
            return index + 1
        if word in ERAS:
            return index + 1
        return None

    def _moment(self, index: int) -> int:
        clock = clock_at(self.tokens, index, self.part, self.fraction)
        if clock is not None:
            if self.current.clock is not None:
                self.close()
            self.current.clock = clock
            start = clock.start if self.part_start is None else self.part_start
            self.current.add("clock", start, clock.end)
            self.part, self.part_start, self.fraction = None, None, 0
            return clock.next_index
        relative = relative_at(self.tokens, index)
        if relative is not None:
            if self.current.relative is not None or self.current.dates:
                self.close()
            self.current.relative = relative
            self.current.add("relative", relative.start, relative.end)
            return relative.next_index
        return index + 1


def find_stamps(tokens: list[Token]) -> list[Stamp]:
    """All stamps of a token list, in order.

    >>> from newscrawler.text.dates.tokens import tokenize
    >>> [(s.label, sorted(s.dates)) for s in find_stamps(tokenize(
    ...     "প্রকাশ: ২০ মার্চ ২০২৩ | আপডেট: ২১ মার্চ ২০২৩, ৬ চৈত্র ১৪২৯"))]
    [('published', ['gregorian']), ('updated', ['bangla', 'gregorian'])]
    """
    walker = _Walker(tokens)
    index = 0
    while index < len(tokens):
        index = walker.step(index)
    walker.close()
    return walker.stamps
