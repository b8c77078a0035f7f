"""``newscrawler worker`` and ``newscrawler frontier status|clear``; a bad frontier URL."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from click.testing import CliRunner
from scrapy import Request, Spider

from newscrawler.cli import cli
from newscrawler.frontier.commands import crawl_args
from newscrawler.frontier.keys import CRAWLS
from newscrawler.frontier.queue import LeasedQueue


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379/0", "redis://127.0.0.1:1/0"])
def test_a_bad_or_unreachable_frontier_is_one_line_and_exit_3(url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'a.sqlite'}"
    for args in (
        ["crawl", "http://127.0.0.1:9/", "--db", db, "--frontier", url],
        ["worker", "--frontier", url],
        ["frontier", "status", "--frontier", url],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 3, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1
        assert result.output.startswith("Error: ")
        assert "Traceback" not in result.output


def test_crawl_args_rebuild_the_crawl_from_its_spec(tmp_path: Path) -> None:
    spec = {"starts": ["https://a.example/"], "profile": "name = 'x'\n", "max_articles": 5}
    args = crawl_args(spec, tmp_path)
    assert args[:1] == ["https://a.example/"]
    assert args[args.index("--max-articles") + 1] == "5"
    assert (tmp_path / "profile.toml").read_text() == "name = 'x'\n"


@pytest.mark.redis
def test_status_shows_the_queue_and_clear_empties_it(redis_prefix: tuple[str, str]) -> None:
    url, prefix = redis_prefix
    server = redis.Redis.from_url(url)
    server.hset(prefix + CRAWLS, "c1", '{"starts": ["https://a.example/"]}')
    queue = LeasedQueue(server, Spider("news"), f"{prefix}|c1")
    queue.push(Request("https://a.example/1"))
    queue.push(Request("https://a.example/2"))
    queue.worker = "host:42"
    assert queue.pop() is not None
    runner = CliRunner()
    shown = runner.invoke(cli, ["frontier", "status", "--frontier", url, "--prefix", prefix])
    assert shown.exit_code == 0, shown.output
    assert "crawl c1: 1 queued, 1 leased" in shown.output
    assert "a.example: 1 queued" in shown.output
    cleared = runner.invoke(cli, ["frontier", "clear", "--frontier", url, "--prefix", prefix])
    assert cleared.exit_code == 0 and "removed" in cleared.output
    shown = runner.invoke(cli, ["frontier", "status", "--frontier", url, "--prefix", prefix])
    assert "no crawl on the frontier" in shown.output


@pytest.mark.redis
def test_a_worker_with_nothing_queued_can_exit_when_idle(redis_prefix: tuple[str, str]) -> None:
    url, prefix = redis_prefix
    args = ["worker", "--frontier", url, "--prefix", prefix, "--exit-when-idle"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
