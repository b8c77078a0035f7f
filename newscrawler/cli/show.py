"""``newscrawler show``: one stored article, or the page as it was served (``--raw``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from newscrawler.cli.options import cell, db_option, open_db

FIELDS = (
    "title", "url", "canonical_url", "site", "published_at", "updated_at", "authors",
    "section", "tags", "language", "word_count", "fetched_at", "first_seen_at",
    "last_seen_at", "revisions", "warc_file", "warc_offset", "warc_record_id",
)  # fmt: skip


def locate(stored: str, warc_dir: Path | None) -> Path:
    """The WARC file an article names: as stored, else by its name in ``warc_dir``."""
    path = Path(stored)
    if warc_dir is not None and (warc_dir / path.name).exists():
        return warc_dir / path.name
    if path.exists():
        return path
    where = f" or in {warc_dir}" if warc_dir else " (give --warc DIR if the files moved)"
    raise click.ClickException(f"WARC file {path.name} not found at {path.parent}{where}")


def raw_page(article: dict[str, Any], warc_dir: Path | None) -> bytes:
    """The response body recorded for an article, checked against its record id."""
    from newscrawler.warc.reader import DAMAGE, read_record

    if not article.get("warc_file"):
        raise click.ClickException(f"{article['url']} was stored without a WARC capture")
    path = locate(article["warc_file"], warc_dir)
    try:
        record = read_record(path, int(article["warc_offset"]))
    except DAMAGE as exc:
        raise click.ClickException(f"cannot read {path.name}: {exc}") from None
    if record is None or record.capture.record_id != article["warc_record_id"]:
        raise click.ClickException(
            f"{path.name} holds no record {article['warc_record_id']} at offset "
            f"{article['warc_offset']} (was the file rewritten?)"
        )
    return record.body


@click.command()
@click.argument("url")
@click.option("--raw", is_flag=True, help="Print the page's bytes as served, from its WARC.")
@click.option("--json", "as_json", is_flag=True, help="Print the article as one JSON object.")
@click.option(
    "--warc",
    "warc_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the WARC files are in now, if they moved since the crawl.",
)
@db_option
def show(url: str, raw: bool, as_json: bool, warc_dir: Path | None, db_url: str | None) -> None:
    """Print the stored article at URL: its fields, capture and text.

    With --raw, print the body of the response it was extracted from, byte for
    byte as the server sent it (less any Content-Encoding), read from the WARC
    file the crawl wrote (see 'newscrawler crawl --warc').

    \b
    Examples:
        newscrawler show https://www.prothomalo.com/bangladesh/abc123
        newscrawler show https://www.prothomalo.com/bangladesh/abc123 --raw > page.html
    """
    from newscrawler.text.urls import canonical_url
    from storage.captures import find_article

    with open_db(db_url) as db, db.read_session() as session:
        article = find_article(session, url, canonical_url(url) or url)
    if article is None:
        raise click.ClickException(f"no stored article at {url}")
    if raw:
        sys.stdout.buffer.write(raw_page(article, warc_dir))
        sys.stdout.buffer.flush()
    elif as_json:
        shown = {k: article.get(k) for k in (*FIELDS, "subtitle", "body")}
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2, default=cell))
    else:
        width = max(len(k) for k in FIELDS)
        for name in FIELDS:
            value = article.get(name)
            if value not in (None, "", []):
                click.echo(f"{name:<{width}}  {cell(value)}")
        click.echo("")
        if article.get("subtitle"):
            click.echo(article["subtitle"] + "\n")
        click.echo(article.get("body") or "")
