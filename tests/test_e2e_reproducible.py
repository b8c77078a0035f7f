"""The same crawl of the sample site into SQLite and into PostgreSQL exports the same articles.

Crawls run with different concurrency, so pages arrive in different orders;
the exports (``newscrawler export --include-duplicates``) must hold the same
rows with the same values, apart from the columns that record when the crawl
ran or which copy of a cluster arrived first (``cluster_id``, ``similarity``).
Row order is archive order (arrival), so rows are compared by canonical URL.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newscrawler.samplesite.server import serve
from tests.crawl_support import REPO, child_env, crawl, write_profile

pytestmark = pytest.mark.slow

TIMING_COLUMNS = ("fetched_at", "first_seen_at", "last_seen_at", "cluster_id", "similarity")


def exported(db_url: str, out: Path) -> dict[str, dict[str, Any]]:
    """Rows of ``newscrawler export --include-duplicates`` by canonical URL, timing columns out."""
    command = [
        sys.executable, "-m", "newscrawler", "export", "--db", db_url, "--format", "jsonl",
        "--include-duplicates", "--out", str(out),
    ]  # fmt: skip
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=child_env(), cwd=REPO
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines() if line]
    for row in rows:
        for column in TIMING_COLUMNS:
            row.pop(column, None)
    return {row["canonical_url"]: row for row in rows}


@pytest.mark.postgres
def test_sqlite_and_postgresql_exports_are_identical(pg_url: str, tmp_path: Path) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with serve() as running:
        profile = write_profile(running.url, tmp_path)
        crawl(profile, sqlite_url, tmp_path / "a", settings={"CONCURRENT_REQUESTS": "1"})
        crawl(profile, pg_url, tmp_path / "b", settings={"CONCURRENT_REQUESTS": "16"})
    one = exported(sqlite_url, tmp_path / "sqlite.jsonl")
    other = exported(pg_url, tmp_path / "pg.jsonl")
    assert len(one) >= 60
    assert one.keys() == other.keys()
    differing = [url for url in one if one[url] != other[url]]
    assert not differing, [(one[u], other[u]) for u in differing[:2]]
    assert all(row["published_at"] for row in one.values())
