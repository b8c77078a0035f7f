"""CPU time per article of a newscrawler crawl against bare Scrapy and Scrapy + trafilatura.

Serves the bundled sample site (in this process), then runs three crawlers,
each in its own subprocess, against the same pages, in interleaved rounds:

* ``newscrawler``: ``newscrawler crawl`` with the shipped settings (discovery,
  extraction, dates, repeats, dedupe, storage, incremental checks) into a fresh
  SQLite archive;
* ``bare``: a bare Scrapy spider fetching every page the newscrawler crawl
  fetched (the server's log of its first crawl), doing nothing with them;
* ``trafilatura``: the same Scrapy spider running ``trafilatura.bare_extraction``
  (text and metadata, dates included) on the article pages.

CPU time (user + system, from ``wait4``) of each crawl is divided by the
articles the newscrawler crawl stored; the medians over the rounds and the
ratios are printed, with the newscrawler crawl's peak memory (max RSS).
Targets (issue 13): newscrawler <= 3x bare and <= 0.5x trafilatura; CPU per
article flat with site size (20,000 articles <= 1.15x 500); peak memory < 250 MB.

    .venv/bin/python bench/crawl_overhead.py                          # 500 articles, 3 rounds
    .venv/bin/python bench/crawl_overhead.py --articles 2000 --rounds 2
    .venv/bin/python bench/crawl_overhead.py --articles 500 20000 --rounds 1 --peers bare
    .venv/bin/python bench/crawl_overhead.py --before ../main   # main's crawl too, same rounds

``--before PATH`` runs a second newscrawler crawl from another checkout of the
repository (its code, this interpreter) in the same interleaved rounds, and
prints its figures and ratios beside this checkout's: before/after from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PEERS = ("bare", "trafilatura")
FAST = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "WARNING"}
# Both sides fetch at the shipped concurrency.
CONCURRENCY = {"CONCURRENT_REQUESTS": "16", "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}


def run_child(command: list[str], repo: Path = REPO) -> tuple[float, float, float]:
    """Run a command on ``repo``'s code to its end: (CPU s, wall s, peak RSS in MB)."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=repo)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read()[-2000:].decode("utf-8", "replace")
            raise SystemExit(f"{command[:4]} failed ({proc.returncode}):\n{tail}")
    wall = time.perf_counter() - started
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def newscrawler_crawl(home_url: str, folder: Path, repo: Path = REPO) -> list[str]:
    """The command of a full newscrawler crawl into a fresh archive in ``folder``."""
    folder.mkdir(exist_ok=True)
    shipped = (repo / "newscrawler" / "sites" / "samplesite.toml").read_text("utf-8")
    profile = folder / "samplesite.toml"
    profile.write_text(re.sub(r'(?m)^home_url = ".*"$', f'home_url = "{home_url}"', shipped))
    db = folder / "archive.sqlite"
    for stale in folder.glob("archive.sqlite*"):
        stale.unlink()
    command = [
        sys.executable, "-m", "newscrawler", "crawl", "--profile", str(profile),
        "--db", f"sqlite:///{db}", "--data-dir", str(folder / "data"), "--log-level", "WARNING",
        *(arg for name, value in (FAST | CONCURRENCY).items() for arg in ("-s", f"{name}={value}")),
    ]  # fmt: skip
    return command


