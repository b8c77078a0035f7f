"""The ``newscrawler`` command line: a thin layer over the Python API.

Commands live one per module and are imported only when called, so
``newscrawler parse-date`` does not pay for importing Scrapy. :func:`run` is
the script; :func:`main` is the same command line, callable in a process that
goes on afterwards (tests).
"""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Any

import click

# command name -> ("module:attribute" of a click command, the first sentence of its help).
# --help lists the commands from these summaries without importing any of them
# (tests/test_cli.py checks that each matches its command's help).
COMMANDS: dict[str, tuple[str, str]] = {
    "crawl": (
        "newscrawler.cli.crawl:crawl",
        "Crawl news sites from their home URLs (or shipped profile names) into the archive.",
    ),
    "extract": (
        "newscrawler.cli.extract:extract",
        "Print the article extracted and cleaned from a saved page, as UTF-8 JSON.",
    ),
    "demo": (
        "newscrawler.cli.demo:demo",
        "Crawl the bundled sample site into a fresh SQLite archive and summarise it.",
    ),
    "parse-date": (
        "newscrawler.cli.parse_date:parse_date",
        "Print the date each TEXT (or each line of standard input) names.",
    ),
    "db": (
        "newscrawler.cli.db:db",
        "Manage the archive's database schema.",
    ),
    "dedupe": (
        "newscrawler.cli.dedupe:dedupe",
        "Inspect or rebuild the archive's near-duplicate index.",
    ),
    "export": (
        "newscrawler.cli.export:export",
        "Export articles, one row per distinct article, streaming in constant memory.",
    ),
    "search": (
        "newscrawler.cli.search:search",
        "Search the archive; best matches first, with the matching words in [brackets].",
    ),
    "stats": (
        "newscrawler.cli.stats:stats",
        "Articles per site and month, share with a publication date, duplicates, last crawl.",
    ),
    "runs": (
        "newscrawler.cli.runs:runs",
        "Show the crawl history: every crawl, scheduled or manual, newest first.",
    ),
    "sites": (
        "newscrawler.cli.sites:sites",
        "List the sites the archive holds: the key to pass to --site, and articles stored.",
    ),
    "schedule": (
        "newscrawler.cli.schedule:schedule",
        "Run crawls on a schedule until stopped with SIGTERM or Ctrl-C.",
    ),
    "serve": (
        "newscrawler.cli.serve:serve",
        "Serve a search page over the archive (read-only), for any browser, offline.",
    ),
    "health": (
        "newscrawler.cli.health:health",
        "Judge each site's latest crawl against its own history: ok, warn or fail.",
    ),
    "show": (
        "newscrawler.cli.show:show",
        "Print the stored article at URL: its fields, capture and text.",
    ),
    "reextract": (
        "newscrawler.cli.reextract:reextract",
        "Re-run today's extraction and pipelines over stored captures, updating the archive.",
    ),
    "import-warc": (
        "newscrawler.cli.import_warc:import_warc",
        "Import the Bengali news articles of WARC/ARC files (gzip or plain) into the archive.",
    ),
    "deadletter": (
        "newscrawler.cli.deadletter:deadletter",
        "Items that could not be stored, kept in a dead-letter file.",
    ),
    "worker": (
        "newscrawler.frontier.commands:worker",
        "Wait for work on the frontier and crawl whatever is queued, one crawl at a time.",
    ),
    "frontier": (
        "newscrawler.frontier.commands:frontier",
        "Look at or clear the shared crawl frontier in Redis.",
    ),
}

# Commands that read a little of the archive and print it: importing SQLAlchemy
# (and psycopg) is most of their time. See run().
BRIEF = frozenset({"search", "stats", "runs", "sites", "show", "health"})


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command runs.

    Its own ``--help`` lists the commands from :data:`COMMANDS`' summaries,
    so it imports none of them (importing them all took most of a second).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # As click's own, which loads every command to ask for its short help.
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, short_help(name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _load(self, name: str) -> click.Command | None:
        entry = COMMANDS.get(name)
        if entry is None:
            return None
        module_name, attr = entry[0].split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command


def short_help(name: str, limit: int) -> str:
    """A command's summary as click would shorten its help to ``limit`` characters.

    >>> short_help("db", 20)
    'Manage the...'
    """
    return click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newscrawler")
def cli() -> None:
    """Build research archives of Bengali news.

    \b
    Example:
        newscrawler demo
        newscrawler crawl https://www.example-news.com.bd/ --max-articles 100
    """


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``newscrawler`` script.

    Every error is one line on stderr and a non-zero exit: a bad argument or
    option (exit 2) names the command whose ``--help`` to read, instead of
    click's usage block.
    """
    try:
        return cli.main(args=argv, prog_name="newscrawler", standalone_mode=False)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "newscrawler"
        click.echo(f"Error: {exc.format_message()} (see '{where} --help')", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)


def run() -> None:
    """The ``newscrawler`` script: :func:`main`, then exit with its status.

    A brief command (:data:`BRIEF`) runs with the cycle collector off, and
    leaves the objects still alive at exit to the operating system rather than
    to the collector. Its start-up creates some 60,000 objects (modules,
    classes, SQLAlchemy's constructs) that live until exit, and little cyclic
    garbage; the collector's passes over them while importing and its last
    collections at exit took a quarter to a third of ``search``'s CPU time.
    Exit handlers, open files and threads end as usual. (A crawl manages the
    collector itself: :mod:`newscrawler.crawling.heap`.)
    """
    if not is_brief(sys.argv[1:]):
        sys.exit(main())
    from newscrawler.crawling.heap import no_collection

    try:
        with no_collection():
            status = main()
    finally:
        gc.freeze()
    sys.exit(status)


def is_brief(args: list[str]) -> bool:
    """True when ``args`` run one of the :data:`BRIEF` commands.

    The group's own options are flags, so the command is the first argument.

    >>> is_brief(["search", "বৃষ্টি"]), is_brief(["crawl", "samplesite"]), is_brief([])
    (True, False, False)
    """
    return bool(args) and args[0] in BRIEF
