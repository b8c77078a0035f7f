"""``newscrawler crawl``: crawl news sites into the archive."""

from __future__ import annotations

import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import click

from newscrawler.cli.errors import BusyFail, DatabaseFail, UsageFail
from newscrawler.crawling.heap import no_collection
from newscrawler.profiles import ProfileError, SiteProfile, builtin_profiles, crawl_profiles
from newscrawler.spiders.window import parse_bound


def check_start(value: str) -> str:
    """A home URL (http/https with a host) or the name of a shipped profile."""
    if value in builtin_profiles():
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageFail(f"{value!r} is neither an http(s) URL nor a known site profile")
    return value


def check_archive(db_url: str | None) -> None:
    """Open (and migrate) the archive before crawling: a database that cannot be
    reached is a one-line error (exit 3), not a crawl that fetches for nothing."""
    from sqlalchemy.exc import SQLAlchemyError

    from newscrawler.cli.options import one_line
    from storage.db import open_archive

    try:
        open_archive(db_url).dispose()
    except (SQLAlchemyError, ValueError, OSError) as exc:
        raise DatabaseFail(f"cannot open the archive: {one_line(exc)}") from None


def check_dedupe_index(db_url: str | None, overrides: dict[str, str]) -> None:
    """Refuse to crawl into an archive whose duplicate index was built with other parameters."""
    from scrapy.settings import Settings

    from newscrawler.dedupe.sqlstore import IndexMismatch, SqlStore
    from newscrawler.pipelines.dedupe import signer_from
    from storage.db import open_archive

    settings = Settings()
    settings.setmodule("newscrawler.settings", priority="project")
    settings.update(overrides, priority="cmdline")
    if not settings.getbool("DEDUPE_ENABLED") or settings.get("DEDUPE_STORE") != "sql":
        return
    try:
        signer = signer_from(settings)
    except ValueError as exc:
        raise UsageFail(str(exc)) from None
    store = SqlStore(open_archive(db_url), cache_mb=0)
    try:
        store.check_params(signer)
    except IndexMismatch as exc:
        raise UsageFail(str(exc)) from None
    finally:
        store.close()


