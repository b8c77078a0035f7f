"""Throughput of a frontier crawl with 1, 2 and 4 workers, Redis memory per queued
request, and the extra cost per page of the shared frontier against a local crawl.

Serves many sample sites on loopback addresses (127.0.0.2, 127.0.0.3, ...: different
sites to Scrapy) answering each page after 100-300 ms, crawls all of them into a fresh
PostgreSQL archive once without the frontier (one process, the peer) and then with the
frontier with 1, 2 and 4 ``newscrawler crawl --frontier`` processes, and prints pages per
second (as the servers saw them) and CPU per page (the crawl processes' user+system time,
and the Redis server's) for each, with ratios, also net of the fixed cost of a process
(measured by one more process joining the finished crawl). Then pushes 100,000
requests into a Redis queue and prints the memory they take. Needs PostgreSQL and
Redis on 127.0.0.1.

    .venv/bin/python bench/frontier_scaling.py
    .venv/bin/python bench/frontier_scaling.py --sites 16 --stories 30 --workers 1 2 4
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newscrawler.samplesite.server import Handler, RunningSite, start  # noqa: E402
from newscrawler.samplesite.site import SampleSite  # noqa: E402

PG_ADMIN_URL = os.environ.get(
    "NEWSCRAWLER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("NEWSCRAWLER_TEST_REDIS", "redis://127.0.0.1:6379/0")
COMPONENTS = {
    "DOWNLOADER_MIDDLEWARES": {
        "newscrawler.incremental.middleware.IncrementalMiddleware": 90,
        "newscrawler.plugins.robotsshare.RobotsTxtShareMiddleware": 110,
    },
    "SPIDER_MIDDLEWARES": {"newscrawler.incremental.spider.IncrementalSpiderMiddleware": 950},
}
# Many sites, each served slowly: politeness per site is not the cap, latency is.
SETTINGS = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "RETRY_TIMES": "1"}


def slow_site(host: str, stories: int, latency: tuple[float, float]) -> RunningSite:
    """A sample site at ``host`` whose every answer takes ``latency`` seconds."""
    running = start(SampleSite(count=stories), host=host)
    handler: Any = running._server.RequestHandlerClass

    def answer(self: Handler, send_body: bool) -> None:
        time.sleep(random.uniform(*latency))
        Handler._answer(self, send_body)

    handler._answer = answer
    return running


def new_database() -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"nc_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        name = make_url(url).database
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run(sites: list[RunningSite], workers: int, folder: Path) -> dict[str, float]:
    """One crawl of every site by ``workers`` frontier processes (0: one local process)."""
    db_url = new_database()
    prefix = f"nc_bench:{uuid.uuid4().hex[:8]}:"
    settings = {k: json.dumps(v) for k, v in COMPONENTS.items()} | SETTINGS
    command = [sys.executable, "-m", "newscrawler", "crawl", *(s.url for s in sites)]
    command += ["--db", db_url, "--log-level", "WARNING"]
    if workers:
        command += ["--frontier", REDIS_URL]
        settings["FRONTIER_KEY_PREFIX"] = prefix
    else:
        command += ["--data-dir", str(folder / uuid.uuid4().hex)]
    command += [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
    for site in sites:
        site.clear_requests()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    redis_before = redis_cpu()
    began = time.perf_counter()
    procs = [
        subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
        for _ in range(max(1, workers))
    ]  # fmt: skip
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"a crawl failed: {err.decode()[-2000:]}")
    wall = time.perf_counter() - began
    redis_seconds = redis_cpu() - redis_before
    load = os.getloadavg()[0]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    pages = sum(len(s.requests) for s in sites)
    fixed = 0.0
    if workers:
        # One more process joins the finished crawl and stops at once: the CPU a process
        # costs whatever it crawls (start-up, imports, the archive check, shut-down).
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, env=env, cwd=REPO, capture_output=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        fixed = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    drop_database(db_url)
    if workers:
        from newscrawler.frontier.keys import connect
        from newscrawler.frontier.status import clear

        clear(connect(REDIS_URL), prefix)
    return {
        "pages": pages, "wall": wall, "cpu": cpu, "redis": redis_seconds, "load": load,
        "fixed": fixed,
    }  # fmt: skip


def redis_cpu() -> float:
    """CPU seconds the Redis server has used so far (shared: other users count too)."""
    from newscrawler.frontier.keys import connect

    info = connect(REDIS_URL).info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def redis_memory(count: int) -> float:
    """Bytes of Redis memory per queued request, for ``count`` typical article requests."""
    from scrapy import Request, Spider

    from newscrawler.frontier.keys import connect
    from newscrawler.frontier.queue import LeasedQueue, score

    server = connect(REDIS_URL)
    prefix = f"nc_bench:{uuid.uuid4().hex[:8]}:"
    queue = LeasedQueue(server, Spider("news"), f"{prefix}|mem")
    before = int(server.info("memory")["used_memory"])
    pipe = server.pipeline(transaction=False)
    for n in range(count):
        request = Request(
            f"https://www.example-news.com.bd/national/2025/03/{n:07d}/some-article-slug",
            meta={"site": "example-news", "kind": "article", "lastmod": None},
        )
        pipe.zadd(queue.keys.queue, {queue._encode_request(request): score(request)})
        if n % 1000 == 999:
            pipe.execute()
    pipe.execute()
    after = int(server.info("memory")["used_memory"])
    server.delete(queue.keys.queue)
    return (after - before) / count


def summary(results: dict[int, dict[str, float]], counts: list[int], cores: int) -> None:
    """Ratios: speed-up against one worker, CPU per page, the frontier against a local crawl."""
    rate = {w: r["pages"] / r["wall"] for w, r in results.items()}
    fixed = sum(results[w]["fixed"] for w in counts) / len(counts)
    # CPU per page net of each process's fixed cost (N workers pay it N times).
    per_page = {w: (r["cpu"] - max(1, w) * fixed) / r["pages"] for w, r in results.items()}
    print(f"fixed cost of a crawl process (start-up, shut-down): {fixed:.1f} s CPU; net of it:")
    for workers in counts:
        print(
            f"{workers} worker(s) vs 1: {rate[workers] / rate[counts[0]]:.2f}x the pages/s, "
            f"{per_page[workers] / per_page[counts[0]]:.2f}x the CPU per page; "
            f"CPU-bound ceiling {1 / per_page[workers]:.0f} pages/s per core "
            f"({cores / per_page[workers]:.0f} on these {cores} cores)"
        )
    local, one = results[0], results[counts[0]]
    extra = one["cpu"] / one["pages"] - local["cpu"] / local["pages"]
    extra_redis = one["redis"] / one["pages"] - local["redis"] / local["pages"]
    print(
        f"frontier, 1 worker vs local crawl: {rate[counts[0]] / rate[0]:.2f}x the pages/s, "
        f"{per_page[counts[0]] / per_page[0]:.2f}x the crawler CPU per page "
        f"({1000 * extra:+.1f} ms), {1000 * extra_redis:+.2f} ms Redis CPU per page"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=12)
    parser.add_argument("--stories", type=int, default=24)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--queued", type=int, default=100_000)
    args = parser.parse_args()
    sites = [slow_site(f"127.0.0.{n + 2}", args.stories, (0.1, 0.3)) for n in range(args.sites)]
    results: dict[int, dict[str, float]] = {}
    cores = os.cpu_count() or 1
    print(f"{cores} cores; load average {os.getloadavg()[0]:.1f} before the run", flush=True)
    try:
        with tempfile.TemporaryDirectory() as folder:
            for workers in [0, *args.workers]:
                results[workers] = got = run(sites, workers, Path(folder))
                label = "local crawl (peer)" if not workers else f"frontier, {workers} worker(s)"
                print(
                    f"{label:24} {got['pages']:5.0f} pages in {got['wall']:6.1f} s = "
                    f"{got['pages'] / got['wall']:5.1f} pages/s; CPU per page: "
                    f"{1000 * got['cpu'] / got['pages']:5.1f} ms crawlers + "
                    f"{1000 * got['redis'] / got['pages']:4.2f} ms Redis; crawlers used "
                    f"{got['cpu'] / got['wall']:.2f} of {cores} cores (load {got['load']:.1f})",
                    flush=True,
                )
    finally:
        for site in sites:
            site.stop()
    summary(results, args.workers, cores)
    per = redis_memory(args.queued)
    print(
        f"Redis memory: {per:.0f} bytes per queued request = "
        f"{per * 100_000 / 2**20:.1f} MiB per 100,000, {per * 1e6 / 2**30:.2f} GiB per million"
    )


if __name__ == "__main__":
    main()
