"""The catalogue of export columns and their kinds, shared by every export format.

The CSV writer, the SQL-rendered CSV (:mod:`storage.csvsql`, :mod:`storage.pgcopy`),
JSONL, Parquet and Excel all read a column's kind here; :mod:`storage.repository`
maps the same names to SQL expressions (a test checks both list the same names).
Order is the default export order.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """How a column's cells are rendered."""

    TEXT = "text"
    INTEGER = "integer"
    FLOAT = "float"
    LIST = "list"  # a JSON list of strings, joined with "; " in text formats
    DATETIME = "datetime"  # aware; shown in the offset the page gave when known


COLUMN_KINDS: dict[str, Kind] = {
    "url": Kind.TEXT,
    "canonical_url": Kind.TEXT,
    "site": Kind.TEXT,
    "title": Kind.TEXT,
    "subtitle": Kind.TEXT,
    "body": Kind.TEXT,
    "authors": Kind.LIST,
    "section": Kind.TEXT,
    "tags": Kind.LIST,
    "published_at": Kind.DATETIME,
    "updated_at": Kind.DATETIME,
    "published_raw": Kind.TEXT,
    "updated_raw": Kind.TEXT,
    "language": Kind.TEXT,
    "image_url": Kind.TEXT,
    "fetched_at": Kind.DATETIME,
    "http_status": Kind.INTEGER,
    "content_hash": Kind.TEXT,
    "word_count": Kind.INTEGER,
    "cluster_id": Kind.TEXT,
    "similarity": Kind.FLOAT,
    "first_seen_at": Kind.DATETIME,
    "last_seen_at": Kind.DATETIME,
    "duplicate_of": Kind.TEXT,
}
# Datetime columns whose original UTC offset is stored beside them.
WITH_OFFSET = frozenset({"published_at", "updated_at"})


def kind(column: str) -> Kind:
    """The kind of an export column.

    >>> kind("word_count"), kind("tags")
    (<Kind.INTEGER: 'integer'>, <Kind.LIST: 'list'>)
    """
    return COLUMN_KINDS[column]


def of_kind(*kinds: Kind) -> frozenset[str]:
    """The columns of these kinds.

    >>> sorted(of_kind(Kind.INTEGER, Kind.FLOAT))
    ['http_status', 'similarity', 'word_count']
    """
    return frozenset(name for name, k in COLUMN_KINDS.items() if k in kinds)


def unknown_columns(names: list[str]) -> list[str]:
    """The names that are not export columns."""
    return [n for n in names if n not in COLUMN_KINDS]
