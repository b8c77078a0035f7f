"""Streaming exporters (CSV, TSV, JSONL, Parquet, Excel) in a registry, with a manifest.

Rows arrive from :func:`storage.repository.iter_articles` (a server-side
cursor), are written one batch at a time and never held together, so memory
stays flat whatever the archive size. ``.gz`` paths are gzip-compressed. How a
cell is written depends on its column's kind (:mod:`storage.columns`).

CSV cells keep the line breaks of bodies (paragraphs), quoted as RFC 4180
allows, so a CSV file has more lines than rows; TSV writes one line per row,
escaping tab, line breaks and backslash as ``\\t``, ``\\n``, ``\\r``, ``\\\\``.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol, cast

from storage.columns import Kind, of_kind

# Characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
NUMBER_COLUMNS = of_kind(Kind.INTEGER, Kind.FLOAT)
TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Rows encoded and written together: fewer, larger writes.
WRITE_EVERY = 500
# Bytes of rendered lines written together: enough for few writes, small enough to be
# copied in the CPU's cache rather than in fresh memory pages.
WRITE_BYTES = 1 << 16
PROGRESS_EVERY = 1000
Progress = Callable[[int], None]


def iso(value: Any) -> Any:
    """Datetimes as ISO 8601 text, anything else unchanged.

    >>> iso(datetime(2024, 5, 1, 10, 30))
    '2024-05-01T10:30:00'
    """
    return value.isoformat() if isinstance(value, datetime) else value


def neutralise(value: str) -> str:
    """Make a cell that a spreadsheet would run as a formula display as text.

    >>> neutralise("=HYPERLINK(1)"), neutralise("ঢাকা")
    ("'=HYPERLINK(1)", 'ঢাকা')
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_cell(value: Any, excel: bool = False) -> str:
    """One CSV cell: ISO dates, lists joined with ``"; "``, empty for missing values.

    >>> csv_cell(["ক", "খ"]), csv_cell(None), csv_cell(0.5)
    ('ক; খ', '', '0.5')
    """
    if value is None:
        return ""
    if isinstance(value, list):
        text = LIST_SEPARATOR.join(str(v) for v in value)
    else:
        text = str(iso(value))
    return neutralise(text) if excel and isinstance(value, str | list) else text


Notes = dict[str, int]


class Exporter(Protocol):
    """Writes rows to a binary stream; may return notes for the manifest (counts)."""

    def __call__(
        self, rows: Iterable[dict[str, Any]], columns: list[str], out: IO[bytes], excel: bool
    ) -> Notes | None: ...


class Counted:
    """Rows passed through, counted, with a progress callback every 1,000 rows."""

    def __init__(self, rows: Iterable[Any], progress: Progress | None) -> None:
        self.rows = rows
        self.progress = progress
        self.n = 0

    def __iter__(self) -> Iterator[Any]:
        for row in self.rows:
            self.n += 1
            if self.progress is not None and self.n % PROGRESS_EVERY == 0:
                self.progress(PROGRESS_EVERY)
            yield row
        if self.progress is not None:
            self.progress(self.n % PROGRESS_EVERY)


def csv_field(text: str, number: bool = False) -> str:
    """One RFC 4180 field: every non-empty cell but a number is quoted, quotes doubled.

    Quoting every text cell (rather than only those holding a comma, quote or
    line break) is as valid and lets the database render lines fast (csvsql).

    >>> csv_field('বলেন "না" ও'), csv_field(""), csv_field("200", number=True)
    ('"বলেন ""না"" ও"', '', '200')
    """
    if number or not text:
        return text
    return '"' + text.replace('"', '""') + '"'


def write_csv(
    rows: Iterable[dict[str, Any]], columns: list[str], out: IO[bytes], excel: bool = False
) -> None:
    """RFC 4180 CSV (CRLF line ends, text cells quoted), UTF-8 (with BOM for Excel)."""
    if excel:
        out.write(codecs.BOM_UTF8)
    numbers = [c in NUMBER_COLUMNS for c in columns]
    lines = [",".join(columns)]
    for row in rows:
        cells = [csv_cell(row[c], excel) for c in columns]
        lines.append(",".join([csv_field(v, n) for v, n in zip(cells, numbers, strict=True)]))
        if len(lines) >= WRITE_EVERY:
            out.write(("\r\n".join(lines) + "\r\n").encode("utf-8"))
            lines = []
    if lines:
        out.write(("\r\n".join(lines) + "\r\n").encode("utf-8"))


def write_csv_lines(
    lines: Iterable[bytes], columns: list[str], out: IO[bytes], excel: bool = False
) -> None:
    """The same CSV as :func:`write_csv`, from UTF-8 lines the database rendered already."""
    if excel:
        out.write(codecs.BOM_UTF8)
    batch = [",".join(columns).encode("utf-8")]
    size = 0
    for line in lines:
        batch.append(line)
        size += len(line)
        if size >= WRITE_BYTES:
            batch.append(b"")  # the last line's end
            out.write(b"\r\n".join(batch))
            batch, size = [], 0
    if batch:
        batch.append(b"")
        out.write(b"\r\n".join(batch))


