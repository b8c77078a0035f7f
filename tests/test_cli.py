"""The command line as a whole: every command helpful and documented; quick ones stay light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import text

from newscrawler.cli import COMMANDS, cli
from tests.storage_support import filled_archive, module_db_url

__all__ = ["module_db_url"]

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


# Runs the command line in a fresh interpreter, then prints the modules it imported.
IMPORTS_PROBE = """
import contextlib, io, json, sys
from newscrawler.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
"""
# What the reading commands never need: the crawler, migrations, date parsing in free
# text, data frames, the web server, and SQLAlchemy's ORM (they read through Core).
HEAVY = (
    "sqlalchemy.orm",
    "alembic",
    "scrapy",
    "twisted",
    "dateparser",
    "pyarrow",
    "numpy",
    "pandas",
    "datasketch",
    "parsel",
    "lxml",
    "trafilatura",
    "jinja2",
    "starlette",
    "warcio",
    "matplotlib",
)


def imported_by(*argv: str) -> set[str]:
    """The modules a fresh ``newscrawler *argv`` imports (it must succeed)."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORTS_PROBE, *argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def loaded(modules: set[str], package: str) -> list[str]:
    """The modules of ``package`` (itself included) among ``modules``."""
    return sorted(m for m in modules if m == package or m.startswith(package + "."))


def test_help_imports_no_command_and_no_database_code() -> None:
    modules = imported_by("--help")
    assert loaded(modules, "newscrawler") == ["newscrawler", "newscrawler.cli"]
    assert loaded(modules, "storage") == []
    assert loaded(modules, "sqlalchemy") == []


# A finished crawl of a.com that counted health figures, and one left running by a
# dead process (``runs`` marks it killed: it writes, too).
RUN_STATS = {"response_received_count": 3, "health/a.com/pages": 3, "health/a.com/articles": 2}


@pytest.fixture(scope="module")
def archive(module_db_url: str) -> str:
    from storage.db import open_archive
    from storage.runs import finish_run, start_run

    filled_archive(module_db_url)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    db = open_archive(module_db_url)
    with db.session() as session:
        finished = start_run(session, "a.com")
        dead = start_run(session, "b.com")
        finish_run(session, finished, "finished", RUN_STATS)
    with db.begin() as connection:
        connection.execute(
            text("UPDATE crawl_runs SET pid = :pid WHERE id = :id"), {"pid": gone.pid, "id": dead}
        )
    db.dispose()
    return module_db_url


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "পুতিন", "--since", "7d"],
        ["search", "প্রেসিডেন্ট", "--site", "b.com", "--since", "2024-01-01", "--format", "json"],
        ["stats"],
        ["stats", "--format", "json"],
        ["sites"],
        ["runs"],
        ["runs", "--site", "a.com", "--format", "json"],
        ["health", "--format", "json"],
    ],
    ids=" ".join,
)
def test_reading_commands_import_nothing_heavy(archive: str, argv: list[str]) -> None:
    modules = imported_by(*argv, "--db", archive)
    assert "storage.tables" in modules  # the probe did reach the archive
    assert [m for package in HEAVY for m in loaded(modules, package)] == []


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_imports_nothing_heavy(archive: str, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"articles.{fmt}"
    modules = imported_by("export", "--format", fmt, "--out", str(out), "--db", archive)
    assert out.stat().st_size > 0
    assert [m for package in HEAVY for m in loaded(modules, package)] == []


# The command line as it ran before the script became run(): main() and its return value.
MAIN_ONLY = "import sys; from newscrawler.cli import main; sys.exit(main())"


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "পুতিন", "--format", "json"],
        ["stats", "--format", "csv"],
        ["runs", "--format", "json"],
        ["runs", "--limit", "0"],  # a usage error: exit 2
        ["health", "--site", "nosuch"],  # exit 1
        ["sites"],
        ["parse-date", "২০২৪-০৫-০১"],  # not brief
    ],
    ids=" ".join,
)
def test_script_prints_and_exits_as_main(archive: str, argv: list[str]) -> None:
    args = [*argv, "--db", archive] if argv[0] != "parse-date" else argv
    script, plain = (
        subprocess.run([sys.executable, *entry, *args], capture_output=True, text=True, cwd=REPO)
        for entry in (["-m", "newscrawler"], ["-c", MAIN_ONLY])
    )
    assert (script.returncode, script.stdout, script.stderr) == (
        plain.returncode,
        plain.stdout,
        plain.stderr,
    )
