"""``newscrawler reextract``: today's extraction over the stored captures."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from newscrawler.cli.errors import UsageFail
from newscrawler.cli.options import db_option, open_db


@contextmanager
def progress_bar(paths: list[Path], label: str) -> Iterator[Callable[[int], None] | None]:
    """A byte-counting progress bar over ``paths`` on a terminal; ``None`` otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    total = sum(p.stat().st_size for p in paths)
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


def replay_command(
    verb: str,
    paths: list[Path],
    db_url: str | None,
    extractor_args: dict[str, Any],
    keep: Callable[[Any], bool] | None,
    options: dict[str, Any],
) -> Counter[str]:
    """Run extraction over ``paths`` into the archive; print and return the counts."""
    from newscrawler.warc.replay import ArchiveSink, Extractor, summary_line
    from newscrawler.warc.runner import replay_files
    from storage.db import resolve_url

    url = resolve_url(db_url)
    with open_db(url, create=True):  # one line when the archive cannot be opened or made
        pass
    extractor = Extractor(url, **extractor_args)
    sink = ArchiveSink(url, verb, options)
    status = "failed"
    counts: Counter[str] = Counter()
    try:
        with progress_bar(paths, verb) as progress:
            counts = replay_files(paths, extractor, sink, keep, progress)
        status = "finished"
    finally:
        extractor.close()
        stats = {**extractor.stats.get_stats(), **{f"{verb}/{k}": v for k, v in counts.items()}}
        sink.close(stats, status)
    click.echo(summary_line(verb, counts))
    return counts


def stored_captures(db_url: str | None, site: str | None) -> list[Path]:
    """The WARC files the archive's articles point at (those still on disk)."""
    from storage.captures import capture_files

    with open_db(db_url) as db, db.read_session() as session:
        names = capture_files(session, site)
    found = [Path(n) for n in names if Path(n).exists()]
    if names and not found:
        raise UsageFail(
            f"none of the {len(names)} WARC files the archive names exist: use --warc DIR"
        )
    return found


@click.command()
@click.option("--site", help="Only pages of this site (its profile name, e.g. prothomalo).")
@click.option("--since", help="Only captures made on/after this (YYYY-MM-DD, ISO, or 30d).")
@click.option(
    "--warc",
    "warc_dir",
    type=click.Path(exists=True, path_type=Path),
    help="Read these WARC files (a folder or one file) [default: the files the archive names].",
)
@click.option(
    "--profile", "profile_path", type=click.Path(dir_okay=False), help="Site profile TOML file."
)
@click.option(
    "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE", help="Override a setting."
)
@db_option
def reextract(
    site: str | None,
    since: str | None,
    warc_dir: Path | None,
    profile_path: str | None,
    settings: tuple[str, ...],
    db_url: str | None,
) -> None:
    """Re-run today's extraction and pipelines over stored captures, updating the archive.

    An unchanged result touches nothing; a changed one becomes a revision marked
    'reextract' (not an edit on the site); a page that was dropped before and is
    an article now is added. Ends with one summary line.

    \b
    Examples:
        newscrawler reextract --site prothomalo --since 2025-01-01
        newscrawler reextract --warc warcs/ --db sqlite:///fresh.sqlite
    """
    from newscrawler.cli.crawl import parse_overrides
    from newscrawler.profiles import ProfileError, load_profile
    from newscrawler.spiders.window import parse_bound
    from newscrawler.warc.reader import warc_files
    from newscrawler.warc.replay import Profiles

    try:
        given = [load_profile(profile_path)] if profile_path else []
        start = parse_bound(since) if since else None
    except (ProfileError, ValueError) as exc:
        raise UsageFail(str(exc)) from None
    paths = warc_files([str(warc_dir)]) if warc_dir else stored_captures(db_url, site)
    if not paths:
        raise UsageFail("no WARC files to read (crawl with --warc DIR, or give --warc)")
    profiles = Profiles(given)

    def keep(record: Any) -> bool:
        if start is not None and record.capture.date < start:
            return False
        return site is None or profiles(record).name == site

    args = {"overrides": parse_overrides(settings), "profiles": profiles}
    options = {"command": "reextract", "site": site, "since": since, "files": len(paths)}
    replay_command("reextract", paths, db_url, args, keep, options)