def tsv_cell(value: Any, excel: bool = False) -> str:
    """One TSV cell: as :func:`csv_cell`, with tab, line breaks and backslash escaped.

    >>> tsv_cell("এক\\n\\nদুই\\tতিন")
    'এক\\\\n\\\\nদুই\\\\tতিন'
    """
    return csv_cell(value, excel).translate(TSV_ESCAPES)


def write_tsv(
    rows: Iterable[dict[str, Any]], columns: list[str], out: IO[bytes], excel: bool = False
) -> None:
    """Tab-separated values, one line per row (``wc -l`` counts rows plus the header)."""
    if excel:
        out.write(codecs.BOM_UTF8)
    lines = ["\t".join(columns)]
    for row in rows:
        lines.append("\t".join([tsv_cell(row[c], excel) for c in columns]))
        if len(lines) >= WRITE_EVERY:
            out.write(("\n".join(lines) + "\n").encode("utf-8"))
            lines = []
    if lines:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))


def write_jsonl(
    rows: Iterable[dict[str, Any]], columns: list[str], out: IO[bytes], excel: bool = False
) -> None:
    """One JSON object per line, keys in column order, dates as ISO 8601 text."""
    for row in rows:
        record = {c: iso(row[c]) for c in columns}
        out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")


def write_parquet(
    rows: Iterable[dict[str, Any]], columns: list[str], out: IO[bytes], excel: bool = False
) -> None:
    """Parquet in row groups of 10,000: typed columns, timestamps in UTC."""
    from storage.parquet import write_parquet as write

    write(rows, columns, out)


def write_xlsx(
    rows: Iterable[dict[str, Any]], columns: list[str], out: IO[bytes], excel: bool = False
) -> Notes:
    """An Excel workbook written in constant memory; see :mod:`storage.xlsx`."""
    from storage.xlsx import write_xlsx as write

    return write(rows, columns, out)


EXPORTERS: dict[str, Exporter] = {
    "csv": write_csv,
    "tsv": write_tsv,
    "jsonl": write_jsonl,
    "parquet": write_parquet,
    "xlsx": write_xlsx,
}
# Formats that are text a spreadsheet may open: --excel (BOM, formula-safe) applies to them.
SPREADSHEET_TEXT = ("csv", "tsv")
# Formats compressed already, or zip files: a .gz suffix makes no sense.
PACKED = ("parquet", "xlsx")


@dataclass
class Manifest:
    """What an export file holds: written beside it as ``<file>.manifest.json``."""

    file: str
    format: str
    columns: list[str]
    filters: dict[str, Any]
    rows: int = 0
    sha256: str = ""
    exported_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    database: str = ""
    notes: dict[str, int] = field(default_factory=dict)


def open_output(path: Path) -> IO[bytes]:
    """The file to write: gzip-compressed when its name ends in ``.gz``."""
    if path.suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "wb", compresslevel=6))
    return path.open("wb")


def check_format(fmt: str, out: str, excel: bool) -> None:
    """Refuse, in one line, a format and options that do not go together."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORTERS)}")
    if excel and fmt not in SPREADSHEET_TEXT:
        raise ValueError(f"--excel applies to {' and '.join(SPREADSHEET_TEXT)} only, not {fmt}")
    if out.endswith(".gz") and fmt in PACKED:
        raise ValueError(f"{fmt} files are compressed already: drop the .gz suffix")
    if out == "-" and fmt == "xlsx":
        raise ValueError("an Excel workbook cannot be streamed: give a file with --out")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def export(
    rows: Iterable[Any],
    fmt: str,
    out: str | Path,
    columns: list[str],
    *,
    excel: bool = False,
    manifest: Manifest | None = None,
    progress: Progress | None = None,
    prerendered: bool = False,
    notes: Notes | None = None,
) -> int:
    """Write ``rows`` in format ``fmt`` to the path ``out`` (``-`` = stdout); return the count.

    When ``manifest`` is given and ``out`` is a file, the manifest is completed
    (rows, sha256) and written to ``<out>.manifest.json``. ``prerendered``
    says ``rows`` are CSV lines from :func:`storage.csvsql.csv_lines`. Facts
    the writer reports (say, Excel cells cut to fit) go into ``notes``.
    """
    check_format(fmt, str(out), excel)
    write: Any = write_csv_lines if prerendered and fmt == "csv" else EXPORTERS[fmt]
    counted = Counted(rows, progress)
    found: Notes = {}
    if str(out) == "-":
        found = write(counted, columns, sys.stdout.buffer, excel) or {}
        sys.stdout.buffer.flush()
        if notes is not None:
            notes.update(found)
        return counted.n
    path = Path(out)
    with open_output(path) as stream:
        found = write(counted, columns, stream, excel) or {}
    if notes is not None:
        notes.update(found)
    if manifest is not None:
        manifest.notes = found
        manifest.rows, manifest.sha256 = counted.n, sha256_of(path)
        manifest_path = path.with_name(path.name + ".manifest.json")
        manifest_path.write_text(
            json.dumps(asdict(manifest), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return counted.n
