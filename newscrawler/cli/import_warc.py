"""``newscrawler import-warc``: Bengali news articles from any WARC or ARC file."""

from __future__ import annotations

import re
from typing import Any

import click

from newscrawler.cli.errors import UsageFail
from newscrawler.cli.options import db_option


@click.command(name="import-warc")
@click.argument("patterns", nargs=-1, required=True, metavar="PATH_OR_GLOB...")
@click.option("--site-filter", help="Only URLs matching this regular expression.")
@click.option(
    "--language",
    type=click.Choice(["bn"]),
    default="bn",
    show_default=True,
    help="Keep pages whose visible text is in this language.",
)
@click.option(
    "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE", help="Override a setting."
)
@db_option
def import_warc(
    patterns: tuple[str, ...],
    site_filter: str | None,
    language: str,
    settings: tuple[str, ...],
    db_url: str | None,
) -> None:
    """Import the Bengali news articles of WARC/ARC files (gzip or plain) into the archive.

    Reads files from any crawler (Common Crawl CC-NEWS, Heritrix, wget
    --warc-file, browsertrix, ours). HTML responses whose text is Bengali go
    through the crawl's extraction, dedupe and storage, each article pointing
    at its record; truncated or corrupt records are counted and skipped.

    \b
    Examples:
        newscrawler import-warc 'CC-NEWS-2024*.warc.gz' --site-filter '\\.bd/'
        newscrawler import-warc crawl.warc --db sqlite:///imported.sqlite
    """
    from newscrawler.cli.crawl import parse_overrides
    from newscrawler.cli.reextract import replay_command
    from newscrawler.warc.reader import warc_files
    from newscrawler.warc.replay import is_language

    try:
        pattern = re.compile(site_filter) if site_filter else None
    except re.error as exc:
        raise UsageFail(f"--site-filter is not a regular expression: {exc}") from None
    paths = warc_files(patterns)
    if not paths:
        raise UsageFail(f"no WARC or ARC file matches {' '.join(patterns)}")

    def keep(record: Any) -> bool:
        return pattern is None or pattern.search(record.url) is not None

    args = {
        "overrides": parse_overrides(settings),
        "accept": lambda html: is_language(html, language),
        "reject_reason": f"not_{language}",
    }
    options = {"command": "import-warc", "files": len(paths), "site_filter": site_filter}
    replay_command("import", paths, db_url, args, keep, options)
