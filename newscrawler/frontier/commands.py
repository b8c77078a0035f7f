"""``newscrawler worker`` and ``newscrawler frontier status|clear``."""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType
from typing import Any

import click

from newscrawler.frontier.keys import DEFAULT_PREFIX, FrontierError, connect
from newscrawler.frontier.registry import pending_crawl


class FrontierFail(click.ClickException):
    """The frontier's Redis cannot be used: one ``Error: ...`` line, exit code 3."""

    exit_code = 3


def check_frontier(url: str) -> str:
    """``url`` when its Redis answers; else a one-line error, exit 3, before any fetch."""
    try:
        import scrapy_redis  # noqa: F401
    except ImportError:
        raise FrontierFail(
            "--frontier needs scrapy-redis: pip install 'newscrawler[distributed]'"
        ) from None
    try:
        connect(url).close()
    except FrontierError as exc:
        raise FrontierFail(str(exc)) from None
    return url


def server_for(url: str) -> Any:
    check_frontier(url)
    return connect(url)


frontier_option = click.option(
    "--frontier",
    "frontier_url",
    envvar="NEWSCRAWLER_FRONTIER",
    required=True,
    metavar="REDIS_URL",
    help="The shared frontier [default: $NEWSCRAWLER_FRONTIER].",
)
prefix_option = click.option(
    "--prefix", default=DEFAULT_PREFIX, show_default=True, help="Key prefix of the frontier."
)


def crawl_args(spec: dict[str, Any], folder: Path) -> list[str]:
    """``newscrawler crawl`` arguments that rebuild a crawl from its spec (a scheduled
    crawl's ``settings`` included)."""
    args = list(spec.get("starts") or [])
    if spec.get("profile"):
        path = folder / "profile.toml"
        path.write_text(spec["profile"], "utf-8")
        args += ["--profile", str(path)]
    for name in ("since", "until", "max_articles"):
        if spec.get(name):
            args += [f"--{name.replace('_', '-')}", str(spec[name])]
    if spec.get("refresh"):
        args.append("--refresh")
    for name, value in sorted((spec.get("settings") or {}).items()):
        args += ["-s", f"{name}={value}"]
    return args


def worker_command(
    spec: dict[str, Any], folder: Path, crawl_id: str, prefix: str, options: dict[str, Any]
) -> list[str]:
    """The ``newscrawler crawl --frontier`` child that joins ``crawl_id``. The worker's
    own ``-s`` come first: the crawl's settings (the same in every worker, as its
    politeness must be) override them."""
    command = [sys.executable, "-m", "newscrawler", "crawl"]
    command += [arg for pair in options["settings"] for arg in ("-s", pair)]
    command += crawl_args(spec, folder)
    command += ["--frontier", options["frontier_url"], "-s", f"FRONTIER_CRAWL_ID={crawl_id}"]
    command += ["-s", f"FRONTIER_KEY_PREFIX={prefix}"]
    if options["db_url"]:
        command += ["--db", options["db_url"]]
    return command


@click.command()
@frontier_option
@click.option("--db", "db_url", envvar="NEWSCRAWLER_DB", help="Database URL of the archive.")
@prefix_option
@click.option("--poll", default=5.0, show_default=True, help="Seconds between looks for work.")
@click.option("--exit-when-idle", is_flag=True, help="Exit when no crawl has work queued.")
@click.option(
    "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE", help="Scrapy setting."
)
def worker(
    frontier_url: str,
    db_url: str | None,
    prefix: str,
    poll: float,
    exit_when_idle: bool,
    settings: tuple[str, ...],
) -> None:
    """Wait for work on the frontier and crawl whatever is queued, one crawl at a time.

    Each crawl runs as a ``newscrawler crawl --frontier`` child process joining the
    crawl. SIGTERM lets the child finish its in-flight pages and hand back the requests
    it had taken, then the worker exits.

    \b
    Example:
        newscrawler worker --frontier redis://10.0.0.1:6379/0 --db postgresql+psycopg://10.0.0.1/news
    """
    server = server_for(frontier_url)
    stopping: list[int] = []
    child: list[subprocess.Popen[bytes]] = []

    def on_term(signum: int, frame: FrameType | None) -> None:
        stopping.append(signum)
        for proc in child:
            proc.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    while not stopping:
        found = pending_crawl(server, prefix)
        if found is None:
            if exit_when_idle:
                return
            time.sleep(poll)
            continue
        crawl_id, spec = found
        click.echo(f"newscrawler worker: joining crawl {crawl_id}", err=True)
        with tempfile.TemporaryDirectory() as folder:
            options = {"frontier_url": frontier_url, "db_url": db_url, "settings": settings}
            command = worker_command(spec, Path(folder), crawl_id, prefix, options)
            child[:] = [subprocess.Popen(command)]
            child[0].wait()
            child.clear()


@click.group()
def frontier() -> None:
    """Look at or clear the shared crawl frontier in Redis.

    \b
    Examples:
        newscrawler frontier status --frontier redis://10.0.0.1:6379/0
        newscrawler frontier clear --frontier redis://10.0.0.1:6379/0 --crawl 3f2a9c01b7de
    """


@frontier.command()
@frontier_option
@prefix_option
def status(frontier_url: str, prefix: str) -> None:
    """Queue length, leases, per-site counts and live workers of every crawl.

    \b
    Example:
        newscrawler frontier status --frontier redis://10.0.0.1:6379/0
    """
    from newscrawler.frontier.status import crawl_ids, crawl_status

    server = server_for(frontier_url)
    ids = crawl_ids(server, prefix)
    if not ids:
        click.echo("no crawl on the frontier")
    for crawl_id in ids:
        st = crawl_status(server, prefix, crawl_id)
        click.echo(
            f"crawl {crawl_id}: {st.queued} queued, {st.leased} leased, "
            f"{st.articles_stored} articles stored, seeded: {st.seeded or 'no'}"
        )
        if st.spec.get("starts"):
            click.echo(f"  sites: {' '.join(st.spec['starts'])}")
        for site in sorted(set(st.queued_by_site) | set(st.fetched_by_site)):
            fetched = st.fetched_by_site.get(site, 0)
            click.echo(f"  {site}: {st.queued_by_site.get(site, 0)} queued, {fetched} fetched")
        for name, age in sorted(st.workers.items()):
            held = st.leases_by_worker.get(name, 0)
            click.echo(f"  worker {name}: last seen {age:.0f}s ago, {held} leased")


@frontier.command()
@frontier_option
@prefix_option
@click.option("--crawl", "crawl_id", help="Only this crawl [default: every crawl].")
def clear(frontier_url: str, prefix: str, crawl_id: str | None) -> None:
    """Delete the frontier's queues, seen-sets and leases (of one crawl or all).

    \b
    Example:
        newscrawler frontier clear --frontier redis://10.0.0.1:6379/0 --crawl 3f2a9c01b7de
    """
    from newscrawler.frontier.status import clear as clear_keys

    removed = clear_keys(server_for(frontier_url), prefix, crawl_id)
    click.echo(f"removed {removed} keys")
