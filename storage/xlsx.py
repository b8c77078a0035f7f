"""Excel export: a real ``.xlsx`` workbook, written row by row in constant memory.

XlsxWriter's ``constant_memory`` mode flushes each row to disk as soon as the
next one starts, so memory stays flat whatever the archive size. Text is
written as text (never run as a formula), numbers as numbers, lists joined with
``"; "``, datetimes as ISO 8601 text in the offset the page gave (Excel dates
have no time zone). Excel holds at most 32,767 characters in a cell: a longer
text is cut to fit and ends with the marker ``… [cut: N more characters]``;
the number of cells cut is reported (``cut_cells`` in the manifest).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import datetime
from typing import IO, Any

from storage.columns import Kind, kind

CELL_LIMIT = 32_767
# Excel's last row is 1,048,576; the first holds the header.
ROW_LIMIT = 1_048_575
LIST_SEPARATOR = "; "


def fit(text: str) -> tuple[str, bool]:
    """A text within Excel's cell limit, and whether it had to be cut.

    >>> fit("ককক")
    ('ককক', False)
    >>> cut, was_cut = fit("ক" * 40_000); len(cut), was_cut, cut.endswith("characters]")
    (32767, True, True)
    """
    if len(text) <= CELL_LIMIT:
        return text, False
    marker = f"… [cut: {len(text) - CELL_LIMIT:,} more characters]"
    keep = CELL_LIMIT - len(marker)
    marker = f"… [cut: {len(text) - keep:,} more characters]"
    keep = CELL_LIMIT - len(marker)
    return text[:keep] + marker, True


def cell_value(column: str, value: Any) -> Any:
    """The value written to a cell: numbers stay numbers, everything else is text."""
    if value is None:
        return None
    if kind(column) is Kind.LIST:
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def write_xlsx(
    rows: Iterable[dict[str, Any]], columns: list[str], out: IO[bytes]
) -> dict[str, int]:
    """Write rows as one worksheet to ``out``; returns ``{"cut_cells": n}``."""
    import xlsxwriter

    # XlsxWriter writes a zip, which needs a seekable file: build it in a
    # temporary file, then copy it to ``out`` (a plain file, or gzip's stream).
    with tempfile.TemporaryDirectory(prefix="newscrawler-xlsx-") as tmp:
        path = os.path.join(tmp, "export.xlsx")
        workbook = xlsxwriter.Workbook(
            path, {"constant_memory": True, "tmpdir": tmp, "strings_to_numbers": False}
        )
        sheet = workbook.add_worksheet("articles")
        bold = workbook.add_format({"bold": True})
        sheet.write_row(0, 0, columns, bold)
        numbers = [kind(c) in (Kind.INTEGER, Kind.FLOAT) for c in columns]
        cut = 0
        n = 0
        for n, row in enumerate(rows, 1):
            if n > ROW_LIMIT:
                workbook.close()
                raise ValueError(
                    f"an Excel sheet holds at most {ROW_LIMIT:,} rows: filter the export "
                    "(--site, --since) or use --format csv"
                )
            for at, (column, number) in enumerate(zip(columns, numbers, strict=True)):
                value = cell_value(column, row[column])
                if value is None:
                    continue
                if number:
                    sheet.write_number(n, at, value)
                    continue
                text, was_cut = fit(str(value))
                cut += was_cut
                sheet.write_string(n, at, text)
        sheet.freeze_panes(1, 0)
        workbook.close()
        with open(path, "rb") as built:
            shutil.copyfileobj(built, out, 1 << 20)
    return {"cut_cells": cut}
