"""CLI start-up: wall and CPU time of ``newscrawler --help``, ``search X``, ``stats`` and ``runs``.

Each command runs as a child process, in interleaved rounds after a warm-up
round (warm page cache and bytecode: ``PYTHONDONTWRITEBYTECODE`` is dropped
from the children's environment); best and median of the rounds are printed.
Peers measured in the same rounds: a bare interpreter (``python -c pass``)
and one importing click, SQLAlchemy, SQLAlchemy's ORM, and psycopg when
``--db`` is PostgreSQL. Ratios are to the floor of any command that opens the
archive: importing SQLAlchemy (and psycopg, for PostgreSQL). That floor is also
timed the way the script runs a brief command (collector off, objects left to
the operating system at exit: ``newscrawler.cli.run``), to show what the
commands cost beyond it on equal terms. ``--before DIR``
also times another checkout (say, the main branch, with its own .venv) for a
before/after, on ``--before-db`` (an archive at that checkout's schema
revision). Targets: search and stats <= 0.4 s wall, --help <= 0.25 s.

    python bench/synthetic_archive.py --db /tmp/small.sqlite --articles 2000
    python bench/cli_startup.py --db /tmp/small.sqlite --before ../main
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"--help": 0.25, "search বৃষ্টি": 0.4, "stats": 0.4}
# Children write and reuse bytecode (a warm start), whatever this shell says.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``command``."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed: {err}")
    if proc.stderr:
        proc.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime


def commands(python: str, db: str) -> dict[str, list[str]]:
    cli = [python, "-m", "newscrawler"]
    return {
        "--help": [*cli, "--help"],
        "search বৃষ্টি": [*cli, "search", "বৃষ্টি", "--db", db],
        "stats": [*cli, "stats", "--db", db],
        "runs": [*cli, "runs", "--db", db],
    }


def floor_of(db: str) -> str:
    """The imports any command opening ``db`` needs: SQLAlchemy, and psycopg for PostgreSQL."""
    return "import sqlalchemy, psycopg" if db.startswith("postgresql") else "import sqlalchemy"


def peers(python: str, db: str) -> dict[str, list[str]]:
    imports = ["pass", "import click", "import sqlalchemy", "import sqlalchemy.orm"]
    if db.startswith("postgresql"):
        imports += ["import psycopg", floor_of(db)]
    imports.append(f"import gc; gc.disable(); {floor_of(db)}; gc.freeze()")
    return {f"python -c '{code}'": [python, "-c", code] for code in imports}


def measure(
    jobs: dict[str, tuple[list[str], Path]], rounds: int
) -> dict[str, list[tuple[float, float]]]:
    """``rounds`` timings of every job, interleaved (one of each per round), after a warm-up."""
    for command, cwd in jobs.values():
        run(command, cwd)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in jobs}
    for _ in range(rounds):
        for name, (command, cwd) in jobs.items():
            times[name].append(run(command, cwd))
    return times


def summary(samples: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """Best wall, median wall, best CPU, median CPU."""
    walls, cpus = [w for w, _ in samples], [c for _, c in samples]
    return min(walls), statistics.median(walls), min(cpus), statistics.median(cpus)


def line(name: str, samples: list[tuple[float, float]], floor: tuple[float, ...], code: str) -> str:
    wall, wall_median, cpu, cpu_median = summary(samples)
    return (
        f"{name:38} wall {wall:.3f} s (median {wall_median:.3f}), "
        f"CPU {cpu:.3f} s (median {cpu_median:.3f}); "
        f"{wall_median / floor[1]:.2f}x wall, {cpu_median / floor[3]:.2f}x CPU of '{code}' "
        "(medians)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="an archive (SQLite file or URL)")
    parser.add_argument("--before", type=Path, help="another checkout to time too")
    parser.add_argument("--before-db", help="the archive for --before [default: --db]")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    db = str(Path(args.db).resolve()) if "://" not in args.db else args.db
    jobs = {name: (c, ROOT) for name, c in peers(sys.executable, db).items()}
    jobs |= {name: (c, ROOT) for name, c in commands(sys.executable, db).items()}
    if args.before is not None:
        other = args.before.resolve()
        python = str(other / ".venv" / "bin" / "python")
        old_db = args.before_db or args.db
        old_db = str(Path(old_db).resolve()) if "://" not in old_db else old_db
        jobs |= {f"before: {n}": (c, other) for n, c in commands(python, old_db).items()}
    load = os.getloadavg()
    times = measure(jobs, args.rounds)
    code = floor_of(db)
    floor = summary(times[f"python -c '{code}'"])
    print(f"{args.rounds} rounds, best and median; ratios of median to median")
    print(f"load average (1, 5, 15 min): before {load}, after {os.getloadavg()}")
    for name, samples in times.items():
        target = TARGETS.get(name)
        print(line(name, samples, floor, code) + (f"  [target {target} s wall]" if target else ""))
    for name in commands(sys.executable, db) if args.before is not None else ():
        now, before = summary(times[name]), summary(times[f"before: {name}"])
        print(
            f"{name:14} before/now, medians: wall {before[1] / now[1]:.2f}x, "
            f"CPU {before[3] / now[3]:.2f}x"
        )


if __name__ == "__main__":
    main()
