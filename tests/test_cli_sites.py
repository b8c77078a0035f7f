"""``newscrawler sites``: the site keys of the archive with their article counts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newscrawler.cli import cli
from tests.storage_support import filled_archive


def test_sites_lists_keys_and_counts(tmp_path: Path) -> None:
    archive = filled_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    result = CliRunner().invoke(cli, ["sites", "--db", archive, "--format", "json"])
    assert result.exit_code == 0, result.output
    counts = {row["key"]: row["articles"] for row in json.loads(result.output)}
    assert counts == {"b.com": 2, "example-news.com.bd": 2}
    table = CliRunner().invoke(cli, ["sites", "--db", archive])
    assert table.output.splitlines()[0].split()[:2] == ["key", "articles"]


def test_sites_of_an_empty_archive(tmp_path: Path) -> None:
    from storage.db import open_archive

    url = f"sqlite:///{tmp_path / 'e.sqlite'}"
    open_archive(url).dispose()
    result = CliRunner().invoke(cli, ["sites", "--db", url])
    assert result.exit_code == 0 and "holds no sites yet" in result.output
