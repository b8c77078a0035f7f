"""How a crawl ended, as an exit code and one line (``runner.judge``), and its settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newscrawler.crawling.runner import (
    EXIT_ABNORMAL,
    EXIT_DATABASE,
    EXIT_NOTHING_FETCHED,
    EXIT_OK,
    CrawlOptions,
    build_settings,
    judge,
    site_of,
)
from newscrawler.profiles import ProfileError

FETCHED = {"response_received_count": 12, "storage/inserted": 5, "storage/unchanged": 2}


@pytest.mark.parametrize(
    ("stats", "code", "reason"),
    [
        ({**FETCHED, "finish_reason": "finished"}, EXIT_OK, "finished: 5 articles stored"),
        ({**FETCHED, "finish_reason": "max_articles"}, EXIT_OK, "finished: 5 articles stored"),
        ({**FETCHED, "finish_reason": "closespider_itemcount"}, EXIT_OK, "finished:"),
        ({**FETCHED, "finish_reason": "shutdown"}, EXIT_ABNORMAL, "crawl ended: shutdown; 5 "),
        ({**FETCHED}, EXIT_ABNORMAL, "crawl ended: unknown"),
        ({"finish_reason": "finished"}, EXIT_NOTHING_FETCHED, "nothing could be fetched"),
        # Lost items outrank everything: the dead-letter file holds them.
        ({**FETCHED, "finish_reason": "shutdown", "storage/errors": 3}, EXIT_DATABASE, "3 items"),
    ],
)
def test_judge_exit_codes(stats: dict[str, Any], code: int, reason: str) -> None:
    result = judge(stats)
    assert result.exit_code == code
    assert result.reason.startswith(reason), result.reason
    assert "\n" not in result.reason and result.stats is stats


def test_the_summary_counts_what_was_stored_and_dropped() -> None:
    stats = {
        **FETCHED,
        "finish_reason": "finished",
        "storage/revised": 1,
        "dedupe/near": 2,
        "validate/dropped/short_body": 4,
        "pages/dropped/not_html": 1,
    }
    assert judge(stats).reason == (
        "finished: 6 articles stored (5 new, 1 revised, 2 unchanged, 2 marked as duplicates); "
        "12 pages fetched, 5 dropped"
    )


def test_settings_and_site_key_of_a_crawl(tmp_path: Path) -> None:
    options = CrawlOptions(
        starts=["http://127.0.0.1:8123/"],
        db_url=f"sqlite:///{tmp_path / 'a.sqlite'}",
        refresh=True,
        overrides={"DOWNLOAD_DELAY": "2", "STORAGE_BATCH_SIZE": "10"},
    )
    assert site_of(options) == "127.0.0.1:8123"
    settings = build_settings(options, site_of(options))
    assert settings["JOBDIR"] == str(tmp_path / ".newscrawler" / "jobs" / "127.0.0.1_8123")
    assert settings.getbool("INCREMENTAL_REFRESH") and settings.getfloat("DOWNLOAD_DELAY") == 2
    assert settings.getint("STORAGE_BATCH_SIZE") == 10  # -s wins over the project's 500
    assert (
        build_settings(CrawlOptions(starts=["samplesite"]), "x").getint("STORAGE_BATCH_SIZE") == 500
    )
    with pytest.raises(ProfileError):
        site_of(CrawlOptions(starts=["nosuchprofile"]))


COOKIES = "scrapy.downloadermiddlewares.cookies.CookiesMiddleware"


def test_components_switched_off_are_not_listed(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.sqlite'}"
    shipped = build_settings(CrawlOptions(starts=["samplesite"], db_url=db), "x")
    middlewares = shipped.getwithbase("DOWNLOADER_MIDDLEWARES")
    assert COOKIES not in middlewares
    assert "scrapy.extensions.remote_control.RemoteControl" not in shipped.getwithbase("EXTENSIONS")
    # the others stay listed
    assert middlewares["scrapy.downloadermiddlewares.retry.RetryMiddleware"] == 550
    assert shipped.getwithbase("EXTENSIONS")["newscrawler.crawling.progress.Progress"] == 610
    cookies = CrawlOptions(starts=["samplesite"], db_url=db, overrides={"COOKIES_ENABLED": "1"})
    assert COOKIES in build_settings(cookies, "x").getwithbase("DOWNLOADER_MIDDLEWARES")
