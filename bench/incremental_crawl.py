"""Requests and seconds of an incremental re-crawl against the first full crawl.

Serves the bundled sample site, crawls it in full into a fresh SQLite archive
(``newscrawler crawl``, one subprocess per crawl), publishes 5% new articles,
crawls again, and prints both crawls' requests (as the server saw them) and
seconds, and the ratio. Target: the second crawl makes at most 10% of the
first crawl's requests.

    .venv/bin/python bench/incremental_crawl.py                  # the default 80-article site
    .venv/bin/python bench/incremental_crawl.py --articles 80 320
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newscrawler.samplesite.server import RunningSite, serve  # noqa: E402
from newscrawler.samplesite.site import SampleSite  # noqa: E402

# The incremental components (newscrawler/settings.py may switch them on already).
COMPONENTS = {
    "DOWNLOADER_MIDDLEWARES": {
        "newscrawler.incremental.middleware.IncrementalMiddleware": 90,
        "newscrawler.plugins.robotsshare.RobotsTxtShareMiddleware": 110,
    },
    "SPIDER_MIDDLEWARES": {"newscrawler.incremental.spider.IncrementalSpiderMiddleware": 950},
    "EXTENSIONS": {"newscrawler.plugins.resume.ResumeExtension": 500},
}
FAST = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0"}
ARTICLE_RE = re.compile(r"/(wp/archives/\d+|(daily|desh)/[a-z]+/\d+|app/news/[\d-]+/\w+)/?$")


def crawl(running: RunningSite, folder: Path) -> tuple[int, float, Counter[str]]:
    """One crawl: (requests the server answered, seconds, requests by kind of answer)."""
    profile = running.write_profile(folder)
    settings = {k: json.dumps(v) for k, v in COMPONENTS.items()} | FAST
    command = [
        sys.executable, "-m", "newscrawler", "crawl", "--profile", str(profile),
        "--db", f"sqlite:///{folder / 'archive.sqlite'}", "--data-dir", str(folder / "data"),
        "--log-level", "WARNING",
        *(arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")),
    ]  # fmt: skip
    running.clear_requests()
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=REPO)
    seconds = time.perf_counter() - started
    answered = running.requests
    kinds = Counter(kind_of(path, status) for _m, path, status in answered)
    return len(answered), seconds, kinds


def kind_of(path: str, status: int) -> str:
    """What a sample-site request was, for the breakdown."""
    if status == 304:
        return "304"
    if path.startswith("/robots.txt") or path.endswith(".xml"):
        return "robots/sitemap/feed"
    if path.startswith(("/bad/", "/about", "/contact")) or status in (0, 404):
        return "trap/non-article"
    if ARTICLE_RE.search(path.split("?")[0]):
        return "article"
    return "listing"


def measure(articles: int, share: float) -> None:
    with tempfile.TemporaryDirectory() as tmp, serve(SampleSite(count=articles)) as running:
        folder = Path(tmp)
        first, first_s, _ = crawl(running, folder)
        new = max(1, round(articles * share))
        running.site.publish(new)
        second, second_s, kinds = crawl(running, folder)
    ratio = second / first
    breakdown = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
    print(
        f"{articles:>5} articles  full crawl: {first:>4} requests {first_s:6.1f} s   "
        f"+{new} new ({share:.0%}): {second:>4} requests "
        f"{second_s:6.1f} s   requests {ratio:6.1%} of the full crawl, "
        f"time {second_s / first_s:6.1%}   target <= 10%: {'met' if ratio <= 0.10 else 'NOT met'}"
        f"\n{'':>16}second crawl: {breakdown}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[80], help="site sizes")
    parser.add_argument("--new-share", type=float, default=0.05, help="share of new articles")
    args = parser.parse_args()
    for articles in args.articles:
        measure(articles, args.new_share)


if __name__ == "__main__":
    main()
