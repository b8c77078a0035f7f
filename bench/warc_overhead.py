"""What WARC capture costs: crawl speed with and without ``--warc``, re-extraction and
import speed against plain extraction of the same pages, and disk per 1,000 articles.

Serves the bundled sample site and crawls it (one ``newscrawler crawl`` subprocess
per crawl, each into a fresh SQLite archive), alternating crawls without and with
``--warc``; pages/s is the crawl's fetched responses over its Scrapy elapsed time.
Then, in this process, over the pages the WARC crawl captured:

* plain extraction: the page bodies already in memory, through the spider's steps
  and the offline item pipelines (what ``newscrawler extract`` does), no archive;
* re-extraction: ``reextract``'s path (read the WARC, extract, dedupe, store) into a
  fresh archive;
* import: ``import-warc``'s path (the same, plus language detection).

Targets: capture <= 10% slower; re-extraction and import >= 0.8x plain extraction.

    .venv/bin/python bench/warc_overhead.py                 # 160-article site, 3 rounds
    .venv/bin/python bench/warc_overhead.py --articles 80 --rounds 1
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newscrawler.samplesite.server import RunningSite, serve  # noqa: E402
from newscrawler.samplesite.site import SampleSite  # noqa: E402

FAST = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "WARNING"}


def crawl(running: RunningSite, folder: Path, warc: bool) -> dict[str, Any]:
    """One crawl into a fresh archive; its pages/s, articles and WARC bytes."""
    from sqlalchemy import select

    from storage.db import open_archive
    from storage.models import CrawlRun

    shipped = (REPO / "newscrawler" / "sites" / "samplesite.toml").read_text("utf-8")
    profile = folder / "samplesite.toml"
    profile.write_text(re.sub(r'(?m)^home_url = ".*"$', f'home_url = "{running.url}"', shipped))
    db_url = f"sqlite:///{folder / 'archive.sqlite'}"
    command = [
        sys.executable, "-m", "newscrawler", "crawl", "--profile", str(profile), "--db", db_url,
        "--data-dir", str(folder / "data"),
        *(arg for name, value in FAST.items() for arg in ("-s", f"{name}={value}")),
    ]  # fmt: skip
    if warc:
        command += ["--warc", str(folder / "warcs")]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=REPO)
    db = open_archive(db_url)
    with db.read_session() as session:
        stats = session.scalars(select(CrawlRun.stats)).one()
    db.dispose()
    pages = int(stats.get("downloader/response_count", 0))
    warc_bytes = sum(p.stat().st_size for p in (folder / "warcs").glob("*")) if warc else 0
    return {
        "pages": pages,
        "seconds": float(stats["elapsed_time_seconds"]),
        "articles": int(stats.get("storage/inserted", 0)),
        "warc_bytes": warc_bytes,
        "folder": folder,
    }


def timed(run: Callable[[], int]) -> tuple[int, float]:
    started = time.perf_counter()
    pages = run()
    return pages, time.perf_counter() - started


def plain_extraction(warcs: list[Path]) -> Callable[[], int]:
    """Extraction and offline pipelines over the captured pages, held in memory."""
    from newscrawler.crawling.offline import offline_pipelines, page_item, run_pipelines
    from newscrawler.discover.listing import is_article_url
    from newscrawler.extract.response import page_text
    from newscrawler.warc.reader import iter_responses
    from newscrawler.warc.replay import Profiles, to_response

    profiles = Profiles()
    pages = []
    for path in warcs:
        for record in iter_responses(path):
            if 200 <= record.status < 300:
                pages.append((to_response(record), profiles(record), record.kind))

    def run() -> int:
        pipelines, _ = offline_pipelines()
        for response, profile, kind in pages:
            if kind not in (None, "article") and not is_article_url(response.url, profile=profile):
                continue
            html = page_text(response.body, response.text, response.encoding)
            item, _ = page_item(html, response.url, profile, response.status)
            if item is not None:
                run_pipelines(item, pipelines)
        return len(pages)

    return run


def archive_replay(warcs: list[Path], folder: Path, verb: str) -> Callable[[], int]:
    """``reextract``, ``import-warc``'s path, from the WARC files into a fresh archive;
    ``memory``: the same item path (dedupe, storage) over records already in memory."""
    from newscrawler.warc.reader import iter_responses
    from newscrawler.warc.replay import ArchiveSink, Extractor, is_language
    from newscrawler.warc.runner import replay_files

    held = [r for path in warcs for r in iter_responses(path)] if verb == "memory" else []

    def run() -> int:
        db_url = f"sqlite:///{folder / f'{verb}.sqlite'}"
        accept = (lambda html: is_language(html, "bn")) if verb == "import" else None
        extractor = Extractor(db_url, accept=accept)
        sink = ArchiveSink(db_url, verb, {"command": verb})
        if verb == "memory":
            for record in held:
                result = extractor.extract(record)
                if result.item is not None:
                    sink.add(result.item, result.profile)
            sink.flush()
            pages = sum(200 <= r.status < 300 for r in held)
        else:
            counts = replay_files(warcs, extractor, sink)
            pages = counts["pages"] - sum(v for k, v in counts.items() if "dropped/status_" in k)
        extractor.close()
        sink.close({})
        return pages

    return run


def writer_cost(warcs: list[Path], folder: Path, seconds_per_page: float) -> None:
    """CPU time of writing one exchange again (the load-independent part of the capture
    cost), against the time per page of the crawls without ``--warc`` in this run."""
    from newscrawler.warc.reader import iter_responses
    from newscrawler.warc.writer import Exchange, WarcFiles

    exchanges = [
        Exchange(
            url=r.url, request_headers=[("Host", "x")], response_headers=r.headers, body=r.body
        )
        for path in warcs
        for r in iter_responses(path, html_only=False)
    ]
    files = WarcFiles(folder / "rewrite")
    started = time.process_time()
    for exchange in exchanges:
        files.write(exchange)
    files.close()
    cost = (time.process_time() - started) / len(exchanges)
    print(
        f"writer: {cost * 1e3:.2f} ms CPU per exchange = {cost / seconds_per_page:.1%} of a "
        f"crawl's {seconds_per_page * 1e3:.0f} ms per page without --warc"
    )


def real_pages_disk(folder: Path) -> None:
    """WARC bytes of the saved real article pages (``../shared/corpus``), when present."""
    from newscrawler.warc.writer import Exchange, WarcFiles

    corpus = REPO.parent / "shared" / "corpus"
    if not (corpus / "expected.jsonl").is_file():
        print("disk (real pages): ../shared/corpus not present, skipped")
        return
    rows = [
        json.loads(line) for line in (corpus / "expected.jsonl").read_text("utf-8").splitlines()
    ]
    articles = [r for r in rows if r.get("kind") == "article"]
    files = WarcFiles(folder / "corpus-warc")
    html = 0
    for row in articles:
        body = (corpus / row["file"]).read_bytes()
        html += len(body)
        headers = [("Content-Type", "text/html; charset=utf-8")]
        url = row.get("url") or f"https://{row['domain']}/{row['file']}"
        files.write(Exchange(url=url, response_headers=headers, body=body))
    files.close()
    size = sum(p.stat().st_size for p in files.files)
    print(
        f"disk (real pages): {len(articles)} saved real article pages, "
        f"{html / len(articles) / 1e3:.0f} KB of HTML each -> "
        f"{size / len(articles) / 1e3:.0f} KB in WARC = "
        f"{size / len(articles) * 1000 / 1e6:.0f} MB per 1,000 articles (article records only)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=160)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    plain_runs: list[dict[str, Any]] = []
    warc_runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, serve(SampleSite(count=args.articles)) as running:
        for n in range(args.rounds):
            # alternate which goes first, so warm-up favours neither
            for warc in (False, True) if n % 2 == 0 else (True, False):
                folder = Path(tmp) / f"crawl-{n}-{'warc' if warc else 'plain'}"
                folder.mkdir()
                (warc_runs if warc else plain_runs).append(crawl(running, folder, warc))
        report_crawls(plain_runs, warc_runs)
        captured = warc_runs[-1]
        warcs = sorted((captured["folder"] / "warcs").glob("*"))
        writer_cost(warcs, Path(tmp), 1 / rate(plain_runs))
        real_pages_disk(Path(tmp))
        report_replays(warcs, Path(tmp), args.rounds)


def rate(runs: list[dict[str, Any]]) -> float:
    return statistics.median(r["pages"] / r["seconds"] for r in runs)


def report_crawls(plain: list[dict[str, Any]], warc: list[dict[str, Any]]) -> None:
    without, with_warc = rate(plain), rate(warc)
    print(f"crawl without --warc: {without:7.1f} pages/s  (median of {len(plain)})")
    print(f"crawl with --warc:    {with_warc:7.1f} pages/s  (median of {len(warc)})")
    print(f"capture: {with_warc / without:.2f}x the speed, {1 - with_warc / without:+.1%} slower")
    last = warc[-1]
    per_article = last["warc_bytes"] / max(1, last["articles"])
    print(
        f"disk: {last['warc_bytes'] / 1e6:.2f} MB of WARC for {last['pages']} pages and "
        f"{last['articles']} articles = {per_article * 1000 / 1e6:.1f} MB per 1,000 articles "
        f"(gzip per record; listings, sitemaps and redirects included)"
    )


def report_replays(warcs: list[Path], folder: Path, rounds: int) -> None:
    """Median pages/s of each path over ``rounds`` rounds, the order rotating per round."""
    import newscrawler.dedupe.sqlstore
    import newscrawler.pipelines.dedupe  # noqa: F401 - import time is not extraction time

    speeds: dict[str, list[float]] = {"plain": [], "memory": [], "reextract": [], "import": []}
    names = list(speeds)
    for n in range(rounds):
        for name in names[n % len(names) :] + names[: n % len(names)]:
            run_folder = folder / f"replay-{n}-{name}"
            run_folder.mkdir()
            make = plain_extraction(warcs) if name == "plain" else None
            pages, seconds = timed(make or archive_replay(warcs, run_folder, name))
            speeds[name].append(pages / seconds)
    plain, stored = (statistics.median(speeds[k]) for k in ("plain", "memory"))
    print(f"plain extraction:     {plain:7.1f} pages/s  (median of {rounds})")
    print(f"+ dedupe and storage: {stored:7.1f} pages/s  (pages in memory: a crawl's item path)")
    for verb in ("reextract", "import"):
        speed = statistics.median(speeds[verb])
        print(
            f"{verb + ':':<21} {speed:7.1f} pages/s  = {speed / plain:.2f}x plain extraction, "
            f"{speed / stored:.2f}x the same item path from memory"
        )


if __name__ == "__main__":
    main()
