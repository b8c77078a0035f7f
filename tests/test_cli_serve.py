"""``newscrawler serve``: starts, answers, stops; bad arguments are one line."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli
from tests.crawl_support import REPO, child_env
from tests.storage_support import filled_archive


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_serves_the_archive_until_interrupted(tmp_path: Path) -> None:
    url = filled_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    port = free_port()
    command = [sys.executable, "-m", "newscrawler", "serve", "--db", url, "--port", str(port)]
    server = subprocess.Popen(command, env=child_env(), cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/?q={quote('পুতিন')}", timeout=5
                ) as r:
                    page = r.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        assert "<mark>পুতিন" in page
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=20)
    assert server.returncode == 0, err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tz", "Mars/Base"], "unknown time zone"),
        (["--port", "70000"], "70000"),
    ],
)
def test_bad_arguments(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["serve", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_address_in_use_is_one_line(tmp_path: Path) -> None:
    url = filled_archive(f"sqlite:///{tmp_path / 'a.sqlite'}")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "newscrawler", "serve", "--db", url, "--port", str(port)],
            env=child_env(), cwd=REPO, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3, result.stderr
