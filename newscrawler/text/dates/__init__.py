"""Bangla date normaliser: every date a Bengali news page prints, read fast.

>>> from newscrawler.text.dates import parse_date
>>> parse_date("দুপুর ২:২২, ৭ নভেম্বর ২০২৫").isoformat()
'2025-11-07T14:22:00+06:00'

See ``docs/dates.md`` for the forms, the calendar rules and the pitfalls.
"""

from __future__ import annotations

from newscrawler.text.dates.parse import parse_date
from newscrawler.text.dates.result import DateResult

__all__ = ["DateResult", "parse_date"]
