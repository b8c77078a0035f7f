"""What every archive command shares: opening the archive (exit 3), --site, --since/--until."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli
from tests.storage_support import filled_archive, make_item, module_db_url

__all__ = ["module_db_url"]

READ_ONLY = [
    ["export", "--out", "-"],
    ["search", "বৃষ্টি"],
    ["stats"],
    ["runs"],
    ["sites"],
    ["db", "check"],
]


@pytest.fixture(scope="module")
def archive(module_db_url: str) -> str:
    return filled_archive(module_db_url)


@pytest.mark.parametrize("command", READ_ONLY, ids=lambda c: c[0] + (c[1] if c[0] == "db" else ""))
def test_read_only_commands_never_create_an_archive(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "newscrawler-demo.sqlite").write_bytes(b"")
    missing = tmp_path / "nope.sqlite"
    result = CliRunner().invoke(cli, [*command, "--db", str(missing)])
    assert result.exit_code == 3, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert f"no archive at {missing}" in result.output
    assert "newscrawler-demo.sqlite" in result.output  # the archive next to it is named
    assert not missing.exists()


@pytest.mark.parametrize("command", READ_ONLY[:3], ids=lambda c: c[0])
def test_unsupported_database_is_one_line(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--db", "mysql://x/y"])
    assert result.exit_code == 3
    assert "unsupported database 'mysql'" in result.output and result.output.count("\n") == 1


@pytest.mark.parametrize("command", [["search", "বৃষ্টি"], ["export", "--out", "-"]])
def test_unknown_site_lists_the_known_ones(archive: str, command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--db", archive, "--site", "prothomalo.com"])
    assert result.exit_code == 2
    assert "no site 'prothomalo.com'" in result.output
    assert "b.com (2)" in result.output and "example-news.com.bd (2)" in result.output


@pytest.mark.parametrize("command", [["search", "প্রেসিডেন্ট"], ["export", "--out", "-"]])
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2024-05-03", "--until", "2024-05-01"], "later than until"),
        (["--since", "yesterday"], "is not a date"),
        (["--tz", "Mars/Base", "--since", "2024-05-01"], "unknown time zone"),
    ],
)
def test_bad_windows_are_usage_errors(
    archive: str, command: list[str], args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, [*command, "--db", archive, *args])
    assert result.exit_code == 2 and message in result.output
    assert result.output.count("\n") == 1


def test_relative_since_works_in_search_and_export(archive: str) -> None:
    search = CliRunner().invoke(
        cli, ["search", "প্রেসিডেন্ট", "--db", archive, "--since", "7d", "--format", "json"]
    )
    assert search.exit_code == 0 and json.loads(search.output) == []  # all from 2024
    everything = CliRunner().invoke(
        cli, ["export", "--db", archive, "--out", "-", "--format", "jsonl", "--since", "5000d"]
    )
    assert everything.exit_code == 0 and len(everything.output.splitlines()) == 2


def test_dates_without_a_zone_are_local(tmp_path: Path) -> None:
    from datetime import datetime, timedelta, timezone

    from storage.db import open_archive
    from storage.repository import upsert_articles

    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    early = datetime(2023, 8, 18, 4, 43, tzinfo=timezone(timedelta(hours=6)))  # 17th in UTC
    database = open_archive(url)
    with database.session() as session:
        upsert_articles(session, [make_item(1, published_at=early)])
    database.dispose()
    day = ["--since", "2023-08-18", "--until", "2023-08-18"]
    local = CliRunner().invoke(
        cli, ["export", "--db", url, "--out", "-", "--format", "jsonl", *day]
    )
    assert len(local.output.splitlines()) == 1
    utc = CliRunner().invoke(
        cli, ["export", "--db", url, "--out", "-", "--format", "jsonl", *day, "--tz", "UTC"]
    )
    assert utc.output == ""
