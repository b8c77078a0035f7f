"""Redis commands per page of one frontier worker, by command, for a code tree.

Crawls 6 sample sites (127.0.0.2-7, 50-100 ms per answer) with one ``newscrawler crawl
--frontier`` process run from ``--tree`` (default: this repository) while Redis MONITOR
counts the commands clients send under the crawl's key prefix (commands that Lua scripts
run inside Redis are not counted: a script call is one round trip). Commands sent in one
pipeline count one each, so round trips are at most this. To compare with another
version, export it and pass its folder: the peer is measured in the same run.

    .venv/bin/python bench/frontier_round_trips.py
    git archive main newscrawler storage | tar -x -C /tmp/main-tree
    .venv/bin/python bench/frontier_round_trips.py --tree /tmp/main-tree --tree .
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.frontier_scaling import (  # noqa: E402
    COMPONENTS,
    REDIS_URL,
    SETTINGS,
    drop_database,
    new_database,
    slow_site,
)


def count_commands(tree: Path) -> tuple[int, Counter[str]]:
    """Pages the sites served, and the Redis commands of one worker crawling them."""
    import redis

    sites = [slow_site(f"127.0.0.{n + 2}", 12, (0.05, 0.1)) for n in range(6)]
    db_url = new_database()
    prefix = f"nc_bench_rtt:{uuid.uuid4().hex[:8]}:"
    settings = {k: json.dumps(v) for k, v in COMPONENTS.items()} | SETTINGS
    settings["FRONTIER_KEY_PREFIX"] = prefix
    command = [sys.executable, "-m", "newscrawler", "crawl", *(s.url for s in sites)]
    command += ["--db", db_url, "--log-level", "WARNING", "--frontier", REDIS_URL]
    command += [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
    counts: Counter[str] = Counter()
    done = threading.Event()

    def watch() -> None:
        with redis.Redis.from_url(REDIS_URL).monitor() as monitor:
            for event in monitor.listen():
                if done.is_set():
                    return
                text = str(event.get("command", ""))
                if prefix in text and event.get("client_type") != "lua":
                    counts[text.split(" ", 1)[0].upper()] += 1

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    time.sleep(1)
    try:
        env = {**os.environ, "PYTHONPATH": str(tree)}
        subprocess.run(command, cwd=tree, env=env, check=True, capture_output=True)
        time.sleep(1)
    finally:
        done.set()
        redis.Redis.from_url(REDIS_URL).ping()  # wakes the monitor up to see it is done
        drop_database(db_url)
        from newscrawler.frontier.keys import connect
        from newscrawler.frontier.status import clear

        clear(connect(REDIS_URL), prefix)
        for site in sites:
            site.stop()
    return sum(len(s.requests) for s in sites), counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, action="append", help="code tree(s) to run")
    args = parser.parse_args()
    per_page = {}
    for tree in args.tree or [REPO]:
        pages, counts = count_commands(tree.resolve())
        per_page[tree] = sum(counts.values()) / pages
        print(f"{tree}: {pages} pages, {per_page[tree]:.2f} Redis commands per page")
        for name, calls in counts.most_common():
            print(f"    {name:10} {calls / pages:5.2f} per page")
    if len(per_page) > 1:
        first, *rest = per_page
        for tree in rest:
            print(f"{tree} vs {first}: {per_page[tree] / per_page[first]:.2f}x the commands")


if __name__ == "__main__":
    main()
