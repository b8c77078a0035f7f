"""The scheduler's TOML configuration: which sites to crawl, when, and how.

Example ``schedule.toml``::

    [scheduler]
    db = "sqlite:///archive.sqlite"   # crawl history, locks (and crawls' default --db)
    data_dir = ".newscrawler"          # resume state and per-site crawl logs
    max_parallel = 2                   # crawls running at once
    heartbeat = "30s"                  # how often a held site lock is refreshed
    stale_after = "5m"                 # a lock not refreshed for this long is taken over
    stop_timeout = "2m"                # on SIGTERM, wait this long for crawls to save state
    # frontier = "redis://10.0.0.1:6379/0"  # enqueue due crawls for `newscrawler worker`s
    # frontier_prefix = "newscrawler:"      # instead of running them here

    [defaults]                         # options every site inherits
    since = "2d"
    max_articles = 500
    settings = { DOWNLOAD_DELAY = 1 }

    [[sites]]
    site = "prothomalo"                # a site profile name or a home URL
    cron = "0 * * * *"                 # a cron expression (UTC) ...

    [[sites]]
    profile = "sites/example.toml"     # or a profile file (relative to this file)
    every = "1d"

    [[sites]]
    site = "https://www.example-news.com.bd/"
    every = "6h"                       # ... or an interval
    max_articles = 100

Every error is a :class:`ScheduleConfigError` whose message names the file, the
site and the key to change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from croniter import croniter

from newscrawler.profiles import ProfileError, crawl_key, crawl_profiles

INTERVAL_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
SCHEDULER_KEYS = {
    "db", "data_dir", "max_parallel", "heartbeat", "stale_after", "stop_timeout", "alert_command",
    "frontier", "frontier_prefix",
}  # fmt: skip
OPTION_KEYS = {"db", "since", "until", "max_articles", "refresh", "profile", "settings"}
SITE_KEYS = OPTION_KEYS | {"site", "cron", "every", "health"}


class ScheduleConfigError(ValueError):
    """The schedule file is wrong; the message says where and what to change."""


def parse_interval(value: str | float) -> timedelta:
    """An interval from ``"90s"``, ``"15m"``, ``"2h"``, ``"1d"`` or a number of seconds.

    >>> parse_interval("15m")
    datetime.timedelta(seconds=900)
    >>> parse_interval(2.5)
    datetime.timedelta(seconds=2, microseconds=500000)
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an interval such as '30m' or '6h'")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = INTERVAL_RE.match(value)
        if not match:
            raise ValueError(f"{value!r} is not an interval such as '30m' or '6h'")
        seconds = float(match[1]) * UNIT_SECONDS[(match[2] or "s").lower()]
    if seconds <= 0:
        raise ValueError(f"{value!r} must be longer than zero")
    return timedelta(seconds=seconds)


@dataclass(frozen=True)
class Job:
    """One site on a schedule: a cron expression or an interval, plus crawl options."""

    site: str  # a profile name or home URL ("" when ``profile`` gives the site)
    key: str  # the site key runs are recorded and locked under
    cron: str | None = None
    every: timedelta | None = None
    db: str | None = None
    since: str | None = None
    until: str | None = None
    max_articles: int | None = None
    refresh: bool = False
    profile: str | None = None
    settings: dict[str, str] = field(default_factory=dict)

    def next_after(self, moment: datetime) -> datetime:
        """The first time this job fires strictly after ``moment`` (aware datetimes)."""
        if self.every is not None:
            return moment + self.every
        fire: datetime = croniter(self.cron, moment).get_next(datetime)
        return fire

    def crawl_args(self, data_dir: Path) -> list[str]:
        """Arguments of ``newscrawler crawl`` for one run of this job (always ``--resume``)."""
        # With --profile the profile names the site; a start too would crawl it twice.
        args = ["crawl"] if self.profile else ["crawl", self.site]
        args += ["--resume", "--data-dir", str(data_dir)]
        # The database URL (it may hold a password) goes through the environment
        # (crawl_env), never the command line that any local user can read in ps.
        for flag, value in (
            ("--profile", self.profile),
            ("--since", self.since),
            ("--until", self.until),
            ("--max-articles", self.max_articles),
        ):
            if value is not None:
                args += [flag, str(value)]
        if self.refresh:
            args.append("--refresh")
        for name, value in sorted(self.settings.items()):
            args += ["-s", f"{name}={value}"]
        return args

    def crawl_env(self) -> dict[str, str]:
        """Environment variables the crawl needs besides the scheduler's (its database URL)."""
        return {"NEWSCRAWLER_DB": self.db} if self.db else {}


