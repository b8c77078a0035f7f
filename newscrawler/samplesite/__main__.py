"""``python -m newscrawler.samplesite --port 8000``: serve the sample site until Ctrl-C."""

from __future__ import annotations

import argparse
import threading

from newscrawler.samplesite.server import start
from newscrawler.samplesite.site import SampleSite


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m newscrawler.samplesite",
        description="Serve the bundled Bengali sample news site. "
        "Example: python -m newscrawler.samplesite --port 8000",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--count", type=int, default=80, help="number of articles")
    args = parser.parse_args(argv)
    if args.count < 4:
        parser.error("--count must be at least 4")
    running = start(SampleSite(seed=args.seed, count=args.count), args.host, args.port)
    print(running.url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()


if __name__ == "__main__":
    main()