def stored_articles(db: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return [url for (url,) in conn.execute("SELECT url FROM articles")]


def peer_command(peer: str, pages: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--peer", peer, "--pages", str(pages)]


def measure(
    articles: int, rounds: int, peers: list[str], before: Path | None = None
) -> dict[str, Any]:
    from newscrawler.samplesite.server import serve
    from newscrawler.samplesite.site import SampleSite

    started = time.process_time()
    site = SampleSite(count=articles)
    build = time.process_time() - started
    ours = ["newscrawler", *(["before"] if before else [])]
    cpu: dict[str, list[float]] = {name: [] for name in (*ours, *peers)}
    peak: list[float] = []
    stored = {name: 0 for name in ours}
    with tempfile.TemporaryDirectory() as tmp, serve(site) as running:
        folder = Path(tmp)
        pages = folder / "pages.json"
        for round_no in range(rounds):
            order = [*ours, *peers] if round_no % 2 == 0 else [*peers, *ours[::-1]]
            for name in order:
                if name in ours:
                    repo = before if name == "before" and before else REPO
                    command = newscrawler_crawl(running.url, folder / name, repo)
                    running.clear_requests()
                    seconds, _wall, rss = run_child(command, repo)
                    urls = stored_articles(folder / name / "archive.sqlite")
                    stored[name] = len(urls)
                    if round_no == 0 and name == "newscrawler":  # the first crawl names the pages
                        fetched = [
                            running.url.rstrip("/") + path
                            for method, path, status in running.requests
                            if method == "GET" and status == 200
                        ]
                        pages.write_text(json.dumps({"pages": fetched, "articles": urls}))
                    if name == "newscrawler":
                        peak.append(rss)
                else:
                    seconds, _wall, _rss = run_child(peer_command(name, pages))
                cpu[name].append(seconds)
    return {"articles": stored["newscrawler"], "stored": stored, "build": build, "cpu": cpu,
            "peak": max(peak), "load": os.getloadavg()}  # fmt: skip


def report(result: dict[str, Any]) -> None:
    articles = max(1, result["articles"])
    per = {name: statistics.median(v) / articles * 1000 for name, v in result["cpu"].items()}
    load = ", ".join(f"{v:.1f}" for v in result["load"])
    print(
        f"{result['articles']} articles stored (site built in {result['build']:.1f} s CPU); "
        f"newscrawler peak memory {result['peak']:.0f} MB (target < 250 MB); load {load}"
    )
    if "before" in per:
        print(f"  ('before' stored {result['stored']['before']} articles)")
    for name, ms in per.items():
        runs = ", ".join(f"{v:.1f}" for v in result["cpu"][name])
        print(f"  {name:<12} {ms:7.2f} ms CPU per article   (rounds: {runs} s)")
    for ours in [name for name in ("newscrawler", "before") if name in per]:
        if "bare" in per:
            print(f"  {ours + ' / bare Scrapy':<34} {per[ours] / per['bare']:5.2f}x (<= 3)")
        if "trafilatura" in per:
            label = ours + " / Scrapy + trafilatura"
            print(f"  {label:<34} {per[ours] / per['trafilatura']:5.2f}x (<= 0.5)")
    if "before" in per:
        print(f"  {'newscrawler / before':<34} {per['newscrawler'] / per['before']:5.2f}x")


# -- the peer spiders (run in a child process) -------------------------------------------------


def run_peer(peer: str, pages_file: Path) -> None:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    data = json.loads(pages_file.read_text())
    articles = set(data["articles"])
    extract: Any = None
    if peer == "trafilatura":
        import trafilatura

        extract = trafilatura.bare_extraction

    class PeerSpider(scrapy.Spider):
        name = f"peer_{peer}"

        async def start(self) -> Any:
            for url in data["pages"]:
                yield scrapy.Request(url, callback=self.parse, dont_filter=True)

        def parse(self, response: Any) -> Iterator[dict[str, Any]]:
            if extract is None or response.url not in articles:
                return
            doc = extract(response.text, url=response.url, with_metadata=True)
            if doc is not None:
                yield {"url": response.url, "title": doc.title, "date": doc.date}

    settings = {**FAST, **CONCURRENCY, "ROBOTSTXT_OBEY": False, "TELNETCONSOLE_ENABLED": False}
    process = CrawlerProcess(settings)
    process.crawl(PeerSpider)
    process.start()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[500], help="site sizes")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per size")
    parser.add_argument("--peers", default="bare,trafilatura", help="peers to run ('' for none)")
    parser.add_argument(
        "--before",
        type=Path,
        help="another checkout whose newscrawler crawl runs in the same rounds",
    )
    parser.add_argument("--peer", choices=PEERS, help=argparse.SUPPRESS)
    parser.add_argument("--pages", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer:
        run_peer(args.peer, args.pages)
        return
    peers = [p for p in args.peers.split(",") if p]
    unknown = set(peers) - set(PEERS)
    if unknown:
        parser.error(f"unknown peers: {sorted(unknown)}")
    per_size = {}
    for articles in args.articles:
        result = measure(articles, args.rounds, peers, args.before)
        report(result)
        per_size[articles] = statistics.median(result["cpu"]["newscrawler"]) / max(
            1, result["articles"]
        )
    if len(per_size) > 1:
        sizes = sorted(per_size)
        small, large = sizes[0], sizes[-1]
        print(
            f"CPU per article at {large} / at {small}: "
            f"{per_size[large] / per_size[small]:.2f}x (<= 1.15)"
        )


if __name__ == "__main__":
    main()
