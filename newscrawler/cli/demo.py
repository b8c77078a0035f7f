"""``newscrawler demo``: crawl the bundled sample site into a fresh SQLite archive.

The demo writes the default archive, ``newscrawler.sqlite``, so that the read
commands it suggests (``search``, ``export``, ``stats``, ``runs``) find its
articles without ``--db``. It replaces an earlier demo archive but never an
archive holding crawls of other sites, nor a file that is not SQLite.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import click
from tabulate import tabulate

from newscrawler.cli.errors import UsageFail

SQLITE_HEADER = b"SQLite format 3\x00"
DEMO_SITE = "samplesite"


def demo_path(value: str) -> Path:
    """The SQLite file ``--db`` names (a path or a ``sqlite:///`` URL); one-line errors.

    >>> demo_path("sqlite:///demo.sqlite")
    PosixPath('demo.sqlite')
    """
    if "://" in value:
        if not value.startswith("sqlite:///"):
            raise UsageFail(
                f"--db {value!r}: the demo writes a SQLite file; give a file name "
                "(to crawl into a server database, use 'newscrawler crawl samplesite --db URL')"
            )
        value = value.removeprefix("sqlite:///")
    path = Path(value)
    if path.is_dir():
        raise UsageFail(f"--db {value!r} is a directory; give a file name such as demo.sqlite")
    if not path.parent.is_dir():
        raise UsageFail(f"--db {value!r}: folder {str(path.parent)!r} does not exist; create it")
    return path


def check_replaceable(path: Path) -> None:
    """Refuse to replace a file that is not SQLite, or an archive of real crawls."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as head:
        if head.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise UsageFail(f"{path} exists and is not a SQLite archive; give another --db")
    from storage import Archive

    with Archive(f"sqlite:///{path}") as archive:
        others = sum(s.articles for s in archive.sites() if s.key != DEMO_SITE)
    if others:
        raise UsageFail(
            f"{path} holds {others} articles of your own crawls; the demo will not replace it: "
            "give another --db (e.g. --db newscrawler-demo.sqlite)"
        )


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
    "db_value",
    default="newscrawler.sqlite",
    show_default=True,
    metavar="FILE",
    help="SQLite file to write (an earlier demo archive there is replaced).",
)
@click.option(
    "--csv",
    "csv_path",
    default="newscrawler-demo.csv",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV export written after the crawl.",
)
def demo(db_value: str, csv_path: Path) -> None:
    """Crawl the bundled sample site into a fresh SQLite archive and summarise it.

    Starts the sample site on a free port of 127.0.0.1, crawls it from its home
    URL alone with the generic spider, prints articles per template, dates
    found and pages dropped (and why), writes a CSV export, and stops the server.

    It writes the default archive (newscrawler.sqlite), so the commands it
    suggests at the end need no --db; an archive there holding other sites'
    crawls is never replaced.

    \b
    Example:
        newscrawler demo && newscrawler search "বৃষ্টি"
        newscrawler demo --db /tmp/demo.sqlite
    """
    from newscrawler.crawling.runner import CrawlOptions, run_crawl
    from newscrawler.samplesite.server import serve
    from storage import Archive
    from storage.archive import make_filter
    from storage.export import export
    from storage.repository import default_columns

    db_path = demo_path(db_value)
    if not csv_path.parent.is_dir():
        raise UsageFail(f"--csv {str(csv_path)!r}: folder {str(csv_path.parent)!r} does not exist")
    check_replaceable(db_path)
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
    click.echo()
    click.echo(next_steps(db_path))


def next_steps(db_path: Path) -> str:
    """The commands to try next on the demo archive.

    >>> print(next_steps(Path("newscrawler.sqlite")).splitlines()[1])
      newscrawler search বৃষ্টি
    """
    db = "" if db_path == Path("newscrawler.sqlite") else f" --db {db_path}"
    return "\n".join(
        [
            "Next, try:",
            f"  newscrawler search বৃষ্টি{db}",
            f"  newscrawler stats{db}",
            f"  newscrawler runs{db}",
            f"  newscrawler export --out articles.csv{db}",
            f"  newscrawler serve{db}      # then open http://127.0.0.1:8000/",
            f"  newscrawler health{db}",
            "  newscrawler crawl samplesite --max-articles 5 -v",
        ]
    )
