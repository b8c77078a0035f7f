"""Exports: RFC 4180 CSV that pandas and LibreOffice read back intact, Excel safety,
gzip, JSONL, Parquet, manifests; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest

from storage.db import Database, open_archive
from storage.export import EXPORTERS, Manifest, csv_cell, export, neutralise, write_csv_lines
from storage.repository import ArticleFilter, default_columns, iter_articles, upsert_articles
from tests.storage_support import db, db_url, make_item, module_db_url

__all__ = ["db", "db_url", "module_db_url"]

HOSTILE_BODY = 'প্রথম লাইন, কমা আর "উদ্ধৃতি"\n\nদ্বিতীয় অনুচ্ছেদ\r\nয়ড়ঢ় ৳১০০'
ITEMS = [
    make_item(1, body=HOSTILE_BODY),
    make_item(2, title='=HYPERLINK("http://x")', subtitle="-১০ ডিগ্রি", tags=["@ক", "খ"]),
    make_item(3, authors=[], tags=[], published_at=None),
]


@pytest.fixture(scope="module")
def archive(module_db_url: str) -> Iterator[Database]:
    """ITEMS stored once per backend, shared by the read-only tests."""
    database = open_archive(module_db_url)
    with database.session() as session:
        upsert_articles(session, ITEMS)
    yield database
    database.dispose()


def run_export(db: Database, fmt: str, path: Path, **kwargs: Any) -> int:
    filters = ArticleFilter()
    columns = default_columns(filters)
    manifest = Manifest(file=str(path), format=fmt, columns=columns, filters={})
    with db.read_session() as session:
        rows = iter_articles(session, filters, columns)
        return export(rows, fmt, path, columns, manifest=manifest, **kwargs)


def test_csv_round_trips_through_pandas(archive: Database, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert run_export(archive, "csv", path) == 3
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == default_columns(ArticleFilter())
    assert frame.loc[0, "body"] == HOSTILE_BODY
    assert frame.loc[1, "title"] == ITEMS[1]["title"]
    assert frame.loc[0, "published_at"] == "2024-05-02T10:30:00+06:00"
    assert frame.loc[0, "authors"] == "নিজস্ব প্রতিবেদক"
    assert frame.loc[2, "published_at"] == ""
    assert path.read_bytes().count(b"\r\n") >= 4  # RFC 4180 line ends


def test_every_bengali_character_survives(archive: Database, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    run_export(archive, "csv", path)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["body"] == HOSTILE_BODY
    assert rows[0]["title"] == ITEMS[0]["title"]


def test_excel_mode_adds_a_bom_and_neutralises_formulas(archive: Database, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    run_export(archive, "csv", path, excel=True)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[1]["title"] == "'" + ITEMS[1]["title"]
    assert rows[1]["subtitle"] == "'-১০ ডিগ্রি"
    assert rows[1]["tags"] == "'@ক; খ"
    assert rows[0]["http_status"] == "200"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+880", "'+880"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("ঢাকা", "ঢাকা"),
        ("1-2", "1-2"),
    ],
)
def test_neutralise(value: str, expected: str) -> None:
    assert neutralise(value) == expected


def test_numbers_are_not_neutralised() -> None:
    assert csv_cell(-5, excel=True) == "-5"


def test_gzip_and_manifest(archive: Database, tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl.gz"
    run_export(archive, "jsonl", path)
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records[0]["body"] == HOSTILE_BODY
    assert records[1]["tags"] == ["@ক", "খ"]
    manifest = json.loads((tmp_path / "out.jsonl.gz.manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"] == 3
    assert manifest["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert manifest["format"] == "jsonl" and manifest["exported_at"]


def test_parquet(archive: Database, tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    run_export(archive, "parquet", path)
    table = pq.read_table(path).to_pylist()
    assert table[0]["body"] == HOSTILE_BODY
    assert table[1]["tags"] == ["@ক", "খ"]
    assert table[0]["published_at"].isoformat() == "2024-05-02T04:30:00+00:00"


def test_empty_export_has_a_header(db: Database, tmp_path: Path) -> None:
    for fmt in EXPORTERS:
        path = tmp_path / f"empty.{fmt}"
        assert run_export(db, fmt, path) == 0
    assert (tmp_path / "empty.csv").read_text(encoding="utf-8").startswith("url,canonical_url")
    assert pq.read_table(tmp_path / "empty.parquet").num_rows == 0


def test_parquet_refuses_gz(archive: Database, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="compressed already"):
        run_export(archive, "parquet", tmp_path / "x.parquet.gz")


@pytest.mark.slow
def test_opens_cleanly_in_libreoffice_calc(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    archive = open_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")  # the CSV is the same for all
    with archive.session() as session:
        upsert_articles(session, ITEMS)
    path = tmp_path / "news.csv"
    run_export(archive, "csv", path, excel=True)
    archive.dispose()
    options = "44,34,76,1"  # comma, double quote, UTF-8, from line 1
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            f"--infilter=CSV:{options}",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):{options}",
            "--outdir",
            str(tmp_path / "calc"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    with (tmp_path / "calc" / "news.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 3
    assert rows[0]["body"].replace("\r\n", "\n") == HOSTILE_BODY.replace("\r\n", "\n")
    assert rows[0]["title"] == ITEMS[0]["title"]
    assert rows[1]["title"].lstrip("'") == ITEMS[1]["title"]  # shown as text, not run


def both_writers(
    db_url: str, extra: list[dict[str, Any]], csv_lines: Any, excel: bool
) -> tuple[bytes, bytes]:
    """The CSV of every article (ITEMS + ``extra``) by the Python writer and by ``csv_lines``."""
    from storage.export import write_csv

    archive = open_archive(db_url)
    with archive.session() as session:
        upsert_articles(session, [*ITEMS, *extra])
    filters = ArticleFilter(include_duplicates=True)
    columns = default_columns(filters)
    with archive.connect() as connection:
        python = io.BytesIO()
        write_csv(iter_articles(connection, filters, columns), columns, python, excel)
        rendered = io.BytesIO()
        write_csv_lines(csv_lines(connection, filters, columns, excel), columns, rendered, excel)
    archive.dispose()
    return python.getvalue(), rendered.getvalue()


@pytest.mark.parametrize("excel", [False, True])
def test_sqlite_rendered_lines_equal_the_python_writer(tmp_path: Path, excel: bool) -> None:
    from storage.csvsql import csv_lines

    extra = [
        make_item(7, similarity=0.875, word_count=12, duplicate_of=ITEMS[0]["canonical_url"]),
        make_item(8, title="", body='"', tags=['a"b', "=c"], published_at=None),
    ]
    python, rendered = both_writers(f"sqlite:///{tmp_path / 'a.sqlite'}", extra, csv_lines, excel)
    assert rendered == python


def test_xlsx_cuts_cells_over_excels_limit(tmp_path: Path) -> None:
    import zipfile

    from storage.xlsx import CELL_LIMIT, write_xlsx

    long = "ক" * 40_000
    path = tmp_path / "x.xlsx"
    with path.open("wb") as out:
        notes = write_xlsx([{"title": "ছোট", "body": long}], ["title", "body"], out)
    assert notes == {"cut_cells": 1}
    with zipfile.ZipFile(path) as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode("utf-8")
    kept = sheet.count("ক")
    assert CELL_LIMIT - 40 < kept < CELL_LIMIT
    assert "more characters]" in sheet and "ছোট" in sheet


@pytest.mark.postgres
@pytest.mark.parametrize("excel", [False, True])
def test_postgres_copy_lines_equal_the_python_writer(pg_url: str, excel: bool) -> None:
    from datetime import datetime, timedelta, timezone

    from storage.pgcopy import csv_lines

    west = timezone(timedelta(hours=-5, minutes=-30))
    extra = [
        make_item(7, similarity=0.875, word_count=12, duplicate_of=ITEMS[0]["canonical_url"]),
        make_item(8, title="", body='"', tags=['a"b', "=c"], published_at=None),
        make_item(
            9,
            body="ব্যাকস্ল্যাশ \\ আর \\n ট্যাব\tশেষ\r\n",
            published_at=datetime(2024, 1, 2, 3, 4, 5, 678900, tzinfo=west),
            similarity=0.1,
        ),
    ]
    python, rendered = both_writers(pg_url, extra, csv_lines, excel)
    assert rendered == python
