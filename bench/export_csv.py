"""Export speed and peak memory: ``newscrawler export --format csv`` against the database's own.

Peers: ``sqlite3 -csv`` on SQLite; on PostgreSQL, ``COPY (SELECT ...) TO STDOUT
WITH CSV`` streamed by psycopg. Both dump the same columns of the same archive
in one run; each runs as a child process so its peak RSS can be read from the
kernel. Targets: at least 0.5x sqlite3 and 0.8x COPY; peak RSS under 300 MB.

    python bench/synthetic_archive.py --db /tmp/bench.sqlite --articles 200000
    python bench/export_csv.py --db /tmp/bench.sqlite
    python bench/export_csv.py --db postgresql+psycopg://postgres@127.0.0.1/bench
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLUMNS = ["url", "canonical_url", "title", "body", "published_at", "fetched_at"]
SQL = (
    "SELECT url, canonical_url, title, body, published_at, fetched_at FROM articles "
    "WHERE duplicate_of_id IS NULL ORDER BY id"
)


def timed(command: list[str], stdout: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of a child process writing to ``stdout``.

    CPU time (user + system) is what other jobs on a shared machine disturb least.
    """
    started = time.perf_counter()
    with stdout.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(
            f"{command[0]} failed: {proc.stderr.read().decode() if proc.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


PG_PEER = """
import sys, psycopg
with psycopg.connect(sys.argv[1]) as conn, conn.cursor() as cur:
    with cur.copy("COPY (" + sys.argv[2] + ") TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
        for block in copy:
            sys.stdout.buffer.write(block)
"""


def count_rows(db: str) -> int:
    where = "SELECT count(*) FROM articles WHERE duplicate_of_id IS NULL"
    if "://" not in db or db.startswith("sqlite"):
        return int(sqlite3.connect(db.removeprefix("sqlite:///")).execute(where).fetchone()[0])
    import psycopg

    with psycopg.connect(libpq_url(db)) as conn:
        return int(conn.execute(where).fetchone()[0])  # type: ignore[index]


def libpq_url(db: str) -> str:
    return db.replace("postgresql+psycopg://", "postgresql://")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="archive made by synthetic_archive.py")
    args = parser.parse_args()
    postgres = args.db.startswith("postgresql")
    if not postgres and shutil.which("sqlite3") is None:
        raise SystemExit("sqlite3 (the command-line shell) is needed as the peer")
    rows = count_rows(args.db)
    with tempfile.TemporaryDirectory() as tmp:
        ours_out, peer_out = Path(tmp) / "ours.csv", Path(tmp) / "peer.csv"
        ours_cmd = [
            sys.executable,
            "-m",
            "newscrawler",
            "export",
            "--db",
            args.db,
            "--format",
            "csv",
            "--out",
            "-",
            "--columns",
            ",".join(COLUMNS),
        ]
        peer_cmd = ["sqlite3", "-csv", "-header", args.db, SQL]
        if postgres:
            peer_cmd = [sys.executable, "-c", PG_PEER, libpq_url(args.db), SQL]
        peer_name = "COPY TO STDOUT" if postgres else "sqlite3 -csv"
        # Best of three each, interleaved, so both run on a warm page cache.
        runs = [(timed(peer_cmd, peer_out), timed(ours_cmd, ours_out)) for _ in range(3)]
        peer_s, peer_mb, _ = min(r[0] for r in runs)
        ours_s, ours_mb, _ = min(r[1] for r in runs)
        peer_cpu = min(r[0][2] for r in runs)
        ours_cpu = min(r[1][2] for r in runs)
        size = ours_out.stat().st_size / 1e6
    print(f"archive: {rows:,} articles; CSV {size:,.0f} MB")
    print(f"newscrawler export: {rows / ours_s:,.0f} rows/s, peak RSS {ours_mb:,.0f} MB")
    print(f"{peer_name}: {rows / peer_s:,.0f} rows/s, peak RSS {peer_mb:,.0f} MB")
    target = 0.8 if postgres else 0.5
    print(f"speed ratio (ours/{peer_name}): {peer_s / ours_s:.2f} (target >= {target})")
    print(f"CPU time ratio ({peer_name}/ours): {peer_cpu / ours_cpu:.2f} (client CPU only)")


if __name__ == "__main__":
    main()
