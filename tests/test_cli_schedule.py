"""``newscrawler schedule``: help, and one-line errors for bad configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["schedule", "--help"])
    assert result.exit_code == 0
    assert "newscrawler schedule --config schedule.toml" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[sites]]\nsite = 'https://a.test/'\n", "give exactly one of cron"),
        ("[[sites]]\nsite = 'https://a.test/'\ncron = 'every day'\n", "not a valid cron"),
        ("sites = 3\n", "add at least one [[sites]]"),
        ("[[sites]\n", "not valid TOML"),
    ],
)
def test_bad_config_is_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "schedule.toml"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["schedule", "--config", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_config(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schedule", "--config", str(tmp_path / "none.toml")])
    assert result.exit_code == 1 and "cannot read" in result.output


def test_an_archive_that_cannot_be_opened_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "schedule.toml"
    db = f"sqlite:///{tmp_path / 'no' / 'such' / 'a.sqlite'}"
    path.write_text(f'[scheduler]\ndb = "{db}"\n[[sites]]\nsite = "samplesite"\nevery = "1h"\n')
    result = CliRunner().invoke(cli, ["schedule", "--config", str(path), "--once"])
    assert result.exit_code == 3
    assert result.output.startswith("Error: cannot open the archive")


def test_help_points_to_installed_documentation() -> None:
    result = CliRunner().invoke(cli, ["schedule", "--help"])
    assert "docs/scheduling.md)" not in result.output
    assert "pydoc newscrawler.schedule.config" in result.output


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379/0", "redis://127.0.0.1:1/0"])
def test_a_bad_or_unreachable_frontier_exits_3_before_anything_is_enqueued(
    tmp_path: Path, url: str
) -> None:
    path = tmp_path / "schedule.toml"
    db = tmp_path / "a.sqlite"
    path.write_text(
        f'[scheduler]\ndb = "sqlite:///{db}"\nfrontier = "{url}"\n'
        '[[sites]]\nsite = "samplesite"\nevery = "1h"\n'
    )
    result = CliRunner().invoke(cli, ["schedule", "--config", str(path), "--once"])
    assert result.exit_code == 3, result.output
    assert result.output.startswith("Error: ") and url in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not db.exists()  # not even the history was opened
