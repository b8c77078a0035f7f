"""The dead-letter file: items that could not be stored, one JSON object a line.

Lines are appended under an exclusive ``flock`` and fsynced (the file and its
folder) before the writer counts them as kept. Datetimes are written as
``{"$datetime": "<ISO 8601>"}`` so that a replay reads back the same value
(older files wrote ``str(datetime)``: fields ending in ``_at`` are parsed back
from that form too). :func:`remove_lines` drops replayed lines once they are
committed, leaving any line another process appended meanwhile.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

FILE_NAME = "deadletter.jsonl"
DATETIME_TAG = "$datetime"


def encode(value: Any) -> Any:
    """A JSON-ready copy of ``value`` with datetimes tagged.

    >>> from datetime import UTC
    >>> encode({"at": datetime(2026, 1, 2, 3, 4, tzinfo=UTC), "tags": ("a",)})
    {'at': {'$datetime': '2026-01-02T03:04:00+00:00'}, 'tags': ['a']}
    """
    if isinstance(value, datetime):
        return {DATETIME_TAG: value.isoformat()}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [encode(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def decode(value: Any, key: str = "") -> Any:
    """The value :func:`encode` was given (legacy ``str(datetime)`` in ``*_at`` fields too).

    >>> decode({"$datetime": "2026-01-02T03:04:00+00:00"}).isoformat()
    '2026-01-02T03:04:00+00:00'
    >>> decode({"published_at": "2026-01-02 03:04:00+06:00"})["published_at"].hour
    3
    """
    if isinstance(value, dict):
        if set(value) == {DATETIME_TAG}:
            return datetime.fromisoformat(value[DATETIME_TAG])
        return {k: decode(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, str) and key.endswith("_at"):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def dumps(record: dict[str, Any]) -> str:
    """One dead-letter line (without its newline)."""
    return json.dumps(encode(record), ensure_ascii=False)


def loads(line: str) -> dict[str, Any]:
    """The record of one dead-letter line."""
    record = decode(json.loads(line))
    if not isinstance(record, dict):
        raise ValueError("a dead-letter line must be a JSON object")
    return record


@contextmanager
def locked(path: Path, mode: str) -> Iterator[IO[str]]:
    """``path`` opened in ``mode`` under an exclusive ``flock``."""
    with path.open(mode, encoding="utf-8") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield handle
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def append(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Append ``records`` to ``path`` and fsync it; returns how many. Raises ``OSError``."""
    lines = [dumps(r) + "\n" for r in records]
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    with locked(path, "a") as out:
        out.write("".join(lines))
        out.flush()
        os.fsync(out.fileno())
    if created:
        fsync_dir(path.parent)
    return len(lines)


def fsync_dir(folder: Path) -> None:
    """Make a new file's directory entry durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_lines(path: Path) -> list[str]:
    """The non-empty lines of a dead-letter file (without newlines)."""
    with locked(path, "r") as source:
        return [line.rstrip("\n") for line in source if line.strip()]


def remove_lines(path: Path, done: Iterable[str]) -> int:
    """Remove these lines (once each) from ``path``, keeping every other line; returns the rest."""
    todo = Counter(done)
    with locked(path, "r+") as handle:
        kept = []
        for line in handle:
            text = line.rstrip("\n")
            if todo[text] > 0:
                todo[text] -= 1
            elif text.strip():
                kept.append(text + "\n")
        handle.seek(0)
        handle.write("".join(kept))
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())
    return len(kept)
