"""The schedule file: parsing, one-line errors, crawl arguments, timing and missed runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscrawler.schedule.config import (
    Job,
    ScheduleConfigError,
    config_from_dict,
    load_config,
    parse_interval,
)
from newscrawler.schedule.plan import first_due, next_due

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
URL = "https://www.example-news.com.bd/"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86400), ("0.5s", 0.5), (30, 30), ("45", 45)],
)
def test_parse_interval(text: str | int, seconds: float) -> None:
    assert parse_interval(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "soon", "-5m", "0", "5 weeks", True])
def test_parse_interval_rejects(text: str | bool) -> None:
    with pytest.raises(ValueError):
        parse_interval(text)


def test_full_config(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('name = "mysite"\nhome_url = "https://mysite.example/"\n')
    path = tmp_path / "schedule.toml"
    path.write_text(
        f"""
[scheduler]
db = "sqlite:///archive.sqlite"
data_dir = "state"
max_parallel = 3
heartbeat = "2s"
stale_after = "10s"

[defaults]
since = "2d"
max_articles = 50
settings = {{ DOWNLOAD_DELAY = 0, AUTOTHROTTLE_ENABLED = false }}

[[sites]]
site = "{URL}"
cron = "*/5 * * * *"

[[sites]]
profile = "site.toml"
every = "1h"
max_articles = 10
refresh = true
"""
    )
    config = load_config(path)
    assert config.db == "sqlite:///archive.sqlite"
    assert config.data_dir == tmp_path / "state"
    assert (config.max_parallel, config.heartbeat) == (3, timedelta(seconds=2))
    first, second = config.jobs
    assert (first.key, first.cron, first.max_articles) == ("example-news.com.bd", "*/5 * * * *", 50)
    assert (second.key, second.every, second.max_articles) == ("mysite", timedelta(hours=1), 10)
    assert first.crawl_args(Path("d")) == [
        "crawl", URL, "--resume", "--data-dir", "d",
        "--since", "2d", "--max-articles", "50",
        "-s", "AUTOTHROTTLE_ENABLED=false", "-s", "DOWNLOAD_DELAY=0",
    ]  # fmt: skip
    assert first.crawl_env() == {"NEWSCRAWLER_DB": "sqlite:///archive.sqlite"}  # not in ps
    args = second.crawl_args(Path("d"))
    assert args[:2] == ["crawl", "--resume"] and "--refresh" in args
    assert args[args.index("--profile") + 1] == str(tmp_path / "site.toml")


SITE = {"site": URL, "every": "1h"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "add at least one [[sites]]"),
        ({"sites": [{"every": "1h"}]}, "set site ="),
        ({"sites": [{"site": URL}]}, "exactly one of cron"),
        ({"sites": [{"site": URL, "cron": "* *", "every": "1h"}]}, "exactly one of cron"),
        ({"sites": [{"site": URL, "cron": "61 * * * *"}]}, "not a valid cron expression"),
        ({"sites": [{"site": URL, "every": "often"}]}, "every: 'often' is not an interval"),
        ({"sites": [{**SITE, "max_articles": 0}]}, "max_articles must be 1 or more"),
        ({"sites": [{**SITE, "max_articles": True}]}, "max_articles must be a int"),
        ({"sites": [{**SITE, "colour": "red"}]}, "unknown key(s) ['colour']"),
        ({"sites": [{**SITE, "settings": {"A": [1]}}]}, "must be plain values"),
        ({"sites": [SITE, SITE]}, "listed more than once"),
        ({"sites": [{"site": "nosuchprofile", "every": "1h"}]}, "nor a shipped profile"),
        ({"sites": [SITE], "scheduler": {"max_parallel": 0}}, "max_parallel must be 1 or more"),
        ({"sites": [SITE], "scheduler": {"heartbeat": "x"}}, "[scheduler]: heartbeat"),
        ({"sites": [SITE], "crawl": {}}, "unknown section(s) ['crawl']"),
        ({"sites": [SITE], "scheduler": {"frontier": 6379}}, "frontier must be a str"),
        ({"sites": [SITE], "scheduler": {"frontier_prefix": "x:"}}, "needs frontier ="),
        (
            {
                "sites": [{**SITE, "db": "sqlite:///b.sqlite"}],
                "scheduler": {"frontier": "redis://h"},
            },
            "remove db from the site",
        ),
    ],
)
def test_config_errors(data: dict[str, object], message: str) -> None:
    with pytest.raises(ScheduleConfigError) as info:
        config_from_dict(data)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_load_config_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[[sites]]\nsite = \n")
    with pytest.raises(ScheduleConfigError, match=r"bad\.toml: not valid TOML"):
        load_config(path)
    with pytest.raises(ScheduleConfigError, match="cannot read"):
        load_config(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("job", "last", "expected"),
    [
        (Job(site="s", key="s", every=timedelta(hours=1)), None, NOW),
        (Job(site="s", key="s", every=timedelta(hours=1)), NOW - timedelta(days=3), NOW),
        (
            Job(site="s", key="s", every=timedelta(hours=1)),
            NOW - timedelta(minutes=10),
            NOW + timedelta(minutes=50),
        ),
        (Job(site="s", key="s", cron="0 3 * * *"), NOW - timedelta(days=2), NOW),
        (
            Job(site="s", key="s", cron="0 3 * * *"),
            NOW - timedelta(hours=2),
            NOW.replace(day=2, hour=3),
        ),
    ],
)
def test_first_due_runs_missed_fires_once(
    job: Job, last: datetime | None, expected: datetime
) -> None:
    assert first_due(job, last, NOW) == expected


def test_next_due_after_an_overlong_run() -> None:
    job = Job(site="s", key="s", every=timedelta(minutes=5))
    assert next_due(job, NOW - timedelta(minutes=7), NOW) == NOW
    assert next_due(job, NOW, NOW + timedelta(seconds=1)) == NOW + timedelta(minutes=5)


def test_a_frontier_in_the_scheduler_table() -> None:
    data = {
        "scheduler": {"db": "sqlite:///a.sqlite", "frontier": "redis://h:6379/0"},
        "defaults": {"db": "sqlite:///a.sqlite"},
        "sites": [SITE],
    }
    config = config_from_dict(data)
    assert (config.frontier, config.frontier_prefix) == ("redis://h:6379/0", None)
    assert config_from_dict({"sites": [SITE]}).frontier is None
