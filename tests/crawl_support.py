"""Helpers for end-to-end crawls of the sample site in a subprocess (``newscrawler crawl``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from storage.db import open_archive
from storage.models import Article, ArticleRevision, CrawlRun

REPO = Path(__file__).resolve().parents[1]
# The crawl components these tests rely on (as newscrawler/settings.py enables them).
COMPONENTS = {
    "DOWNLOADER_MIDDLEWARES": {
        "newscrawler.incremental.middleware.IncrementalMiddleware": 90,
        "newscrawler.plugins.robotsshare.RobotsTxtShareMiddleware": 110,
    },
    "SPIDER_MIDDLEWARES": {"newscrawler.incremental.spider.IncrementalSpiderMiddleware": 950},
    "EXTENSIONS": {
        "newscrawler.plugins.resume.ResumeExtension": 500,
        "newscrawler.health.tally.HealthExtension": 600,
    },
}
FAST = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "RETRY_TIMES": "1"}


def settings_args(extra: dict[str, str] | None = None) -> list[str]:
    """``-s NAME=VALUE`` arguments: the components, fast politeness, and ``extra``."""
    values = {k: json.dumps(v) for k, v in COMPONENTS.items()} | FAST | (extra or {})
    return [arg for name, value in values.items() for arg in ("-s", f"{name}={value}")]


def crawl_command(profile: Path, db_url: str, data_dir: Path, *args: str) -> list[str]:
    return [
        sys.executable, "-m", "newscrawler", "crawl", "--profile", str(profile), "--db", db_url,
        "--data-dir", str(data_dir), *args,
    ]  # fmt: skip


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def crawl(
    profile: Path, db_url: str, data_dir: Path, *args: str, settings: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run one crawl to its end; fails the test on a non-zero exit."""
    command = crawl_command(profile, db_url, data_dir, *args, *settings_args(settings))
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=180, env=child_env(), cwd=REPO
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def archive(db_url: str) -> dict[str, tuple[str | None, str | None]]:
    """canonical URL -> (title, content hash) of every stored article."""
    db = open_archive(db_url)
    try:
        with db.read_session() as session:
            rows = session.execute(
                select(Article.canonical_url, Article.title, Article.content_hash)
            )
            return {url: (title, digest) for url, title, digest in rows}
    finally:
        db.dispose()


def revisions(db_url: str) -> int:
    db = open_archive(db_url)
    try:
        with db.read_session() as session:
            return len(session.scalars(select(ArticleRevision.id)).all())
    finally:
        db.dispose()


def runs(db_url: str) -> list[dict[str, Any]]:
    """Every crawl run, oldest first, as dicts."""
    db = open_archive(db_url)
    try:
        with db.read_session() as session:
            found = session.scalars(select(CrawlRun).order_by(CrawlRun.id)).all()
            return [
                {"id": r.id, "status": r.status, "stats": r.stats, "started_at": r.started_at,
                 "finished_at": r.finished_at, "site": r.site}
                for r in found
            ]  # fmt: skip
    finally:
        db.dispose()


def schedule_file(tmp_path: Path, profile: Path, db_url: str, every: str, **scheduler: str) -> Path:
    """A scheduler config that crawls ``profile`` every ``every`` with the test settings."""
    settings = {k: json.dumps(v) for k, v in COMPONENTS.items()} | FAST
    table = ", ".join(f"{name} = {json.dumps(value)}" for name, value in settings.items())
    extra = "".join(f"{name} = {json.dumps(value)}\n" for name, value in scheduler.items())
    path = tmp_path / "schedule.toml"
    path.write_text(
        f"""
[scheduler]
db = "{db_url}"
data_dir = "{tmp_path / "state"}"
{extra}
[[sites]]
profile = "{profile}"
every = "{every}"
settings = {{ {table} }}
"""
    )
    return path