def answers(url: str, timeout: float = 1.0) -> bool:
    """True when something accepts a TCP connection at ``url``'s host and port."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return True
    except OSError:
        return False


@contextmanager
def sample_site_if_needed(
    starts: list[str], profile_path: str | None, site: SiteProfile
) -> Iterator[tuple[list[str], str | None]]:
    """The start URLs and profile to crawl; for ``samplesite`` with nothing answering at
    its home URL, the bundled sample site is started on a free port for the crawl's
    length (and crawled through a copy of its profile, so it is still ``samplesite``)."""
    if starts != ["samplesite"] or profile_path or answers(site.home_url):
        yield starts, profile_path
        return
    from newscrawler.samplesite.server import serve

    with serve() as running, tempfile.TemporaryDirectory() as folder:
        click.echo(f"sample site not running; started it at {running.url}", err=True)
        yield [], str(running.write_profile(Path(folder)))
    click.echo("sample site stopped", err=True)


def parse_overrides(pairs: tuple[str, ...]) -> dict[str, str]:
    """``-s NAME=VALUE`` pairs as a dict."""
    overrides = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageFail(f"-s takes NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides


@click.command()
@click.argument("starts", nargs=-1, metavar="URL_OR_PROFILE...")
@click.option(
    "--profile", "profile_path", type=click.Path(dir_okay=False), help="Site profile TOML file."
)
@click.option(
    "--db",
    "db_url",
    envvar="NEWSCRAWLER_DB",
    help="Database URL [default: $NEWSCRAWLER_DB, else sqlite:///newscrawler.sqlite].",
)
@click.option(
    "--since",
    help="Only articles published on/after this (YYYY-MM-DD, ISO datetime, or 7d/12h/2w).",
)
@click.option("--until", help="Only articles published on/before this date.")
@click.option(
    "--max-articles", type=click.IntRange(min=1), help="Stop once this many articles are stored."
)
@click.option("--refresh", is_flag=True, help="Re-fetch articles already stored.")
@click.option("--resume", is_flag=True, help="Continue a crawl that was stopped or killed.")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where crawl state for --resume is kept [default: .newscrawler/ beside the SQLite file].",
)
@click.option(
    "--warc",
    "warc_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep every HTTP exchange in WARC files in this folder (setting WARC_DIR).",
)
@click.option(
    "-s",
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a Scrapy setting (repeatable).",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Full logs on stderr instead of the progress line shown on a terminal.",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the full log to this file (stderr keeps the progress line).",
)
@click.option(
    "--frontier",
    envvar="NEWSCRAWLER_FRONTIER",
    metavar="REDIS_URL",
    help="Join a crawl shared by many processes through Redis (see docs/scaling.md).",
)
@click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
    help="Log level [default: INFO; WARNING on a terminal without -v or --log-file].",
)
# What start-up builds lives until the crawl ends: collecting it would be wasted work.
@no_collection()
def crawl(
    starts: tuple[str, ...],
    profile_path: str | None,
    db_url: str | None,
    since: str | None,
    until: str | None,
    max_articles: int | None,
    refresh: bool,
    resume: bool,
    data_dir: Path | None,
    warc_dir: Path | None,
    settings: tuple[str, ...],
    verbose: bool,
    log_file: Path | None,
    frontier: str | None,
    log_level: str | None,
) -> None:
    """Crawl news sites from their home URLs (or shipped profile names) into the archive.

    Discovery uses robots.txt sitemaps, feeds and listing pages; robots.txt is
    obeyed and AutoThrottle is on. Exit codes: 0 finished, 1 ended abnormally,
    2 bad usage, 3 database problem (cannot open the archive, or unstored items
    kept in a dead-letter file), 4 nothing could be fetched, 5 another crawl of the site is running.

    On a terminal a progress line replaces the log (pages fetched, articles
    kept for the archive, pages dropped, rate); -v shows the full log,
    --log-file keeps it. --max-articles counts articles stored, not pages or
    articles later dropped (pages skipped because of it are not "dropped").
    "samplesite" starts the bundled sample site on a free port when nothing
    answers at its home URL, and stops it after the crawl.

    \b
    Examples:
        newscrawler crawl https://www.example-news.com.bd/ --max-articles 200
        newscrawler crawl https://www.example.in/ --since 7d --db postgresql+psycopg://localhost/news
        newscrawler crawl samplesite -s DOWNLOAD_DELAY=1
        newscrawler crawl samplesite --warc warcs/
        newscrawler crawl https://www.example.in/ --frontier redis://10.0.0.1:6379/0 --db postgresql+psycopg://10.0.0.1/news
    """
    from newscrawler.crawling.jobdir import ResumeError
    from newscrawler.crawling.runner import CrawlOptions, run_crawl

    if not starts and not profile_path:
        raise UsageFail("give at least one home URL or profile (see --help)")
    checked = [check_start(s) for s in starts]
    try:
        profiles = crawl_profiles(checked, profile_path)
        for bound, end in ((since, False), (until, True)):
            if bound:
                parse_bound(bound, end=end)
    except (ProfileError, ValueError) as exc:
        raise UsageFail(str(exc)) from None
    overrides = parse_overrides(settings)
    if warc_dir is not None:
        overrides["WARC_DIR"] = str(warc_dir)
    check_archive(db_url or overrides.get("STORAGE_DB_URL"))
    if frontier or overrides.get("FRONTIER_URL"):
        from newscrawler.frontier.commands import check_frontier

        overrides["FRONTIER_URL"] = check_frontier(frontier or overrides["FRONTIER_URL"])
    check_dedupe_index(db_url or overrides.get("STORAGE_DB_URL"), overrides)
    quiet = sys.stderr.isatty() and not verbose and log_file is None
    level = (log_level or ("WARNING" if quiet else "INFO")).upper()
    with sample_site_if_needed(checked, profile_path, profiles[0]) as (starts_now, profile_now):
        options = CrawlOptions(
            starts=starts_now,
            profile_path=profile_now,
            db_url=db_url,
            since=since,
            until=until,
            max_articles=max_articles,
            refresh=refresh,
            resume=resume,
            data_dir=data_dir,
            overrides=overrides,
            log_level=level,
            log_file=log_file,
            progress=quiet,
            tracebacks=verbose or log_file is not None or level == "DEBUG",
        )
        try:
            result = run_crawl(options)
        except ResumeError as exc:  # another crawl holds the job directory: exit 5
            raise BusyFail(str(exc)) from None
    for line in health_lines(db_url or overrides.get("STORAGE_DB_URL"), result.exit_code):
        click.echo(f"newscrawler crawl: {line}", err=True)
    click.echo(f"newscrawler crawl: {result.reason}", err=True)
    if result.exit_code:
        raise SystemExit(result.exit_code)


def health_lines(db_url: str | None, exit_code: int) -> list[str]:
    """One line per crawled site whose health is not ok (none when the archive is unusable)."""
    if exit_code == 3:
        return []
    from newscrawler.health.alert import lines
    from newscrawler.health.history import histories
    from newscrawler.health.verdict import Thresholds, judge
    from storage.db import open_archive
    from storage.types import utcnow

    try:
        db = open_archive(db_url, upgrade=False)
    except Exception:  # the crawl's own outcome line says what went wrong
        return []
    try:
        with db.read_session() as session:
            found = histories(session)
    finally:
        db.dispose()
    latest = max((runs[-1].run_id for runs in found.values() if runs), default=None)
    now = utcnow()
    verdicts = [
        judge(site, runs, Thresholds(), now)
        for site, runs in found.items()
        if runs and runs[-1].run_id == latest
    ]
    return lines(verdicts)
