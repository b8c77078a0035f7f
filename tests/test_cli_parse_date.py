"""``newscrawler parse-date``: one output line per input, JSON mode, clean errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli

REFERENCE = ["--reference", "2026-08-09T10:00:00+06:00"]


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["parse-date", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_arguments_in_order() -> None:
    code, out, _ = invoke("আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১", "কিছু না", "২৯-১২-২০২১")
    assert code == 0
    assert out.split("\n") == ["2021-12-29T12:18:54+06:00", "", "2021-12-29", ""]


def test_standard_input_one_line_each() -> None:
    lines = "৫ মিনিট আগে\n\nপ্রকাশ: ০৯ আগস্ট ২০২৬, ১২:০০ এএম\r\nundefined\n"
    code, out, _ = invoke(*REFERENCE, stdin=lines)
    assert code == 0
    assert out.split("\n") == ["2026-08-09T09:55:00+06:00", "", "2026-08-09T00:00:00+06:00", "", ""]


def test_json_output() -> None:
    code, out, _ = invoke("--json", "প্রকাশ: ২০ মার্চ ২০২৩ | আপডেট: ২১ মার্চ ২০২৩", "কিছু না")
    assert code == 0
    first, second = out.splitlines()
    record = json.loads(first)
    assert record["value"] == "2023-03-20"
    assert record["label"] == "published"
    assert record["others"][0]["label"] == "updated"
    assert record["others"][0]["value"] == "2023-03-21"
    assert json.loads(second) is None


def test_time_zone_option() -> None:
    code, out, _ = invoke("--tz", "Asia/Kolkata", "২৯ ডিসেম্বর ২০২১, ১০:০০")
    assert code == 0
    assert out == "2021-12-29T10:00:00+05:30\n"


def test_reference_without_offset_is_site_time() -> None:
    code, out, _ = invoke("--reference", "2026-08-09T10:00", "গতকাল, রাত ১০:৩০")
    assert (code, out) == (0, "2026-08-08T22:30:00+06:00\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tz", "Mars/Olympus", "x"], "--tz"),
        (["--reference", "last tuesday", "x"], "--reference"),
    ],
)
def test_bad_options_are_one_line_exit_2(args: list[str], message: str) -> None:
    code, out, err = invoke(*args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("Error: " + message)


def test_help_has_an_example() -> None:
    code, out, _ = invoke("--help")
    assert code == 0
    assert "newscrawler parse-date" in out and "Example" in out
