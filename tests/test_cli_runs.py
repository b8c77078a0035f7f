"""``newscrawler runs``: the crawl history as a table or JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli
from storage.db import open_archive
from storage.models import CrawlRun
from storage.runs import finish_run, start_run

STATS = {
    "response_received_count": 40,
    "storage/inserted": 30,
    "storage/revised": 2,
    "dedupe/exact": 1,
    "validate/dropped/no_body": 3,
    "pages/failed/http_404": 2,
    "item_dropped_reasons_count/DropItem": 3,
}


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    db = open_archive(url)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with db.session() as session:
        first = start_run(session, "alpha", {"max_articles": 50})
        start_run(session, "beta")
        killed = start_run(session, "alpha")
    with db.session() as session:
        finish_run(session, first, "finished", STATS)
        session.get_one(CrawlRun, killed).pid = dead.pid
    db.dispose()
    return url


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, ["runs", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_json_lists_runs_newest_first(db_url: str) -> None:
    rows = json.loads(invoke("--db", db_url, "--format", "json"))
    assert [(r["id"], r["site"]) for r in rows] == [(3, "alpha"), (2, "beta"), (1, "alpha")]
    third, _beta, first = rows
    assert third["status"] == "killed"  # its process is gone
    assert first["status"] == "finished"
    assert (first["pages_fetched"], first["articles_stored"], first["revisions"]) == (40, 32, 2)
    assert first["duplicates"] == 1
    assert first["dropped"] == {"validate/dropped/no_body": 3, "pages/failed/http_404": 2}
    assert first["options"] == {"max_articles": 50}
    assert first["seconds"] is not None and first["started_at"].endswith("+00:00")


@pytest.mark.parametrize(("args", "ids"), [(["--site", "alpha"], [3, 1]), (["--limit", "1"], [3])])
def test_filters(db_url: str, args: list[str], ids: list[int]) -> None:
    rows = json.loads(invoke("--db", db_url, "--format", "json", *args))
    assert [r["id"] for r in rows] == ids


def test_table(db_url: str) -> None:
    out = invoke("--db", db_url)
    assert out.splitlines()[0].split()[:3] == ["id", "site", "status"]
    assert "no_body=3" in out and "killed" in out


def test_empty_history_and_bad_db(tmp_path: Path) -> None:
    assert "(no rows)" in invoke("--db", f"sqlite:///{tmp_path / 'new.sqlite'}")
    result = CliRunner().invoke(cli, ["runs", "--db", f"sqlite:///{tmp_path / 'no/such/x.sqlite'}"])
    assert result.exit_code == 3
    assert result.output.startswith("Error: cannot open the archive")
    assert "Traceback" not in result.output
