"""CLI start-up: wall and CPU time of ``newscrawler --help``, ``search X`` and ``stats``.

Each command runs as a child process several times (best of N, warm cache);
peer measured in the same run: a bare interpreter importing SQLAlchemy's ORM
(the floor of any command that opens the archive). ``--before DIR`` also times
another checkout (say, the main branch, with its own .venv) for a before/after,
on ``--before-db`` (an archive at that checkout's schema revision).
Targets: search and stats <= 0.4 s wall, --help <= 0.25 s.

    python bench/synthetic_archive.py --db /tmp/small.sqlite --articles 2000
    (cd ../main && .venv/bin/python bench/synthetic_archive.py --db /tmp/old.sqlite --articles 2000)
    python bench/cli_startup.py --db /tmp/small.sqlite --before ../main --before-db /tmp/old.sqlite
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], cwd: Path, rounds: int) -> tuple[float, float]:
    """Best wall seconds and best CPU seconds (user + system) of ``command``."""
    walls, cpus = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - started)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if status != 0:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"{' '.join(command)} failed: {err}")
    return min(walls), min(cpus)


def commands(python: str, db: str) -> dict[str, list[str]]:
    cli = [python, "-m", "newscrawler"]
    return {
        "--help": [*cli, "--help"],
        "search বৃষ্টি": [*cli, "search", "বৃষ্টি", "--db", db],
        "stats": [*cli, "stats", "--db", db],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="an archive (SQLite file or URL)")
    parser.add_argument("--before", type=Path, help="another checkout to time too")
    parser.add_argument("--before-db", help="the archive for --before [default: --db]")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    db = str(Path(args.db).resolve()) if "://" not in args.db else args.db
    floor = timed([sys.executable, "-c", "import sqlalchemy.orm"], ROOT, args.rounds)
    print(f"peer: python -c 'import sqlalchemy.orm': {floor[0]:.3f} s wall, {floor[1]:.3f} s CPU")
    targets = {"--help": 0.25, "search বৃষ্টি": 0.4, "stats": 0.4}
    now = {k: timed(c, ROOT, args.rounds) for k, c in commands(sys.executable, db).items()}
    before = {}
    if args.before is not None:
        other = args.before.resolve()
        python = str(other / ".venv" / "bin" / "python")
        old_db = str(Path(args.before_db).resolve()) if args.before_db else db
        before = {k: timed(c, other, args.rounds) for k, c in commands(python, old_db).items()}
    for name, (wall, cpu) in now.items():
        line = f"{name:14} {wall:.3f} s wall, {cpu:.3f} s CPU (target {targets[name]} s wall)"
        line += f", {wall / floor[0]:.1f}x the peer"
        if name in before:
            line += f"; before {before[name][0]:.3f} s wall, {before[name][1]:.3f} s CPU"
        print(line)


if __name__ == "__main__":
    main()
