"""``newscrawler export``: formats, filters, stdout, manifests, one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli
from tests.storage_support import filled_archive


@pytest.fixture
def archive(tmp_path: Path) -> str:
    return filled_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["export", *args])
    return result.exit_code, result.output


def test_csv_file_with_manifest(archive: str, tmp_path: Path) -> None:
    out = tmp_path / "news.csv"
    code, output = run("--db", archive, "--out", str(out), "--site", "example-news.com.bd")
    assert code == 0, output
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["title"] for r in rows] == ["প্রেসিডেন্ট পুতিনের সফর", "তারিখ ছাড়া"]
    manifest = json.loads(Path(f"{out}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"] == 2 and manifest["filters"]["site"] == "example-news.com.bd"


@pytest.mark.parametrize(
    ("args", "titles"),
    [
        ([], 3),
        (["--include-duplicates"], 4),
        (["--since", "2024-05-03"], 1),
        (["--until", "2024-05-02"], 1),
        (["--query", "পুতিন"], 1),
        (["--query", "পুতিন", "--include-duplicates"], 2),
    ],
)
def test_filters_to_stdout(archive: str, args: list[str], titles: int) -> None:
    code, output = run("--db", archive, "--format", "jsonl", "--out", "-", *args)
    assert code == 0, output
    records = [json.loads(line) for line in output.splitlines()]
    assert len(records) == titles
    assert ("duplicate_of" in records[0]) == ("--include-duplicates" in args)


def test_columns(archive: str) -> None:
    code, output = run("--db", archive, "--out", "-", "--columns", "url,title")
    assert code == 0
    header = next(csv.reader(io.StringIO(output)))
    assert header == ["url", "title"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--columns", "url,nope"], "unknown nope"),
        (["--since", "yesterday"], "is not a date"),
        (["--query", "!!!"], "nothing to search for"),
        (["--format", "parquet", "--out", "x.parquet.gz"], "compressed already"),
        (["--out", "/nonexistent-folder/x.csv"], "cannot write /nonexistent-folder/x.csv"),
    ],
)
def test_bad_arguments_are_one_line(archive: str, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", archive, "--out", "-", *args])
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


def test_xlsx_is_a_real_workbook(archive: str, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "news.xlsx"
    code, _ = run("--db", archive, "--format", "xlsx", "--out", str(path))
    assert code == 0
    with zipfile.ZipFile(path) as workbook:
        assert "[Content_Types].xml" in workbook.namelist()
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "প্রেসিডেন্ট পুতিনের সফর" in sheet  # Bengali intact, as text
    assert "<v>200</v>" in sheet  # http_status is a number
    manifest = json.loads((tmp_path / "news.xlsx.manifest.json").read_text(encoding="utf-8"))
    assert manifest["notes"] == {"cut_cells": 0}


def test_tsv_is_one_line_per_article(archive: str) -> None:
    code, out = run("--db", archive, "--format", "tsv", "--out", "-", "--columns", "title,body")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1 + 3 and lines[0] == "title\tbody"
    assert "\\n\\n" in out  # paragraph breaks escaped


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "xlsx"])
def test_excel_flag_only_for_text_spreadsheets(archive: str, fmt: str, tmp_path: Path) -> None:
    code, out = run("--db", archive, "--format", fmt, "--excel", "--out", str(tmp_path / "x"))
    assert code == 2 and "--excel applies to csv and tsv only" in out
