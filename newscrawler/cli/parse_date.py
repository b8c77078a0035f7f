"""``newscrawler parse-date``: normalise date strings from arguments or standard input."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import datetime

import click

from newscrawler.text.dates import parse_date as parse
from newscrawler.text.zones import DEFAULT_TIMEZONE, zone_of


class ArgumentError(click.ClickException):
    """A bad option value: one line on standard error, exit status 2."""

    exit_code = 2


def _reference(value: str | None, tz: str) -> datetime | None:
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ArgumentError(
            f"--reference {value!r} is not ISO 8601: write e.g. 2026-08-09T10:00:00+06:00"
        ) from None
    return when if when.tzinfo is not None else when.replace(tzinfo=zone_of(tz))


def _lines(texts: tuple[str, ...]) -> Iterable[str]:
    if texts:
        yield from texts
        return
    for line in sys.stdin:  # CliRunner swaps sys.stdin too
        yield line.rstrip("\r\n")


@click.command("parse-date")
@click.argument("texts", nargs=-1, metavar="[TEXT ...]")
@click.option("--tz", default=DEFAULT_TIMEZONE, show_default=True, help="The site's time zone.")
@click.option("--reference", metavar="ISO", help="Instant relative phrases count from [now].")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
def parse_date(texts: tuple[str, ...], tz: str, reference: str | None, as_json: bool) -> None:
    """Print the date each TEXT (or each line of standard input) names.

    One output line per input, in order: ISO 8601 with the site's offset when a
    time is known, the bare date when only a date is, an empty line when no date
    is found. With --json, the whole result (precision, calendar, span, label,
    weekday mismatch, other stamps) or null.

    \b
    Examples:
        newscrawler parse-date "আপডেট সময় ১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১"
        2021-12-29T12:18:54+06:00
        newscrawler parse-date --reference 2026-08-09T10:00:00+06:00 "৫ মিনিট আগে"
        cat datelines.txt | newscrawler parse-date --json
    """
    try:
        zone_of(tz)
    except ValueError as exc:
        raise ArgumentError(f"--tz: {exc}") from None
    when = _reference(reference, tz)
    for text in _lines(texts):
        result = parse(text, tz=tz, reference=when)
        if as_json:
            click.echo("null" if result is None else result.to_json())
        else:
            click.echo("" if result is None else result.isoformat())
