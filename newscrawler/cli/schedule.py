"""``newscrawler schedule``: crawl sites on cron schedules or intervals, for months."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newscrawler.cli.errors import DatabaseFail
from newscrawler.cli.options import one_line

if TYPE_CHECKING:
    from newscrawler.schedule.enqueue import FrontierEnqueuer


def open_enqueuer(url: str | None, prefix: str | None) -> FrontierEnqueuer | None:
    """The schedule's shared frontier, checked (exit 3 when it cannot be used)."""
    if url is None:
        return None
    from newscrawler.frontier.commands import check_frontier
    from newscrawler.schedule.enqueue import FrontierEnqueuer

    return FrontierEnqueuer(check_frontier(url), prefix)


@click.command()
@click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The schedule file (TOML; every key: python -m pydoc newscrawler.schedule.config).",
)
@click.option("--once", is_flag=True, help="Crawl every site once now, then exit.")
@click.option(
    "--log-level",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
)
def schedule(config_path: Path, once: bool, log_level: str) -> None:
    """Run crawls on a schedule until stopped with SIGTERM or Ctrl-C.

    Each crawl runs in its own process (``newscrawler crawl SITE --resume``),
    never two of one site at once, even across schedulers sharing a database.
    Runs missed while the scheduler was down run once at start-up. On SIGTERM
    or SIGINT running crawls finish their pages and save their state first.
    Each run's result is one log line; crawl output goes to DATA_DIR/logs/.
    With frontier = REDIS_URL in [scheduler], due crawls are enqueued on that
    shared frontier for `newscrawler worker` processes instead, and not waited
    for (a bad or unreachable Redis: one line, exit 3, before any enqueue).
    Every key of the schedule file is documented in the installed package:
    python -m pydoc newscrawler.schedule.config (docs/scheduling.md in the
    source tree has the guide).

    \b
    Example schedule.toml:
        [scheduler]
        db = "sqlite:///archive.sqlite"
        [[sites]]
        site = "prothomalo"
        cron = "0 * * * *"
    \b
    Examples:
        newscrawler schedule --config schedule.toml
        newscrawler schedule --config schedule.toml --once
    """
    from sqlalchemy.exc import SQLAlchemyError

    from newscrawler.schedule.config import ScheduleConfigError, load_config
    from newscrawler.schedule.scheduler import Scheduler
    from storage.db import open_archive

    logging.basicConfig(
        level=log_level.upper(), format="%(asctime)s %(levelname)s %(message)s", force=True
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        config = load_config(config_path)
    except ScheduleConfigError as exc:
        raise click.ClickException(str(exc)) from None
    enqueuer = open_enqueuer(config.frontier, config.frontier_prefix)
    try:
        db = open_archive(config.db)
    except (SQLAlchemyError, ValueError, OSError) as exc:
        raise DatabaseFail(f"cannot open the archive: {one_line(exc)}") from None
    try:
        code = Scheduler(config, db, enqueuer=enqueuer).run(once=once)
    except SQLAlchemyError as exc:
        raise click.ClickException(f"database error: {one_line(exc)}") from None
    finally:
        db.dispose()
        if enqueuer is not None:
            enqueuer.close()
    if code:
        raise SystemExit(code)
