"""``newscrawler health`` on an archive without crawls, bad arguments, profile thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli
from newscrawler.profiles import ProfileError, profile_from_dict
from tests.storage_support import filled_archive


def test_no_figures_yet(tmp_path: Path) -> None:
    url = filled_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    result = CliRunner().invoke(cli, ["health", "--db", url])
    assert result.exit_code == 0
    assert "(no rows)" in result.output
    result = CliRunner().invoke(cli, ["health", "--db", url, "--site", "nope"])
    assert result.exit_code == 1
    assert "no crawl of site 'nope' has health figures yet" in result.output


def test_plot_must_be_png(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["health", "--plot", str(tmp_path / "x.txt")])
    assert result.exit_code == 2
    assert "is not a .png file" in result.output


def test_profile_health_table_is_checked() -> None:
    base = {"home_url": "https://example.com/"}
    assert profile_from_dict({**base, "health": {"fail_drop": 0.5}}).health == {"fail_drop": 0.5}
    with pytest.raises(ProfileError, match="unknown health setting 'fail'"):
        profile_from_dict({**base, "health": {"fail": 0.5}})