@dataclass(frozen=True)
class ScheduleConfig:
    """The whole schedule file."""

    jobs: tuple[Job, ...]
    db: str | None = None
    data_dir: Path = Path(".newscrawler")
    max_parallel: int = 2
    heartbeat: timedelta = timedelta(seconds=30)
    stale_after: timedelta = timedelta(minutes=5)
    stop_timeout: timedelta = timedelta(minutes=2)
    # Run (through the shell) when a site's health turns ``fail`` after its crawl.
    alert_command: str | None = None
    # Per site key: overrides of the health thresholds (a [[sites]] entry's health table).
    health: dict[str, dict[str, float]] = field(default_factory=dict)
    # A shared frontier (Redis URL): due crawls are enqueued there for the workers.
    frontier: str | None = None
    frontier_prefix: str | None = None  # its key prefix (None: the frontier's default)


def load_config(path: str | Path) -> ScheduleConfig:
    """Read and check a schedule file; raises :class:`ScheduleConfigError`."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ScheduleConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScheduleConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        return config_from_dict(data, base=path.parent)
    except ScheduleConfigError as exc:
        raise ScheduleConfigError(f"{path}: {exc}") from None


def config_from_dict(data: dict[str, Any], *, base: Path = Path()) -> ScheduleConfig:
    """Build a config from parsed TOML; relative paths are taken from ``base``."""
    unknown = set(data) - {"scheduler", "defaults", "sites"}
    if unknown:
        raise ScheduleConfigError(f"unknown section(s) {sorted(unknown)}")
    scheduler = _table(data, "scheduler", SCHEDULER_KEYS, "[scheduler]")
    defaults = _table(data, "defaults", OPTION_KEYS, "[defaults]")
    sites = data.get("sites")
    if not isinstance(sites, list) or not sites:
        raise ScheduleConfigError("add at least one [[sites]] entry with site = NAME-or-URL")
    db = _opt(scheduler, "db", str, "[scheduler]") or _opt(defaults, "db", str, "[defaults]")
    jobs = tuple(_job(entry, defaults, db, base, n) for n, entry in enumerate(sites, 1))
    keys = [job.key for job in jobs]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ScheduleConfigError(f"site(s) {repeated} listed more than once; keep one entry each")
    return ScheduleConfig(
        jobs=jobs,
        db=db,
        data_dir=base / _opt(scheduler, "data_dir", str, "[scheduler]", ".newscrawler"),
        max_parallel=_positive_int(scheduler, "max_parallel", "[scheduler]", 2),
        heartbeat=_interval(scheduler, "heartbeat", "[scheduler]", "30s"),
        stale_after=_interval(scheduler, "stale_after", "[scheduler]", "5m"),
        stop_timeout=_interval(scheduler, "stop_timeout", "[scheduler]", "2m"),
        alert_command=_opt(scheduler, "alert_command", str, "[scheduler]"),
        health=_health_tables(sites, jobs),
        **_frontier(scheduler, jobs, db),
    )


def _frontier(scheduler: dict[str, Any], jobs: tuple[Job, ...], db: str | None) -> dict[str, Any]:
    """The ``frontier`` keys, checked: the workers write to their own ``--db``, so a
    site cannot have a database of its own."""
    frontier = _opt(scheduler, "frontier", str, "[scheduler]")
    prefix = _opt(scheduler, "frontier_prefix", str, "[scheduler]")
    if frontier is None:
        if prefix is not None:
            raise ScheduleConfigError("[scheduler]: frontier_prefix needs frontier = REDIS_URL")
        return {}
    for job in jobs:
        if job.db != db:
            raise ScheduleConfigError(
                f"[[sites]] {job.key}: with a frontier the workers' --db is the archive; "
                "remove db from the site (set it in [scheduler] for the history)"
            )
    return {"frontier": frontier, "frontier_prefix": prefix}


def _health_tables(sites: list[Any], jobs: tuple[Job, ...]) -> dict[str, dict[str, float]]:
    """Each site's ``health`` table of threshold overrides, checked."""
    from newscrawler.health.verdict import Thresholds

    found: dict[str, dict[str, float]] = {}
    for n, (entry, job) in enumerate(zip(sites, jobs, strict=True), 1):
        table = entry.get("health")
        if table is None:
            continue
        if not isinstance(table, dict):
            raise ScheduleConfigError(f"[[sites]] #{n}: health must be a table of thresholds")
        try:
            Thresholds.from_mapping(table, source=f"[[sites]] #{n} health")
        except ValueError as exc:
            raise ScheduleConfigError(str(exc)) from None
        found[job.key] = dict(table)
    return found


