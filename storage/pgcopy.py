"""CSV lines rendered by PostgreSQL and streamed by ``COPY ... TO STDOUT``.

The fast path of ``export --format csv`` on PostgreSQL, as :mod:`storage.csvsql`
is on SQLite: each row is one finished CSV line (quoted, Excel-neutralised,
dates in ISO 8601 in their original offset), exactly the bytes the Python
writer (:func:`storage.export.write_csv`) gives, which the tests check.

SQL computes each cell's text; ``COPY``'s own CSV format quotes it (every text
cell, as the writer does: ``FORCE_QUOTE``; empty cells are sent as NULL, which
CSV writes as nothing) in C, as fast as a plain ``COPY`` of the columns. The
server sends every row as one message, so the lines arrive split already:
Python only cuts the ``\\n`` that ends each.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Integer, String, case, cast, func, literal, literal_column
from sqlalchemy.engine import Connection

from storage.columns import Kind, kind
from storage.export import FORMULA_STARTS
from storage.repository import COLUMNS, OFFSETS, ArticleFilter, articles_query


def _neutralised(cell: Any) -> Any:
    starts = func.left(cell, 1).in_(FORMULA_STARTS)
    return case((starts, literal("'").op("||")(cell)), else_=cell)


def _iso(value: Any, offset: Any | None) -> Any:
    """A timestamptz as Python's ``isoformat()`` in the stored offset (UTC without one).

    NULL stays NULL. Microseconds are shown only when there are some, as Python does.
    """
    minutes = func.coalesce(offset, 0) if offset is not None else literal(0, Integer)
    local: Any = func.timezone("UTC", value)
    if offset is not None:
        local = local + func.make_interval(0, 0, 0, 0, 0, minutes)
    stamp = func.replace(func.to_char(local, 'YYYY-MM-DD"T"HH24:MI:SS.US'), ".000000", "")
    if offset is None:
        return stamp.op("||")(literal("+00:00"))
    sign = case((minutes < 0, "-"), else_="+")
    zone = func.concat(
        sign,
        func.lpad(cast(func.abs(minutes) // 60, String), 2, "0"),
        ":",
        func.lpad(cast(func.abs(minutes) % 60, String), 2, "0"),
    )
    return stamp.op("||")(zone)


def _cell(name: str, excel: bool) -> Any:
    """The text of one cell, unquoted; NULL when the cell is empty."""
    column = COLUMNS[name]
    if kind(name) in (Kind.INTEGER, Kind.FLOAT):
        return cast(column, String)
    if kind(name) is Kind.DATETIME:
        return _iso(column, OFFSETS.get(name))
    if kind(name) is Kind.LIST:
        text: Any = literal_column(
            f"array_to_string(ARRAY(SELECT json_array_elements_text(articles.{column.key})), '; ')"
        )
    else:
        text = column
    text = func.nullif(text, "")
    return _neutralised(text) if excel else text


def _quoted(names: Sequence[str]) -> str:
    """The COPY option quoting every text cell (numbers stay bare, as the writer leaves them)."""
    text = [f'"{n}"' for n in names if kind(n) not in (Kind.INTEGER, Kind.FLOAT)]
    return f", FORCE_QUOTE ({', '.join(text)})" if text else ""


def csv_lines(
    connection: Connection, filters: ArticleFilter, columns: Sequence[str], excel: bool = False
) -> Iterator[bytes]:
    """One CSV line (UTF-8, no line end) per matching article, rendered by PostgreSQL."""
    cells = [_cell(name, excel).label(name) for name in columns]
    query = articles_query(connection, filters, columns).with_only_columns(*cells)
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    options = f"FORMAT csv, NULL ''{_quoted(columns)}"
    with cursor.copy(f"COPY ({compiled}) TO STDOUT WITH ({options})", compiled.params) as copy:
        # One message per row (the protocol's rule for COPY TO), ending in "\n".
        while row := copy.read():
            yield bytes(row[:-1])
