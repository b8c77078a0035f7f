"""``newscrawler db upgrade`` and ``db check``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli
from storage.db import head_revision


def test_upgrade_then_check(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite")
    runner = CliRunner()
    result = runner.invoke(cli, ["db", "check", "--db", db])
    assert result.exit_code == 1 and "run newscrawler db upgrade" in result.output
    result = runner.invoke(cli, ["db", "upgrade", "--db", db])
    assert result.exit_code == 0, result.output
    assert f"revision {head_revision()}" in result.output
    result = runner.invoke(cli, ["db", "check", "--db", db])
    assert result.exit_code == 0 and "matches the models" in result.output


def test_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCRAWLER_DB", f"sqlite:///{tmp_path / 'env.sqlite'}")
    result = CliRunner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.sqlite").exists()


@pytest.mark.parametrize(
    "url", ["sqlite:////nonexistent-folder/a.sqlite", "postgresql+psycopg://nobody@127.0.0.1:1/x"]
)
def test_unreachable_database_is_one_line(url: str) -> None:
    result = CliRunner().invoke(cli, ["db", "upgrade", "--db", url])
    assert result.exit_code == 3
    assert result.output.startswith("Error: cannot open the archive")
    assert "Traceback" not in result.output and result.output.count("\n") == 1
