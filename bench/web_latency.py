"""Web page and API latency over 50 Bengali queries, against the Python API in the same run.

Starts ``newscrawler serve``'s application on a free port of 127.0.0.1 over an
existing archive (make one with ``bench/synthetic_archive.py``), then for each
query, in alternating order: the search page (``/?q=``), the JSON API
(``/api/search?q=``) and the peer, ``storage.repository.search`` called
directly. Targets: page p95 < 150 ms and <= 1.5x the API call's p95. Then the
CSV download of one query's whole result set, in rows/s, against ``export``'s
CSV writer over the same rows.

    python bench/synthetic_archive.py --db /tmp/web.sqlite --articles 200000
    python bench/web_latency.py --db sqlite:////tmp/web.sqlite
"""

from __future__ import annotations

import argparse
import io
import socket
import sys
import threading
import time
from pathlib import Path

# Run from the repository root, not bench/ (bench/*.py must not shadow packages).
sys.path[0] = str(Path(__file__).resolve().parents[1])

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from bench.search_latency import QUERIES, percentile  # noqa: E402
from newscrawler.web.app import create_app  # noqa: E402
from newscrawler.web.params import PER_PAGE  # noqa: E402
from storage.browse import BrowseFilter, search_page  # noqa: E402
from storage.db import open_archive  # noqa: E402
from storage.export import write_csv  # noqa: E402
from storage.repository import ArticleFilter, iter_articles, search  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def timed_ms(call: object) -> float:
    started = time.perf_counter()
    call()  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--download-query", default="বন্যা")
    args = parser.parse_args()
    db = open_archive(args.db, upgrade=False)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    page_ms, api_ms, peer_ms, same_ms = [], [], [], []
    with httpx.Client(base_url=base, timeout=60) as client, db.read_session() as session:
        client.get("/", params={"q": QUERIES[0]})  # warm caches
        for query in QUERIES:

            def page(q: str = query) -> None:
                assert client.get("/", params={"q": q}).status_code == 200

            def api(q: str = query) -> None:
                assert client.get("/api/search", params={"q": q}).status_code == 200

            def peer(q: str = query) -> None:
                search(session, q, ArticleFilter(), 20)

            def same(q: str = query) -> None:
                search_page(session, BrowseFilter(query=q), 0, PER_PAGE)

            page_ms.append(timed_ms(page))
            api_ms.append(timed_ms(api))
            peer_ms.append(timed_ms(peer))
            same_ms.append(timed_ms(same))
        print(f"{len(QUERIES)} queries, {db.dialect}, {db.url}")
        measured = (
            ("page", page_ms),
            ("HTTP API", api_ms),
            ("search()", peer_ms),
            ("page query", same_ms),
        )
        for name, values in measured:
            print(
                f"{name:>10}: p50 {percentile(values, 50):7.1f} ms  "
                f"p95 {percentile(values, 95):7.1f} ms"
            )
        print("search(): storage.repository.search; page query: the same search, count and facets")
        print(f"page p95 / page query p95: {percentile(page_ms, 95) / percentile(same_ms, 95):.2f}")
        ratio = percentile(page_ms, 95) / percentile(peer_ms, 95)
        print(
            f"page p95 / Python API p95: {ratio:.2f} (target <= 1.5); "
            f"page p95 < 150 ms: {'met' if percentile(page_ms, 95) < 150 else 'NOT met'}"
        )

        started = time.perf_counter()
        response = client.get("/download.csv", params={"q": args.download_query})
        download_s = time.perf_counter() - started
        rows = response.content.count(b"\r\n") - 1  # approximate: bodies may hold CRLF
        filters = ArticleFilter(query=args.download_query)
        started = time.perf_counter()
        out = io.BytesIO()
        write_csv(
            iter_articles(session, filters),
            list(next(iter_articles(session, filters))),
            out,
            excel=True,
        )
        export_s = time.perf_counter() - started
        exported = sum(1 for _ in iter_articles(session, filters))
    print(
        f"download {args.download_query!r}: {exported} rows, {exported / download_s:,.0f} rows/s "
        f"(export's writer: {exported / export_s:,.0f} rows/s, ratio {export_s / download_s:.2f}); "
        f"{len(response.content) / 1e6:.1f} MB, {rows} CRLF lines"
    )
    server.should_exit = True
    db.dispose()


if __name__ == "__main__":
    main()
