"""Fault injection with real components: a private PostgreSQL, a tiny tmpfs, hostile servers.

* :class:`PrivatePostgres`: a PostgreSQL cluster of its own (``initdb``/``pg_ctl``
  from the installed server binaries, as the ``postgres`` user when we are
  root), on a free port in a temporary folder, that a test can stop and start.
  The shared server is never touched.
* :func:`tiny_tmpfs`: a small tmpfs mounted for the test (skipped with a reason
  where mounting is not allowed).
* :func:`hostile_site`: the sample site, with some paths answered otherwise.
* :func:`start_crawl` / :func:`run_crawl`: ``newscrawler crawl`` in a subprocess
  with the project's own settings (every component as shipped).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawler.samplesite.server import Handler, RunningSite
from newscrawler.samplesite.site import SampleSite
from tests.crawl_support import REPO, archive, child_env

FAST = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "RETRY_TIMES": "1"}
# status, headers, body
Answer = tuple[int, dict[str, str], bytes]
Rule = Callable[[Handler], Answer | None]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on a free port, stopped and started at will."""

    def __init__(self) -> None:
        binaries = pg_bin()
        if binaries is None:
            pytest.skip("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
        self.bin = binaries
        self.root = Path(tempfile.mkdtemp(prefix="newscrawler-faults-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            if shutil.which("runuser") is None:
                pytest.skip("running as root without runuser: cannot run initdb")
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.root, "postgres", "postgres")
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def run(self, tool: str, *args: str) -> None:
        command = [*self.as_user, str(self.bin / tool), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def database(self, name: str) -> str:
        """A fresh database of this cluster; returns its URL."""
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        log = str(self.root / "server.log")
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def tiny_tmpfs(size: str = "1m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on a fresh folder (skips where mounting is not allowed)."""
    point = Path(tempfile.mkdtemp(prefix="newscrawler-faults-fs-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        point.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or 'not allowed'}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)
        shutil.rmtree(point, ignore_errors=True)


def fill(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte."""
    with (folder / "filler").open("wb", buffering=0) as out:
        for size in (65536, 1):
            with contextlib.suppress(OSError):
                while True:
                    out.write(b"\0" * size)


@contextmanager
def hostile_site(site: SampleSite, rules: dict[str, Rule]) -> Iterator[RunningSite]:
    """Serve ``site``; a path in ``rules`` is answered by its rule (``None``: as usual)."""

    class HostileHandler(Handler):
        def _answer(self, send_body: bool) -> None:
            rule = rules.get(self.path.split("?")[0])
            answer = rule(self) if rule is not None else None
            if answer is None:
                super()._answer(send_body)
                return
            status, headers, body = answer
            self.running.log(self.command, self.path, status)
            self.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            if send_body:
                self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), HostileHandler)
    server.daemon_threads = True
    running = RunningSite(site, server)
    HostileHandler.running = running
    running.start()
    try:
        yield running
    finally:
        running.stop()


def crawl_args(
    profile: Path, db_url: str, data_dir: Path, *args: str, settings: dict[str, str] | None = None
) -> list[str]:
    values = FAST | (settings or {})
    sets = [a for name, value in values.items() for a in ("-s", f"{name}={value}")]
    return [
        sys.executable, "-m", "newscrawler", "crawl", "--profile", str(profile), "--db", db_url,
        "--data-dir", str(data_dir), *args, *sets,
    ]  # fmt: skip


class LoggedCrawl(subprocess.Popen[str]):
    """A crawl subprocess whose stderr goes to a file (a pipe nobody reads would block it)."""

    def __init__(self, command: list[str]) -> None:
        self.log_file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - read at the end
        super().__init__(
            command,
            env=child_env(),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=self.log_file,
            text=True,
        )

    def communicate(
        self, input: str | None = None, timeout: float | None = None
    ) -> tuple[str, str]:
        """Wait for the end; returns ``("", stderr)``."""
        self.wait(timeout=timeout)
        self.log_file.seek(0)
        return "", self.log_file.read()


def start_crawl(command: list[str]) -> LoggedCrawl:
    return LoggedCrawl(command)


def run_crawl(command: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env=child_env(), cwd=REPO
    )


def last_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


# An archive as path -> (title, content hash), as by_path gives it.
Archive = dict[str, tuple[str | None, str | None]]


def by_path(db_url: str) -> Archive:
    """The archive as path -> (title, content hash): comparable across servers' ports."""
    found = {}
    for url, value in archive(db_url).items():
        parts = urlsplit(url)
        found[parts.path + (f"?{parts.query}" if parts.query else "")] = value
    return found


def article_count(db_url: str) -> int:
    """Stored rows (a doubled article would be two)."""
    from sqlalchemy import func, select

    from storage.db import open_archive
    from storage.models import Article

    db = open_archive(db_url)
    try:
        with db.read_session() as session:
            return int(session.scalar(select(func.count(Article.id))) or 0)
    finally:
        db.dispose()


def stored(db_url: str) -> int:
    """Stored rows, or 0 while the archive is not created yet or the database is down."""
    try:
        return article_count(db_url)
    except Exception:  # not created yet, or the database is down
        return 0


def wait_for(db_url: str, enough: int, proc: subprocess.Popen[str], timeout: float = 90) -> None:
    """Wait until the running crawl ``proc`` has stored ``enough`` articles."""
    deadline = time.monotonic() + timeout
    while stored(db_url) < enough:
        assert time.monotonic() < deadline, "the crawl stored too little"
        assert proc.poll() is None, "the crawl ended too early"
        time.sleep(0.1)
