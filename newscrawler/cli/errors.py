"""One-line command-line errors."""

from __future__ import annotations

import click


class UsageFail(click.ClickException):
    """A bad argument: printed as one ``Error: ...`` line, exit code 2 (no usage dump)."""

    exit_code = 2


class DatabaseFail(click.ClickException):
    """The archive cannot be opened or written: one ``Error: ...`` line, exit code 3.

    Every command uses it for "cannot open the archive", so one cause has one
    exit code everywhere (``crawl``, ``demo``, ``schedule`` and the read commands).
    """

    exit_code = 3


class BusyFail(click.ClickException):
    """Another crawl holds the site's job directory: one ``Error: ...`` line, exit code 5."""

    exit_code = 5
