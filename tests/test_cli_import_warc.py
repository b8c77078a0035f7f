"""``newscrawler import-warc``: exactly the Bengali articles of a mixed WARC are stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from newscrawler.cli import cli
from newscrawler.text.urls import canonical_url
from storage.db import open_archive
from storage.models import Article
from tests.warc_support import sample_pages, write_arc, write_mixed


def stored(db_url: str) -> dict[str, tuple[str | None, int | None, str | None]]:
    db = open_archive(db_url)
    try:
        with db.read_session() as session:
            rows = session.execute(
                select(
                    Article.canonical_url,
                    Article.warc_file,
                    Article.warc_offset,
                    Article.warc_record_id,
                )
            )
            return {url: (file, offset, rid) for url, file, offset, rid in rows}
    finally:
        db.dispose()


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzip", "plain"])
def test_import_stores_exactly_the_bengali_articles(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("cc-news.warc.gz" if gzipped else "cc-news.warc")
    mixed = write_mixed(path, gzipped)
    db_url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    result = CliRunner().invoke(cli, ["import-warc", str(tmp_path / "cc-news.*"), "--db", db_url])
    assert result.exit_code == 0, result.output
    rows = stored(db_url)
    assert set(rows) == {canonical_url(u) for u in mixed.bengali_urls}
    for file, offset, record_id in rows.values():
        assert file == str(path.resolve()) and offset is not None and record_id
    summary = result.output.strip().splitlines()[-1]
    assert summary.startswith("import: ") and f"{len(mixed.bengali_urls)} added" in summary
    assert "damaged records skipped" in summary


def test_show_raw_prints_the_imported_page_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "one.warc.gz"
    write_mixed(path, gzipped=True)
    db_url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    assert CliRunner().invoke(cli, ["import-warc", str(path), "--db", db_url]).exit_code == 0
    url, body = sample_pages(1)[0]
    result = CliRunner().invoke(cli, ["show", url, "--raw", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == body


def test_site_filter_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "one.warc"
    write_mixed(path, gzipped=False)
    db_url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["import-warc", str(path), "--site-filter", r"/nothing-here/", "--db", db_url]
    )
    assert result.exit_code == 0 and stored(db_url) == {}
    missing = runner.invoke(cli, ["import-warc", str(tmp_path / "none-*.warc"), "--db", db_url])
    assert missing.exit_code == 2 and "no WARC or ARC file" in missing.output


@pytest.mark.parametrize("gzipped", [True, False], ids=["gzip", "plain"])
def test_arc_files_are_imported_too(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("old.arc.gz" if gzipped else "old.arc")
    urls = write_arc(path, gzipped)
    db_url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    result = CliRunner().invoke(cli, ["import-warc", str(tmp_path), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert set(stored(db_url)) == {canonical_url(u) for u in urls}
    shown = CliRunner().invoke(cli, ["show", urls[0], "--raw", "--db", db_url])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout_bytes == sample_pages(1)[0][1]
