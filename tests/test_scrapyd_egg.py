"""``scrapyd-deploy --build-egg`` builds an egg that Scrapyd can run the ``news`` spider from."""

from __future__ import annotations

import configparser
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from newscrawler.samplesite.server import serve
from newscrawler.samplesite.site import SampleSite
from storage.db import head_revision
from tests.crawl_support import archive, runs

REPO = Path(__file__).resolve().parents[1]
DEPLOY = shutil.which("scrapyd-deploy") or str(Path(sys.executable).with_name("scrapyd-deploy"))
PROJECT_FILES = ("scrapy.cfg", "pyproject.toml", "README.md", "newscrawler", "storage")

# What Scrapyd does with an egg: put it first on sys.path, take the settings
# module from its ``scrapy`` entry point, then run ``scrapy crawl``.
RUN_FROM_EGG = """
import os, sys
egg, settings = sys.argv[1], sys.argv[2]
sys.path.insert(0, egg)
os.environ["SCRAPY_SETTINGS_MODULE"] = settings
import newscrawler
assert newscrawler.__file__.startswith(egg), newscrawler.__file__
from scrapy.cmdline import execute
execute(["scrapy", *sys.argv[3:]])
"""


@pytest.fixture(scope="module")
def egg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not Path(DEPLOY).exists():
        pytest.skip("scrapyd-deploy (scrapyd-client) is not installed")
    project = tmp_path_factory.mktemp("project")  # the build writes setup.py, build/
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=ignore)
        elif source.exists():
            shutil.copy(source, project / name)
    out = project / "newscrawler.egg"
    result = subprocess.run(
        [DEPLOY, "--build-egg", str(out)], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return out


def egg_settings(egg: Path) -> str:
    with zipfile.ZipFile(egg) as archive:
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    parser = configparser.ConfigParser()
    parser.read_string(entry_points)
    return parser["scrapy"]["settings"]


def test_egg_holds_the_project(egg: Path) -> None:
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
    assert {"newscrawler/spiders/news.py", "newscrawler/settings.py", "storage/models.py"} <= names
    assert any(n.startswith("storage/migrations/versions/") for n in names)
    assert "storage/migrations/fresh_sqlite.json" in names
    assert egg_settings(egg) == "newscrawler.settings"


def migrate(db_url: str, revision: str) -> None:
    from alembic import command

    from storage.db import alembic_config, make_engine

    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
    engine.dispose()


def run_egg(egg: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``scrapy *args`` from the egg, with its own temporary folder ``cwd/tmp``."""
    command = [sys.executable, "-c", RUN_FROM_EGG, str(egg), egg_settings(egg), *args]
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    (cwd / "tmp").mkdir(exist_ok=True)
    env["TMPDIR"] = str(cwd / "tmp")
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, env=env)


def crawl_args(
    tmp_path: Path, *settings: str, site: str = "start=http://127.0.0.1:9/"
) -> list[str]:
    args = ["crawl", "news", "-a", site]
    for setting in (
        f"STORAGE_DB_URL=sqlite:///{tmp_path / 'egg.sqlite'}",
        "RETRY_ENABLED=False", "AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", *settings,
    ):  # fmt: skip
        args += ["-s", setting]
    return args


def test_egg_runs_the_news_spider(egg: Path, tmp_path: Path) -> None:
    listed = run_egg(egg, tmp_path, "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["news"]
    # The archive is switched off here: see the next test.
    off = ("ITEM_PIPELINES={}", "INCREMENTAL_ENABLED=False", "EXTENSIONS={}")
    crawled = run_egg(egg, tmp_path, *crawl_args(tmp_path, *off))
    assert "Spider opened" in crawled.stderr, crawled.stderr[-2000:]
    assert "'finish_reason': 'finished'" in crawled.stderr, crawled.stderr[-2000:]


def test_egg_stores_into_the_archive(egg: Path, tmp_path: Path) -> None:
    # Alembic needs the migrations as files; the egg holds them zipped. An older
    # archive, so that the crawl migrates it (a new one is created without Alembic).
    migrate(f"sqlite:///{tmp_path / 'egg.sqlite'}", "0001")
    with serve(SampleSite(count=24)) as running:
        profile = running.write_profile(tmp_path)
        crawled = run_egg(
            egg, tmp_path, *crawl_args(tmp_path, "LOG_LEVEL=DEBUG", site=f"profile={profile}")
        )
    assert crawled.returncode == 0, crawled.stderr[-2000:]
    assert "'finish_reason': 'finished'" in crawled.stderr, crawled.stderr[-2000:]
    db_url = f"sqlite:///{tmp_path / 'egg.sqlite'}"
    assert len(archive(db_url)) >= 20
    [run] = runs(db_url)
    assert run["status"] == "finished"
    assert run["stats"]["storage/inserted"] == len(archive(db_url))
    with closing(sqlite3.connect(tmp_path / "egg.sqlite")) as conn:
        [(revision,)] = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    assert revision == head_revision()
    assert "migrations extracted from" in crawled.stderr
    assert list((tmp_path / "tmp").iterdir()) == []  # and removed at exit
