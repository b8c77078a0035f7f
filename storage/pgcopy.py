"""CSV lines rendered by PostgreSQL and streamed by ``COPY ... TO STDOUT``.

The fast path of ``export --format csv`` on PostgreSQL, as :mod:`storage.csvsql`
is on SQLite: each row is one finished CSV line (quoted, Excel-neutralised,
dates in ISO 8601 in their original offset), exactly the bytes the Python
writer (:func:`storage.export.write_csv`) gives, which the tests check. COPY's
text format escapes backslashes and line breaks inside a value; the escapes
are undone in bulk (``codecs.escape_decode``, in C), never per character in
Python.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Integer, String, case, cast, func, literal, literal_column, type_coerce
from sqlalchemy.orm import Session

from storage.columns import Kind, kind
from storage.export import FORMULA_STARTS
from storage.repository import COLUMNS, OFFSETS, ArticleFilter, articles_query

READ_SIZE = 1 << 20


def _quoted(cell: Any) -> Any:
    quoted = literal('"').op("||")(func.replace(cell, '"', '""')).op("||")(literal('"'))
    return case((cell == "", ""), else_=quoted)


def _neutralised(cell: Any) -> Any:
    starts = func.left(cell, 1).in_(FORMULA_STARTS)
    return case((starts, literal("'").op("||")(cell)), else_=cell)


def _iso(value: Any, offset: Any | None) -> Any:
    """A timestamptz as Python's ``isoformat()`` in the stored offset (UTC without one)."""
    minutes = func.coalesce(offset, 0) if offset is not None else literal(0, Integer)
    local = func.timezone("UTC", value) + func.make_interval(0, 0, 0, 0, 0, minutes)
    micro = func.to_char(local, "US")
    fraction = case((micro == "000000", ""), else_=literal(".").op("||")(micro))
    sign = case((minutes < 0, "-"), else_="+")
    zone = func.concat(
        sign,
        func.lpad(cast(func.abs(minutes) // 60, String), 2, "0"),
        ":",
        func.lpad(cast(func.abs(minutes) % 60, String), 2, "0"),
    )
    return func.concat(func.to_char(local, 'YYYY-MM-DD"T"HH24:MI:SS'), fraction, zone)


def _cell(name: str, excel: bool) -> Any:
    column = COLUMNS[name]
    if kind(name) in (Kind.INTEGER, Kind.FLOAT):
        return func.coalesce(cast(column, String), "")
    if kind(name) is Kind.DATETIME:
        iso = func.concat('"', _iso(column, OFFSETS.get(name)), '"')
        return case((column.is_(None), ""), else_=iso)
    if kind(name) is Kind.LIST:
        joined: Any = literal_column(
            f"array_to_string(ARRAY(SELECT json_array_elements_text(articles.{column.key})), '; ')"
        )
        text = func.coalesce(joined, "")
    else:
        text = func.coalesce(type_coerce(column, String), "")
    return _quoted(_neutralised(text) if excel else text)


def csv_lines(
    session: Session, filters: ArticleFilter, columns: Sequence[str], excel: bool = False
) -> Iterator[bytes]:
    """One CSV line (UTF-8, no line end) per matching article, rendered by PostgreSQL."""
    line = func.concat_ws(",", *[_cell(name, excel) for name in columns])
    query = articles_query(session, filters, columns).with_only_columns(line.label("line"))
    connection = session.connection()
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    rest = b""
    with cursor.copy(f"COPY ({compiled}) TO STDOUT", compiled.params) as copy:
        while block := copy.read():
            block = rest + bytes(block)
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            if cut:
                yield from _unescaped(block[: cut - 1])
    if rest:
        yield from _unescaped(rest)


def _unescaped(block: bytes) -> list[bytes]:
    """Lines of COPY text output, with its backslash escapes undone."""
    lines = block.split(b"\n")
    if b"\\" not in block:
        return lines
    return [codecs.escape_decode(line)[0] if b"\\" in line else line for line in lines]
