"""Health end to end: the sample site changes a template between crawls.

A few normal crawls make the baseline; then every article page loses its dates
(or its body, or becomes a challenge page): ``health`` fails with the reason
and exit 1; once the template is restored the site is ok again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli
from newscrawler.samplesite.server import RunningSite, serve
from tests.crawl_support import crawl

pytestmark = pytest.mark.slow


class Site:
    """A served sample site, its archive, and a crawl of its newest articles."""

    def __init__(self, running: RunningSite, folder: Path) -> None:
        self.running = running
        self.folder = folder
        self.db = f"sqlite:///{folder / 'archive.sqlite'}"
        self.profile = running.write_profile(folder)

    def crawl_new(self, count: int, breakage: str | None = None) -> str:
        """Publish ``count`` articles, crawl them; the crawl's stderr."""
        self.running.breakage = breakage
        self.running.site.publish(count)
        return crawl(self.profile, self.db, self.folder / "data").stderr

    def health(self, *args: str) -> tuple[int, Any]:
        result = CliRunner().invoke(cli, ["health", "--db", self.db, "--format", "json", *args])
        return result.exit_code, json.loads(result.output) if result.output.strip() else None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("health")
    with serve() as running:
        site = Site(running, folder)
        crawl(site.profile, site.db, folder / "data")
        for _ in range(3):
            site.crawl_new(6)
        yield site


def verdict(site: Site) -> tuple[int, dict[str, Any]]:
    code, rows = site.health("--examples")
    assert rows is not None
    return code, next(r for r in rows if r["site"] == "samplesite")


def test_template_breaks_and_recovers(site: Site) -> None:
    code, row = verdict(site)
    assert (code, row["health"]) == (0, "ok"), row["why"]
    for breakage, reason in (
        ("no_dates", "published date on 0% of articles, was 100% (last "),
        ("no_body", "not recognised as articles"),
        ("challenge", "blocked or challenge pages"),
    ):
        stderr = site.crawl_new(8, breakage=breakage)
        assert "health samplesite: fail: " in stderr  # the crawl's own last lines say so
        code, row = verdict(site)
        assert (code, row["health"]) == (1, "fail"), (breakage, row["why"])
        assert reason in row["why"]
        if breakage == "no_dates":
            assert len(row["examples"]["published"]) == 3  # URLs to start a fix from
        site.crawl_new(8)  # the template is restored
        code, row = verdict(site)
        assert (code, row["health"]) == (0, "ok"), (breakage, row["why"])


def test_prometheus_and_plot(site: Site, tmp_path: Path) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    result = CliRunner().invoke(cli, ["health", "--db", site.db, "--format", "prometheus"])
    assert result.exit_code == 0
    names = {f.name for f in text_string_to_metric_families(result.output)}
    assert "newscrawler_site_health" in names
    pytest.importorskip("matplotlib")
    plot = tmp_path / "health.png"
    result = CliRunner().invoke(cli, ["health", "--db", site.db, "--plot", str(plot)])
    assert result.exit_code == 0 and plot.stat().st_size > 1000
