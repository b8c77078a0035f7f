"""Streaming exporters (CSV, JSONL, Parquet) in a registry, with a manifest per file.

Rows arrive from :func:`storage.repository.iter_articles` (a server-side
cursor), are written one batch at a time and never held together, so memory
stays flat whatever the archive size. ``.gz`` paths are gzip-compressed.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Protocol, cast

from storage.types import utcnow

# Characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
NUMBER_COLUMNS = frozenset({"http_status", "word_count", "similarity"})
# Rows encoded and written together: fewer, larger writes.
WRITE_EVERY = 500
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


class Exporter(Protocol):
    """Writes rows to a binary stream."""

    def __call__(
        self, rows: Iterable[dict[str, Any]], columns: list[str], out: IO[bytes], excel: bool
    ) -> None: ...


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
    for line in lines:
        batch.append(line)
        if len(batch) >= WRITE_EVERY:
            out.write(b"\r\n".join(batch) + b"\r\n")
            batch = []
    if batch:
        out.write(b"\r\n".join(batch) + b"\r\n")


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


EXPORTERS: dict[str, Exporter] = {
    "csv": write_csv,
    "jsonl": write_jsonl,
    "parquet": write_parquet,
}


@dataclass
class Manifest:
    """What an export file holds: written beside it as ``<file>.manifest.json``."""

    file: str
    format: str
    columns: list[str]
    filters: dict[str, Any]
    rows: int = 0
    sha256: str = ""
    exported_at: str = field(default_factory=lambda: utcnow().isoformat())
    database: str = ""


def open_output(path: Path) -> IO[bytes]:
    """The file to write: gzip-compressed when its name ends in ``.gz``."""
    if path.suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "wb", compresslevel=6))
    return path.open("wb")


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
) -> int:
    """Write ``rows`` in format ``fmt`` to the path ``out`` (``-`` = stdout); return the count.

    When ``manifest`` is given and ``out`` is a file, the manifest is completed
    (rows, sha256) and written to ``<out>.manifest.json``. ``prerendered``
    says ``rows`` are CSV lines from :func:`storage.csvsql.csv_lines`.
    """
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORTERS)}")
    write: Any = write_csv_lines if prerendered and fmt == "csv" else EXPORTERS[fmt]
    counted = Counted(rows, progress)
    if str(out) == "-":
        write(counted, columns, sys.stdout.buffer, excel)
        sys.stdout.buffer.flush()
        return counted.n
    path = Path(out)
    if path.suffix == ".gz" and fmt == "parquet":
        raise ValueError("Parquet files are compressed already: drop the .gz suffix")
    with open_output(path) as stream:
        write(counted, columns, stream, excel)
    if manifest is not None:
        manifest.rows, manifest.sha256 = counted.n, sha256_of(path)
        manifest_path = path.with_name(path.name + ".manifest.json")
        manifest_path.write_text(
            json.dumps(asdict(manifest), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return counted.n
