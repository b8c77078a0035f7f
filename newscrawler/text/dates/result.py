"""The result of :func:`~newscrawler.text.dates.parse_date`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class DateResult:
    """One date found in a string.

    ``value`` is an aware ``datetime`` in the site's zone when a time is known,
    else a ``date``; ``precision`` is ``second``, ``minute``, ``hour``, ``day``
    or ``month``; ``calendar`` says what it was read from (``gregorian``,
    ``bangla``, ``hijri``, ``relative``, ``machine``); ``span`` is
    ``(start, end)`` in the input; ``label`` is ``published``, ``updated``,
    ``printed``, ``clock`` (a page-header clock) or ``None``;
    ``weekday_mismatch`` is true when a printed weekday contradicts the date;
    ``others`` holds the string's other stamps (e.g. the updated one).
    """

    value: datetime | date
    precision: str
    calendar: str
    span: tuple[int, int]
    label: str | None = None
    weekday_mismatch: bool = False
    others: tuple[DateResult, ...] = ()

    def isoformat(self) -> str:
        """``2021-12-29T12:18:54+06:00`` with a time, ``2021-12-29`` without."""
        return self.value.isoformat()

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        return {
            "value": self.isoformat(),
            "precision": self.precision,
            "calendar": self.calendar,
            "span": list(self.span),
            "label": self.label,
            "weekday_mismatch": self.weekday_mismatch,
            "others": [other.as_dict() for other in self.others],
        }

    def to_json(self) -> str:
        """One line of JSON (Bengali kept as is)."""
        return json.dumps(self.as_dict(), ensure_ascii=False)


def make_result(
    value: datetime | date,
    precision: str,
    calendar: str,
    span: tuple[int, int],
    label: str | None = None,
    weekday_mismatch: bool = False,
    others: tuple[DateResult, ...] = (),
) -> DateResult:
    """A :class:`DateResult`, built without the frozen dataclass's per-field ``__setattr__``.

    The parser builds one per string on its hot path, where the generated
    ``__init__`` cost as much as the parsing. The result is an ordinary instance.

    >>> make_result(date(2021, 12, 29), "day", "gregorian", (0, 5)) == DateResult(
    ...     date(2021, 12, 29), "day", "gregorian", (0, 5))
    True
    """
    result = object.__new__(DateResult)
    result.__dict__.update(
        value=value,
        precision=precision,
        calendar=calendar,
        span=span,
        label=label,
        weekday_mismatch=weekday_mismatch,
        others=others,
    )
    return result
