"""The same crawl of the sample site into SQLite and into PostgreSQL exports the same articles.

The crawls start from the site's wire copies (``/zilla/wire/``: the district
portal's reprints of daily stories, posted later) in one order and from the home
page in the other, with different concurrency, so copies and originals arrive in
different orders. The exports (``newscrawler export``, with and without
``--include-duplicates``) must hold the same rows with the same values, apart
from the columns that record when the crawl ran or which copy arrived first
(``cluster_id``, ``similarity``), and show each cluster's original: its earliest
published copy. Row order is archive order (arrival), so rows are compared by
canonical URL.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newscrawler.samplesite import tpl_wire
from newscrawler.samplesite.render import Ctx
from newscrawler.samplesite.server import RunningSite, serve
from tests.crawl_support import REPO, child_env, crawl

pytestmark = pytest.mark.slow

TIMING_COLUMNS = ("fetched_at", "first_seen_at", "last_seen_at", "cluster_id", "similarity")


def profile_starting(running: RunningSite, folder: Path, *paths: str) -> Path:
    """The sample site's profile with ``start_urls`` at ``paths``, in that order."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = running.write_profile(folder)
    home_url = running.url
    urls = ", ".join(json.dumps(home_url.rstrip("/") + p) for p in paths)
    profile.write_text(profile.read_text("utf-8") + f"start_urls = [{urls}]\n", "utf-8")
    return profile


def exported(db_url: str, out: Path, *flags: str) -> dict[str, dict[str, Any]]:
    """Rows of ``newscrawler export`` by canonical URL, timing columns left out."""
    command = [
        sys.executable, "-m", "newscrawler", "export", "--db", db_url, "--format", "jsonl",
        "--out", str(out), *flags,
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
        wire_first = profile_starting(running, tmp_path / "pa", tpl_wire.PATH, "/")
        home_first = profile_starting(running, tmp_path / "pb", "/", tpl_wire.PATH)
        crawl(wire_first, sqlite_url, tmp_path / "a", settings={"CONCURRENT_REQUESTS": "1"})
        crawl(home_first, pg_url, tmp_path / "b", settings={"CONCURRENT_REQUESTS": "16"})
        ctx = Ctx(running.site, running.url.rstrip("/"))
        copies = {ctx.url(tpl_wire.PATH + str(s.id)) for s in tpl_wire.originals(ctx)}
        originals = {ctx.article_url(s) for s in tpl_wire.originals(ctx)}
    for flags in ((), ("--include-duplicates",)):
        one = exported(sqlite_url, tmp_path / "sqlite.jsonl", *flags)
        other = exported(pg_url, tmp_path / "pg.jsonl", *flags)
        assert len(one) >= 60
        assert one.keys() == other.keys()
        differing = [url for url in one if one[url] != other[url]]
        assert not differing, [(one[u], other[u]) for u in differing[:2]]
        assert all(row["published_at"] for row in one.values())
        assert originals <= one.keys()
        assert bool(copies & one.keys()) is bool(flags), "only the originals are shown"
    assert all(one[url]["duplicate_of"] in originals for url in copies)
