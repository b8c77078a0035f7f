"""CSV lines rendered by SQLite itself: the fast path of ``export --format csv`` on SQLite.

Each row comes back as one finished CSV line, quoted, Excel-neutralised and
with dates in ISO 8601 in their original offset, exactly as the Python writer
(:func:`storage.export.write_csv`) would write it; the test suite checks that
both give the same bytes. Lines come back as UTF-8 bytes (a BLOB cast): Python
only joins them, never decoding and re-encoding the text, which was most of its
cost (bench/export_csv.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import (
    LargeBinary,
    String,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy.engine import Connection

from storage.columns import Kind, kind
from storage.export import FORMULA_STARTS
from storage.repository import COLUMNS, OFFSETS, ArticleFilter, articles_query

BATCH = 2000


def _cat(*parts: Any) -> Any:
    """SQL string concatenation (``||``) of expressions and Python strings."""
    result = literal(parts[0]) if isinstance(parts[0], str) else parts[0]
    for part in parts[1:]:
        result = result.op("||")(literal(part) if isinstance(part, str) else part)
    return result


def _quoted(cell: Any) -> Any:
    """RFC 4180 as :func:`storage.export.csv_field`: non-empty text quoted, quotes doubled.

    (replace() and one printf measured faster than printf's own ``%w`` quoting.)
    """
    return case((cell == "", ""), else_=func.printf('"%s"', func.replace(cell, '"', '""')))


def _neutralised(cell: Any) -> Any:
    starts = func.substr(cell, 1, 1).in_(FORMULA_STARTS)
    return case((starts, _cat("'", cell)), else_=cell)


def _iso(value: Any, offset: Any | None) -> Any:
    """Stored UTC text ``YYYY-MM-DD HH:MM:SS.ffffff`` as ISO 8601 in the original offset.

    Without an offset column the time is shown in UTC: cut and pasted, no
    date arithmetic (strftime), which is most of a date's rendering cost.
    """
    micro = func.substr(value, 21, 6)
    fraction = case(((micro == "") | (micro == "000000"), ""), else_=_cat(".", micro))
    if offset is None:
        return _cat(func.substr(value, 1, 10), "T", func.substr(value, 12, 8), fraction, "+00:00")
    minutes = func.coalesce(offset, 0)
    shifted = func.strftime("%Y-%m-%dT%H:%M:%S", value, func.printf("%+d minutes", minutes))
    sign = case((minutes < 0, "-"), else_="+")
    zone = func.printf("%s%02d:%02d", sign, func.abs(minutes) / 60, func.abs(minutes) % 60)
    return _cat(shifted, fraction, zone)


def _cell(name: str, excel: bool) -> Any:
    column = COLUMNS[name]
    if kind(name) in (Kind.INTEGER, Kind.FLOAT):
        return func.coalesce(cast(column, String), "")
    if kind(name) is Kind.DATETIME:
        raw = type_coerce(column, String)
        iso = _cat('"', _iso(raw, OFFSETS.get(name)), '"')
        return case((raw.is_(None), ""), else_=iso)
    if kind(name) is Kind.LIST:
        joined = (
            select(func.group_concat(literal_column("value"), literal("; ")))
            .select_from(func.json_each(column))
            .scalar_subquery()
        )
        text = func.coalesce(joined, "")
    else:
        text = func.coalesce(type_coerce(column, String), "")
    return _quoted(_neutralised(text) if excel else text)


def csv_lines(
    connection: Connection, filters: ArticleFilter, columns: Sequence[str], excel: bool = False
) -> Iterator[bytes]:
    """One CSV line (UTF-8, no line end) per matching article, rendered by SQLite."""
    # One printf joins the cells: chained ``||`` would copy the growing line per cell.
    cells = [_cell(name, excel) for name in columns]
    joined = func.printf(",".join(["%s"] * len(cells)), *cells)
    # BLOB: the driver hands over the bytes as they are, without decoding them.
    line = cast(joined, LargeBinary)
    query = articles_query(connection, filters, columns).with_only_columns(line.label("line"))
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = compiled.construct_params()
    # The driver's own cursor: one string per row needs none of SQLAlchemy's row handling.
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), [params[name] for name in compiled.positiontup or ()])
        while rows := cursor.fetchmany(BATCH):
            for (text,) in rows:
                yield text
    finally:
        cursor.close()
