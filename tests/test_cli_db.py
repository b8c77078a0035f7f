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
    assert result.exit_code == 3 and "no archive at" in result.output
    assert not (tmp_path / "a.sqlite").exists()  # check never creates the database
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
    assert result.exit_code == 3  # the one code for "cannot open the archive"
    assert result.output.startswith("Error: cannot open the archive")
    assert "Traceback" not in result.output and result.output.count("\n") == 1


def test_drift_is_printed_readably(tmp_path: Path) -> None:
    from sqlalchemy import text

    from storage.db import open_archive

    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    database = open_archive(url)
    with database.engine.begin() as conn:
        conn.execute(text("CREATE TABLE stray (id INTEGER PRIMARY KEY)"))
    database.dispose()
    result = CliRunner().invoke(cli, ["db", "check", "--db", url])
    assert result.exit_code == 1
    assert "table stray is in the database but not in the models" in result.output
    assert "Table(" not in result.output and result.output.count("\n") == 1


def test_cheap_head_revision_agrees_with_alembic() -> None:
    from storage.db import _alembic_head

    assert head_revision() == _alembic_head()
