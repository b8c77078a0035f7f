"""The ``newscrawler`` command line: a thin layer over the Python API.

Commands live one per module and are imported only when called, so
``newscrawler parse-date`` does not pay for importing Scrapy.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

# command name -> "module:attribute" of a click command.
COMMANDS: dict[str, str] = {
    "crawl": "newscrawler.cli.crawl:crawl",
    "extract": "newscrawler.cli.extract:extract",
    "demo": "newscrawler.cli.demo:demo",
    "parse-date": "newscrawler.cli.parse_date:parse_date",
    "db": "newscrawler.cli.db:db",
    "dedupe": "newscrawler.cli.dedupe:dedupe",
    "export": "newscrawler.cli.export:export",
    "search": "newscrawler.cli.search:search",
    "stats": "newscrawler.cli.stats:stats",
    "runs": "newscrawler.cli.runs:runs",
    "sites": "newscrawler.cli.sites:sites",
    "schedule": "newscrawler.cli.schedule:schedule",
    "serve": "newscrawler.cli.serve:serve",
    "health": "newscrawler.cli.health:health",
    "show": "newscrawler.cli.show:show",
    "reextract": "newscrawler.cli.reextract:reextract",
    "import-warc": "newscrawler.cli.import_warc:import_warc",
    "deadletter": "newscrawler.cli.deadletter:deadletter",
    "worker": "newscrawler.frontier.commands:worker",
    "frontier": "newscrawler.frontier.commands:frontier",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    def _load(self, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command


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
