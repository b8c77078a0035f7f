"""The command line as a whole: every command is helpful and documented."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newscrawler.cli import COMMANDS, cli

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
REFERENCE = REPO / "docs" / "cli.md"


def all_commands() -> list[tuple[str, ...]]:
    """Every command path, sub-commands of groups included (``("db", "upgrade")``)."""
    paths: list[tuple[str, ...]] = []
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None, f"{name} is registered but its module is missing"
        if isinstance(command, click.Group):
            paths += [(name, sub) for sub in command.list_commands(ctx)]
        else:
            paths.append((name,))
    return paths


@pytest.mark.parametrize("path", all_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_command_reference(name: str) -> None:
    assert f"`newscrawler {name}" in REFERENCE.read_text("utf-8")


@pytest.mark.parametrize("doc", sorted(p.name for p in (REPO / "docs").glob("*.md")))
def test_the_readme_indexes_every_doc(doc: str) -> None:
    assert f"](docs/{doc})" in README.read_text("utf-8")


def test_unknown_command_is_an_error() -> None:
    result = CliRunner().invoke(cli, ["crwal"])
    assert result.exit_code == 2
    assert "No such command" in result.output


@pytest.mark.parametrize(
    ("argv", "where"),
    [
        (["export", "--format", "xml", "--out", "x"], "newscrawler export --help"),
        (["crwal"], "newscrawler --help"),
        (["search"], "newscrawler search --help"),
    ],
)
def test_usage_errors_are_one_line_through_the_script(
    argv: list[str], where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from newscrawler.cli import main

    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and where in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listed_summary_is_the_first_sentence_of_the_commands_help(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    assert COMMANDS[name][1] == command.get_short_help_str(limit=10_000)


def test_the_command_list_reads_as_clicks_own_listing() -> None:
    loaded = {name: cli.get_command(click.Context(cli), name) for name in COMMANDS}
    eager = click.Group("newscrawler", commands=loaded)
    for width in (60, 80, 200):
        listings = []
        for group in (cli, eager):
            ctx = click.Context(group, max_content_width=width, terminal_width=width)
            formatter = ctx.make_formatter()
            group.format_commands(ctx, formatter)
            listings.append(formatter.getvalue())
        assert listings[0] == listings[1]
        assert listings[0].startswith("Commands:") and "search" in listings[0]
