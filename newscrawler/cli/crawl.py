"""``newscrawler crawl``: crawl news sites into the archive."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from newscrawler.cli.errors import DatabaseFail, UsageFail
from newscrawler.profiles import ProfileError, builtin_profiles, crawl_profiles
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
@click.option("--max-articles", type=click.IntRange(min=1), help="Stop after this many articles.")
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
    "--log-level",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
)
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
    log_level: str,
) -> None:
    """Crawl news sites from their home URLs (or shipped profile names) into the archive.

    Discovery uses robots.txt sitemaps, feeds and listing pages; robots.txt is
    obeyed and AutoThrottle is on. Exit codes: 0 finished, 1 ended abnormally,
    2 bad usage, 3 database problem (unstored items kept in a dead-letter file),
    4 nothing could be fetched.

    \b
    Examples:
        newscrawler crawl https://www.example-news.com.bd/ --max-articles 200
        newscrawler crawl https://www.example.in/ --since 7d --db postgresql+psycopg://localhost/news
        newscrawler crawl samplesite -s DOWNLOAD_DELAY=1
        newscrawler crawl samplesite --warc warcs/
    """
    from newscrawler.crawling.jobdir import ResumeError
    from newscrawler.crawling.runner import CrawlOptions, run_crawl

    if not starts and not profile_path:
        raise UsageFail("give at least one home URL or profile (see --help)")
    checked = [check_start(s) for s in starts]
    try:
        crawl_profiles(checked, profile_path)
        for bound, end in ((since, False), (until, True)):
            if bound:
                parse_bound(bound, end=end)
    except (ProfileError, ValueError) as exc:
        raise UsageFail(str(exc)) from None
    overrides = parse_overrides(settings)
    if warc_dir is not None:
        overrides["WARC_DIR"] = str(warc_dir)
    check_archive(db_url or overrides.get("STORAGE_DB_URL"))
    check_dedupe_index(db_url or overrides.get("STORAGE_DB_URL"), overrides)
    options = CrawlOptions(
        starts=checked,
        profile_path=profile_path,
        db_url=db_url,
        since=since,
        until=until,
        max_articles=max_articles,
        refresh=refresh,
        resume=resume,
        data_dir=data_dir,
        overrides=overrides,
        log_level=log_level.upper(),
    )
    try:
        result = run_crawl(options)
    except ResumeError as exc:
        raise UsageFail(str(exc)) from None
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
