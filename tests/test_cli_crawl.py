"""``newscrawler crawl`` without crawling: profiles, the sample site, the progress line."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from newscrawler.cli import cli
from newscrawler.cli.crawl import answers, sample_site_if_needed
from newscrawler.crawling.progress import OneLineErrors, Progress, progress_line
from newscrawler.profiles import load_profile, profile_for


def test_a_bad_profile_is_one_line_naming_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('home_url = "https://a.bd/"\n[prefer]\ntitle = "h1[["\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["crawl", "--profile", str(path)])
    assert result.exit_code == 2
    assert f"{path}: prefer.title = 'h1[['" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_samplesite_is_started_when_nothing_answers_and_stopped_after() -> None:
    site = replace(profile_for("samplesite"), home_url="http://127.0.0.1:1/")
    with sample_site_if_needed(["samplesite"], None, site) as (starts, profile_path):
        assert starts == [] and profile_path is not None
        started = load_profile(profile_path)
        assert started.name == "samplesite"  # still recorded as the sample site
        assert (
            started.home_url.startswith("http://127.0.0.1:") and started.home_url != site.home_url
        )
        assert answers(started.home_url)
    assert not answers(started.home_url)


def test_other_starts_are_left_alone() -> None:
    site = profile_for("https://a.bd/")
    with sample_site_if_needed(["https://a.bd/"], None, site) as (starts, profile_path):
        assert starts == ["https://a.bd/"] and profile_path is None


def test_progress_line_rewrites_one_line() -> None:
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    stats = MemoryStatsCollector(get_crawler())
    stats.set_value("response_received_count", 12)
    stats.set_value("item_scraped_count", 3)
    stats.set_value("pages/skipped/max_articles", 4)
    out = io.StringIO()
    progress = Progress(stats, out=out)
    progress.show()
    progress.spider_closed()
    text = out.getvalue()
    assert text.startswith("\r\x1b[K12 pages fetched, 3 articles kept, 0 dropped (")
    assert text.endswith("pages/s)\n")
    assert progress_line({}, 0) == "0 pages fetched, 0 articles kept, 0 dropped (0.0 pages/s)"


def test_logged_errors_lose_their_traceback_but_keep_the_reason() -> None:
    import logging

    try:
        raise ConnectionRefusedError("111: Connection refused")
    except ConnectionRefusedError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, "f", 1, "Error downloading %s", ("u",), None)
        record.exc_info = sys.exc_info()
    assert OneLineErrors().filter(record)
    assert record.exc_info is None
    assert record.getMessage() == (
        "Error downloading u (ConnectionRefusedError: 111: Connection refused)"
    )
