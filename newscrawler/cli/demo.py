"""``newscrawler demo``: crawl the bundled sample site into a fresh SQLite archive."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import click
from tabulate import tabulate


def fresh(path: Path) -> None:
    """Remove an earlier demo archive (and its WAL files) so counts are this run's."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def template_table(expected: list[dict[str, Any]], rows: list[dict[str, Any]]) -> str:
    """Articles per sample-site template: on the site, stored, with a published date."""
    template_of = {e["url"]: e["template"] for e in expected}
    on_site = Counter(e["template"] for e in expected)
    stored: Counter[str] = Counter()
    dated: Counter[str] = Counter()
    for row in rows:
        template = template_of.get(row["canonical_url"], "other")
        stored[template] += 1
        dated[template] += row["published_at"] is not None
    names = sorted(set(on_site) | set(stored))
    table = [[n, on_site[n], stored[n], dated[n]] for n in names]
    table.append(["total", sum(on_site.values()), sum(stored.values()), sum(dated.values())])
    return tabulate(table, headers=["template", "on site", "stored", "with published date"])


def drops_table(stats: dict[str, Any]) -> str:
    """Pages and items that did not become articles, by counted reason."""
    from storage.runs import DROPPED_PREFIXES

    rows = [[k, v] for k, v in sorted(stats.items()) if k.startswith(DROPPED_PREFIXES)]
    for key in ("dedupe/exact", "dedupe/near"):
        if stats.get(key):
            rows.append([f"{key} (stored, marked as duplicates)", stats[key]])
    return tabulate(rows or [["(none)", 0]], headers=["dropped or marked", "count"])


@click.command()
@click.option(
    "--db",
    "db_path",
    default="newscrawler-demo.sqlite",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite file to create (replaced if it exists).",
)
@click.option(
    "--csv",
    "csv_path",
    default="newscrawler-demo.csv",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV export written after the crawl.",
)
def demo(db_path: Path, csv_path: Path) -> None:
    """Crawl the bundled sample site into a fresh SQLite archive and summarise it.

    Starts the sample site on a free port of 127.0.0.1, crawls it from its home
    URL alone with the generic spider, prints articles per template, dates
    found and pages dropped (and why), writes a CSV export, and stops the server.

    \b
    Example:
        newscrawler demo && newscrawler search "বৃষ্টি" --db newscrawler-demo.sqlite
    """
    from newscrawler.crawling.runner import CrawlOptions, run_crawl
    from newscrawler.samplesite.server import serve
    from storage import Archive
    from storage.archive import make_filter
    from storage.export import export
    from storage.repository import default_columns

    fresh(db_path)
    db_url = f"sqlite:///{db_path}"
    with serve() as running, tempfile.TemporaryDirectory() as folder:
        click.echo(f"sample site running at {running.url}; crawling it into {db_path}", err=True)
        click.echo(
            "(the site has deliberately broken pages: a 5 MB page, a connection reset, "
            "a redirect loop...; warnings about them are expected)",
            err=True,
        )
        expected = running.site.expected_articles(running.url)
        options = CrawlOptions(
            starts=[],
            # The shipped profile at this port: the crawl is recorded as "samplesite".
            profile_path=str(running.write_profile(Path(folder))),
            db_url=db_url,
            # Our own server on the loopback: no need to be gentle.
            overrides={"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0},
            log_level="WARNING",
        )
        result = run_crawl(options)
    with Archive(db_url) as archive:
        columns = ["canonical_url", "published_at"]
        rows = list(archive.articles(columns=columns))
        everything = archive.articles()
        written = export(everything, "csv", csv_path, default_columns(make_filter()))
    click.echo(template_table(expected, rows))
    click.echo()
    click.echo(drops_table(result.stats))
    click.echo()
    click.echo(f"{result.reason}; {written} articles exported to {csv_path}")
    if result.exit_code:
        raise SystemExit(result.exit_code)
