"""``newscrawler stats``: per-site summary, per-month counts, the per-day plot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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
    from storage.db import open_archive

    url = f"sqlite:///{tmp_path / 'e.sqlite'}"
    open_archive(url).dispose()
    result = CliRunner().invoke(cli, ["stats", "--db", url])
    assert result.exit_code == 0 and "holds no articles yet" in result.output
    plot = CliRunner().invoke(cli, ["stats", "--db", url, "--plot", str(tmp_path / "x.png")])
    assert plot.exit_code == 1 and "nothing to plot" in plot.output
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize(
    ("name", "message"), [("/nonexistent/x.png", "does not exist"), ("x.txt", "name a .png")]
)
def test_bad_plot_paths_are_one_line(tmp_path: Path, name: str, message: str) -> None:
    archive = filled_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    result = CliRunner().invoke(cli, ["stats", "--db", archive, "--plot", name])
    assert result.exit_code == 2 and message in result.output
    assert result.output.count("\n") == 1


def test_plot_days_are_zero_filled() -> None:
    from newscrawler.cli.stats import zero_filled

    rows = [
        {"site": "a", "day": "2024-05-01", "articles": 3},
        {"site": "b", "day": "2024-05-04", "articles": 1},
    ]
    series = zero_filled(rows)
    assert [n for _, n in series["a"]] == [3, 0, 0, 0]
    assert [n for _, n in series["b"]] == [0, 0, 0, 1]