def _table(data: dict[str, Any], name: str, allowed: set[str], where: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ScheduleConfigError(f"{where} must be a table")
    _check_keys(table, allowed, where)
    return table


def _check_keys(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise ScheduleConfigError(
            f"{where}: unknown key(s) {sorted(unknown)}; use {sorted(allowed)}"
        )


def _opt(table: dict[str, Any], key: str, kind: type, where: str, default: Any = None) -> Any:
    value = table.get(key, default)
    # bool is a subclass of int: max_articles = true is an error, not 1.
    ok = isinstance(value, kind) and (kind is bool or not isinstance(value, bool))
    if value is not None and not ok:
        raise ScheduleConfigError(f"{where}: {key} must be a {kind.__name__}, not {value!r}")
    return value


def _positive_int(table: dict[str, Any], key: str, where: str, default: int | None) -> Any:
    value = _opt(table, key, int, where, default)
    if value is not None and value < 1:
        raise ScheduleConfigError(f"{where}: {key} must be 1 or more, not {value}")
    return value


def _interval(table: dict[str, Any], key: str, where: str, default: str) -> timedelta:
    try:
        return parse_interval(table.get(key, default))
    except ValueError as exc:
        raise ScheduleConfigError(f"{where}: {key}: {exc}") from None


def _job(entry: Any, defaults: dict[str, Any], db: str | None, base: Path, n: int) -> Job:
    if not isinstance(entry, dict):
        raise ScheduleConfigError(f"[[sites]] #{n} must be a table")
    merged = {**defaults, **entry}
    site = merged.get("site") or merged.get("profile")
    where = f"[[sites]] #{n}" + (f" ({site})" if isinstance(site, str) else "")
    _check_keys(entry, SITE_KEYS, where)
    profile = _opt(merged, "profile", str, where)
    profile = str(base / profile) if profile else None
    site = _opt(entry, "site", str, where)
    if not (site and site.strip()) and not profile:
        raise ScheduleConfigError(f"{where}: set site = a profile name or a home URL")
    return Job(
        site=site or "",
        key=_site_key(site, profile, where),
        **_timing(entry, where),
        db=_opt(merged, "db", str, where) or db,
        since=_opt(merged, "since", str, where),
        until=_opt(merged, "until", str, where),
        max_articles=_positive_int(merged, "max_articles", where, None),
        refresh=bool(_opt(merged, "refresh", bool, where, False)),
        profile=profile,
        settings=_settings(merged, where),
    )


def _timing(entry: dict[str, Any], where: str) -> dict[str, Any]:
    cron, every = entry.get("cron"), entry.get("every")
    if (cron is None) == (every is None):
        raise ScheduleConfigError(
            f"{where}: give exactly one of cron = '0 * * * *' or every = '1h'"
        )
    if cron is not None:
        if not isinstance(cron, str) or not croniter.is_valid(cron):
            raise ScheduleConfigError(f"{where}: cron {cron!r} is not a valid cron expression")
        return {"cron": cron}
    return {"every": _interval(entry, "every", where, "")}


def _settings(merged: dict[str, Any], where: str) -> dict[str, str]:
    settings = merged.get("settings", {})
    if not isinstance(settings, dict):
        raise ScheduleConfigError(f"{where}: settings must be a table of NAME = value")
    bad = [k for k, v in settings.items() if isinstance(v, dict | list)]
    if bad:
        raise ScheduleConfigError(f"{where}: settings {bad} must be plain values")
    return {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in settings.items()}


def _site_key(site: str | None, profile: str | None, where: str) -> str:
    """The key crawls of this site are recorded and locked under: the crawl's own
    :func:`~newscrawler.profiles.crawl_key` for the arguments :meth:`Job.crawl_args` gives."""
    try:
        return crawl_key(crawl_profiles([] if profile else [site or ""], profile))
    except ProfileError as exc:
        raise ScheduleConfigError(f"{where}: {exc}") from None
