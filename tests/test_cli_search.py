"""``newscrawler search``: table, JSON and CSV output, filters, hostile queries."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli
from tests.storage_support import filled_archive, module_db_url

__all__ = ["module_db_url"]


@pytest.fixture(scope="module")
def archive(module_db_url: str) -> str:
    return filled_archive(module_db_url)


def test_json_results(archive: str) -> None:
    result = CliRunner().invoke(cli, ["search", "পুতিন", "--db", archive, "--format", "json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert len(hits) == 1
    assert set(hits[0]) == {"url", "title", "site", "published_at", "snippet", "score"}
    assert "[পুতিনের]" in hits[0]["snippet"] or "[পুতিন]" in hits[0]["snippet"]


@pytest.mark.parametrize(
    ("args", "n"),
    [
        ([], 1),
        (["--include-duplicates"], 2),
        (["--site", "b.com", "--include-duplicates"], 1),
        (["--until", "2024-05-01"], 0),
        (["--limit", "1", "--include-duplicates"], 1),
    ],
)
def test_filters(archive: str, args: list[str], n: int) -> None:
    result = CliRunner().invoke(
        cli, ["search", "প্রেসিডেন্ট", "--db", archive, "--format", "json", *args]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == n


def test_table_and_csv(archive: str) -> None:
    table = CliRunner().invoke(cli, ["search", "রাশিয়া", "--db", archive])
    assert table.exit_code == 0 and "রাশিয়ার নির্বাচনে ভোট" in table.output
    as_csv = CliRunner().invoke(cli, ["search", "রাশিয়া", "--db", archive, "--format", "csv"])
    assert as_csv.output.splitlines()[0] == "url,title,site,published_at,snippet,score"


@pytest.mark.parametrize("query", ["", '"', "(", "*", "NEAR(", '"পুতিন', "AND OR NOT"])
def test_any_query_gives_results_or_one_line(archive: str, query: str) -> None:
    result = CliRunner().invoke(cli, ["search", query, "--db", archive, "--format", "json"])
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert isinstance(json.loads(result.output), list)
    else:
        assert result.output.startswith("Error:") and result.output.count("\n") == 1


@pytest.mark.parametrize(
    "args", [["", "--limit", "5"], ["পুতিন", "--limit", "0"], ["পুতিন", "--limit", "9" * 20]]
)
def test_usage_errors_exit_2_in_one_line(archive: str, args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["search", *args, "--db", archive])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Error: " in result.output


def test_or_query(archive: str) -> None:
    result = CliRunner().invoke(
        cli, ["search", "পুতিন OR রাশিয়া", "--db", archive, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == 2


def test_huge_query_is_one_short_line(archive: str) -> None:
    result = CliRunner().invoke(cli, ["search", "বৃষ্টি " * 15_000, "--db", archive])
    assert result.exit_code == 2 and "too long" in result.output
    assert len(result.output) < 200
