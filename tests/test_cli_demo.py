"""``newscrawler demo``: where it writes, what it refuses, what it suggests next."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli
from newscrawler.cli.demo import next_steps
from tests.storage_support import filled_archive


def run_demo(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["demo", *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "postgresql+psycopg://postgres@127.0.0.1:5432/test"], "the demo writes a SQLite"),
        (["--db", "no/such/folder/demo.sqlite"], "folder 'no/such/folder' does not exist"),
        (["--csv", "no/such/folder/demo.csv"], "folder 'no/such/folder' does not exist"),
    ],
)
def test_bad_demo_targets_are_one_line_errors(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run_demo(tmp_path, *args)
    assert code == 2
    assert message in output
    assert len(output.strip().splitlines()) == 1
    assert not (tmp_path / "no").exists()
    assert not (tmp_path / "postgresql+psycopg:").exists()


def test_demo_never_overwrites_a_file_that_is_not_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("my notes", "utf-8")
    code, output = run_demo(tmp_path, "--db", "notes.txt")
    assert code == 2
    assert "is not a SQLite archive" in output
    assert (tmp_path / "notes.txt").read_text("utf-8") == "my notes"


def test_demo_never_replaces_an_archive_of_real_crawls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    filled_archive(f"sqlite:///{tmp_path / 'newscrawler.sqlite'}")
    code, output = run_demo(tmp_path)
    assert code == 2
    assert "holds 4 articles of your own crawls" in output


def test_next_steps_need_no_db_for_the_default_archive() -> None:
    assert "--db" not in next_steps(Path("newscrawler.sqlite"))
    assert "search বৃষ্টি --db x.sqlite" in next_steps(Path("x.sqlite"))
