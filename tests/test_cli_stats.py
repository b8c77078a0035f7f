"""``newscrawler stats``: per-site summary, per-month counts, the per-day plot."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newscrawler.cli import cli
from tests.storage_support import filled_archive


def test_stats_json(tmp_path: Path) -> None:
    archive = filled_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    result = CliRunner().invoke(cli, ["stats", "--db", archive, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    sites = {s["site"]: s for s in data["sites"]}
    assert sites["example-news.com.bd"]["articles"] == 2
    assert sites["example-news.com.bd"]["share_dated"] == 0.5
    assert sites["b.com"]["duplicates"] == 1
    months = {(m["site"], m["month"]): m["articles"] for m in data["months"]}
    assert months == {("b.com", "2024-05"): 1, ("example-news.com.bd", "2024-05"): 1}


def test_stats_table_and_plot(tmp_path: Path) -> None:
    archive = filled_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    plot = tmp_path / "days.png"
    result = CliRunner().invoke(cli, ["stats", "--db", archive, "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    assert "example-news.com.bd" in result.output and "2024-05" in result.output
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_empty_archive(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", "--db", str(tmp_path / "e.sqlite")])
    assert result.exit_code == 0 and "(no rows)" in result.output
