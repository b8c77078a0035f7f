"""``newscrawler crawl``: crawl news sites into the archive."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from newscrawler.cli.errors import DatabaseFail, UsageFail
from newscrawler.profiles import ProfileError, builtin_profiles, load_profile, profile_for
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
    "-s",
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a Scrapy setting (repeatable).",
)
@click.option(
    "--frontier",
    envvar="NEWSCRAWLER_FRONTIER",
    metavar="REDIS_URL",
    help="Join a crawl shared by many processes through Redis (see docs/scaling.md).",
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
    settings: tuple[str, ...],
    frontier: str | None,
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
        newscrawler crawl https://www.example.in/ --frontier redis://10.0.0.1:6379/0 --db postgresql+psycopg://10.0.0.1/news
    """
    from newscrawler.crawling.jobdir import ResumeError
    from newscrawler.crawling.runner import CrawlOptions, run_crawl

    if not starts and not profile_path:
        raise UsageFail("give at least one home URL or profile (see --help)")
    checked = [check_start(s) for s in starts]
    try:
        site = load_profile(profile_path) if profile_path else profile_for(checked[0])
        for bound, end in ((since, False), (until, True)):
            if bound:
                parse_bound(bound, end=end)
    except (ProfileError, ValueError) as exc:
        raise UsageFail(str(exc)) from None
    overrides = parse_overrides(settings)
    check_archive(db_url or overrides.get("STORAGE_DB_URL"))
    if frontier or overrides.get("FRONTIER_URL"):
        from newscrawler.frontier.commands import check_frontier

        overrides["FRONTIER_URL"] = check_frontier(frontier or overrides["FRONTIER_URL"])
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
        result = run_crawl(options, site.name)
    except ResumeError as exc:
        raise UsageFail(str(exc)) from None
    click.echo(f"newscrawler crawl: {result.reason}", err=True)
    if result.exit_code:
        raise SystemExit(result.exit_code)
