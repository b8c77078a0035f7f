"""Column types of the archive: a UTC-aware datetime; how stored times are shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A datetime stored in UTC and always read back time-zone aware (UTC).

    Naive values are taken to be UTC already. SQLite keeps the naive UTC text
    (it sorts and compares correctly); PostgreSQL uses ``timestamptz``.

    >>> from datetime import timedelta, timezone
    >>> from sqlalchemy.dialects import sqlite
    >>> dhaka = timezone(timedelta(hours=6))
    >>> UTCDateTime().process_bind_param(datetime(2024, 5, 1, 10, tzinfo=dhaka), sqlite.dialect())
    datetime.datetime(2024, 5, 1, 4, 0)
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # a value written by another tool (sqlite3 CLI)
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, UTC-aware."""
    return datetime.now(UTC)


def with_offset(value: datetime | None, minutes: int | None) -> datetime | None:
    """A stored UTC datetime shown again in its original offset.

    >>> with_offset(datetime(2024, 5, 1, 4, tzinfo=UTC), 360).isoformat()
    '2024-05-01T10:00:00+06:00'
    """
    if value is None or minutes is None:
        return value
    return value.astimezone(timezone(timedelta(minutes=minutes)))
