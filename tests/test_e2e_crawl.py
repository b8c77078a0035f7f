"""End to end: Scrapy really crawls the bundled sample site over HTTP into SQLite.

One crawl (a subprocess: Twisted's reactor runs once per process) is shared by
the tests of this module; each checks one promise against the archive it left.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newscrawler.samplesite.server import serve
from newscrawler.text.urls import canonical_url
from storage import Archive

pytestmark = pytest.mark.slow
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]


def nfc(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


@dataclass
class Crawl:
    returncode: int
    stderr: str
    expected: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    requests: list[tuple[str, str, int]]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawler", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    db = tmp_path_factory.mktemp("e2e") / "archive.sqlite"
    with serve() as running:
        result = run_cli("crawl", running.url, "--db", f"sqlite:///{db}", *FAST)
        expected = running.site.expected_articles(running.url)
        requests = list(running.requests)
    with Archive(f"sqlite:///{db}") as archive:
        rows = list(archive.articles(include_duplicates=True))
    yield Crawl(result.returncode, result.stderr, expected, rows, requests)


def test_crawl_finishes_and_says_so(crawl: Crawl) -> None:
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert "finished:" in crawl.stderr.splitlines()[-1]


def test_every_sample_article_is_stored_once_with_title_body_and_date(crawl: Crawl) -> None:
    by_url = {row["canonical_url"]: row for row in crawl.rows}
    assert len(crawl.expected) >= 60
    missing = [e["url"] for e in crawl.expected if canonical_url(e["url"]) not in by_url]
    assert not missing
    for row in crawl.rows:
        assert row["title"] and row["body"], row["url"]
        assert row["published_at"] is not None, row["url"]


def test_same_story_at_two_urls_is_stored_once(crawl: Crawl) -> None:
    stored = [canonical_url(r["canonical_url"]) for r in crawl.rows]
    assert len(stored) == len(set(stored))
    alternates = {canonical_url(u) for e in crawl.expected for u in e["alt_urls"]}
    assert alternates, "the sample site should carry AMP/tracking variants"
    assert not alternates & set(stored) - {canonical_url(e["url"]) for e in crawl.expected}


def test_extracted_fields_match_the_site(crawl: Crawl) -> None:
    by_url = {row["canonical_url"]: row for row in crawl.rows}
    for exp in crawl.expected:
        row = by_url[canonical_url(exp["url"])]
        assert nfc(row["title"]) == nfc(exp["title"]), exp["url"]
        paragraphs = row["body"].split("\n\n")
        assert nfc(paragraphs[0]) == nfc(exp["first_paragraph"]), exp["url"]
        assert nfc(paragraphs[-1]) == nfc(exp["last_paragraph"]), exp["url"]
        assert len(paragraphs) == exp["paragraph_count"], exp["url"]


def test_published_time_is_the_articles_not_a_decoy(crawl: Crawl) -> None:
    from datetime import datetime

    by_url = {row["canonical_url"]: row for row in crawl.rows}
    for exp in crawl.expected:
        stored = by_url[canonical_url(exp["url"])]["published_at"]
        assert stored == datetime.fromisoformat(exp["published"]), exp["url"]


def test_robots_disallow_is_obeyed_and_traps_do_not_crash(crawl: Crawl) -> None:
    paths = [path for _method, path, _status in crawl.requests]
    assert "/robots.txt" in paths
    assert not any(p.startswith("/private") for p in paths)
    assert "Traceback" not in crawl.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "not-a-url"], "neither an http(s) URL nor a known site profile"),
        (["crawl", "https://example.com/", "--since", "yesterday"], "is not a date"),
        (["crawl", "https://example.com/", "-s", "NOEQUALS"], "-s takes NAME=VALUE"),
        (["crawl"], "give at least one home URL"),
    ],
)
def test_bad_crawl_arguments_get_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_demo_summarises_and_exports(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newscrawler", "demo"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "with published date" in result.stdout
    assert (tmp_path / "newscrawler.sqlite").exists()
    lines = (tmp_path / "newscrawler-demo.csv").read_text("utf-8").splitlines()
    assert lines[0].startswith("url,")
    assert "newscrawler search বৃষ্টি\n" in result.stdout
    # The read commands the demo suggests find its articles without --db.
    search = subprocess.run(
        [sys.executable, "-m", "newscrawler", "search", "বৃষ্টি", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert search.returncode == 0, search.stderr
    assert "samplesite" in search.stdout
    again = subprocess.run(
        [sys.executable, "-m", "newscrawler", "demo"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert again.returncode == 0, again.stderr[-2000:]  # an earlier demo archive is replaced


@pytest.mark.parametrize(
    "db", ["postgresql+psycopg://nobody@127.0.0.1:1/none", "sqlite:////nonexistent/dir/a.sqlite"]
)
def test_an_unreachable_archive_is_one_line_and_exit_3(db: str) -> None:
    result = run_cli("crawl", "https://news.example.bd/", "--db", db)
    assert result.returncode == 3
    assert result.stderr.startswith("Error: cannot open the archive:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_max_articles_stores_exactly_that_many(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'few.sqlite'}"
    with serve() as running:
        result = run_cli("crawl", running.url, "--db", db, "--max-articles", "7", *FAST)
    assert result.returncode == 0, result.stderr[-2000:]
    with Archive(db) as archive:
        assert archive.count(include_duplicates=True) == 7


def test_max_articles_counts_only_articles_stored_in_the_window(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'window.sqlite'}"
    with serve() as running:
        published = sorted(e["published"] for e in running.site.expected_articles(running.url))
        since = published[len(published) // 2][:10]  # half the articles are older
        result = run_cli(
            "crawl", running.url, "--db", db, "--max-articles", "5", "--since", since, *FAST
        )
    assert result.returncode == 0, result.stderr[-2000:]
    with Archive(db) as archive:
        rows = list(archive.articles(include_duplicates=True))
    assert len(rows) == 5
    assert all(row["published_at"].date().isoformat() >= since for row in rows)


def test_nothing_fetched_is_a_few_lines_saying_why_and_a_failed_run(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'refused.sqlite'}"
    result = run_cli("crawl", "http://127.0.0.1:1/", "--db", db, "--log-level", "warning")
    assert result.returncode == 4
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) <= 6
    # robots.txt itself is refused, which disallows the site for the crawl (RFC 9309)
    assert lines[-1].endswith("nothing could be fetched: connection refused (1 request)")
    from storage.db import open_archive
    from storage.runs import iter_runs

    archive = open_archive(db)
    with archive.session() as session:
        statuses = [run.status for run in iter_runs(session)]
    archive.dispose()
    assert statuses == ["failed"]
