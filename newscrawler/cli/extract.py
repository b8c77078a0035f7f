"""``newscrawler extract``: what a crawl would store from one saved page."""

from __future__ import annotations

import codecs
import json
import sys
from dataclasses import asdict, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from newscrawler.cli.errors import UsageFail
from newscrawler.profiles import ProfileError, SiteProfile, load_profile, profile_for
from newscrawler.text.zones import check_timezone

# Internal fields that mean nothing to a reader of the output, and the
# cross-article fields that an offline run leaves empty.
HIDDEN = ("timezone",)
ARCHIVE_ONLY = ("content_hash", "word_count", "duplicate_of", "similarity", "cluster_id")


def decode_page(body: bytes, url: str, encoding: str | None) -> str:
    """Decode as a crawl would: BOM, then HTTP/meta charset, then detection."""
    if encoding:
        return body.decode(encoding, errors="replace")
    from scrapy.http import HtmlResponse

    from newscrawler.extract.response import page_text

    response = HtmlResponse(url=url, body=body)
    return page_text(body, response.text, response.encoding)


def check_encoding(name: str) -> str:
    """A text encoding Python knows; else a one-line usage error.

    >>> check_encoding("utf-8")
    'utf-8'
    """
    try:
        codecs.lookup(name)
    except LookupError:
        raise UsageFail(
            f"--encoding {name!r} is not a known text encoding (try utf-8 or cp1252, "
            "or leave it out to detect it)"
        ) from None
    return name


def to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def choose_profile(profile: str | None, url: str, tz: str | None) -> SiteProfile:
    try:
        if profile and Path(profile).is_file():
            chosen = load_profile(profile)
        else:
            chosen = profile_for(profile or url)
    except ProfileError as exc:
        raise UsageFail(str(exc)) from None
    if tz:
        try:
            check_timezone(tz)
        except ValueError as exc:
            raise UsageFail(f"--tz: {exc}") from None
        chosen = replace(chosen, timezone=tz)
    return chosen


def check_url(url: str) -> None:
    """An http(s) URL with a host, else a one-line usage error."""
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port
    except ValueError as exc:  # "Invalid IPv6 URL", a bad port ...
        raise UsageFail(f"--url is not a valid URL ({exc}): {url!r}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise UsageFail(f"--url must be an http(s) URL with a host, got {url!r}")


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--url", required=True, help="The page's real address (links and site resolve against it)."
)
@click.option("--profile", help="Site profile name or TOML file [default: by the URL's host].")
@click.option("--tz", help="Time zone of the site's dates [default: the profile's, Asia/Dhaka].")
@click.option("--encoding", help="Decode the file with this encoding instead of detecting it.")
def extract(path: str, url: str, profile: str | None, tz: str | None, encoding: str | None) -> None:
    """Print the article extracted and cleaned from a saved page, as UTF-8 JSON.

    The same extraction and item pipelines as a crawl, minus storage and the
    cross-article duplicate check; no database is touched. Exits 1 with the
    reason when the page holds no usable article (a listing, a block page...).

    \b
    Example:
        newscrawler extract saved/article.html --url https://www.jugantor.com/tp-city/1137912
    """
    from newscrawler.crawling.offline import process_page
    from newscrawler.extract import ExtractionError

    check_url(url)
    if encoding:
        check_encoding(encoding)
    body = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    chosen = choose_profile(profile, url, tz)
    try:
        outcome = process_page(decode_page(body, url, encoding), url, chosen)
    except ExtractionError as exc:
        raise click.ClickException(str(exc)[:300]) from None
    if outcome.item is None:
        raise click.ClickException(f"no article: {outcome.dropped}")
    fields = {
        k: v
        for k, v in asdict(outcome.item).items()
        if k not in HIDDEN and not (k in ARCHIVE_ONLY and v is None)
    }
    click.echo(json.dumps(fields, ensure_ascii=False, indent=2, default=to_json))
