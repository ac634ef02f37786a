"""Start-up to a usable main window on a --scale 10 demo database, against the floor.

The floor is a bare PySide6 window that opens and closes, run in the same loop,
alternating with SmallCS so machine noise hits both alike. Reports the median
wall time of each, their ratio (target: at most 3x) and SmallCS's peak RSS
(target: at most 200 MB).

    .venv/bin/python bench/bench_startup.py [--runs 7] [--db EXISTING_DEMO_DB]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROBE = HERE / "startup_probe.py"


def child_environment(config_home: str) -> dict[str, str]:
    """As on a shop's PC: bytecode caches allowed (pip writes them at install time;
    this machine's PYTHONDONTWRITEBYTECODE would recompile every module each run),
    and a fresh settings folder so the window opens on its first page."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "XDG_CONFIG_HOME": config_home}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed_child(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(PROBE), *args], env=env)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"probe {args[0]} failed with exit code {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def make_demo(path: Path, scale: float) -> float:
    start = time.perf_counter()
    smallcs = Path(sys.executable).with_name("smallcs")
    subprocess.run([str(smallcs), "demo", "--db", str(path), "--scale", str(scale)],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, help="an existing demo database (owner / demo-owner)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "scale10.db"
            seconds = make_demo(db, 10)
            print(f"made a --scale 10 demo database in {seconds:.1f} s")
        env = child_environment(tmp)
        floor: list[float] = []
        times: dict[str, list[float]] = {"app": [], "app-pg": []}
        rss: dict[str, list[float]] = {"app": [], "app-pg": []}
        login = [str(db), "owner", "demo-owner"]
        timed_child(["bare"], env)  # warm the file and bytecode caches for all
        for kind in times:
            timed_child([kind, *login], env)
        for _ in range(args.runs):
            floor.append(timed_child(["bare"], env)[0])
            for kind in times:
                seconds, peak = timed_child([kind, *login], env)
                times[kind].append(seconds)
                rss[kind].append(peak)
    f = statistics.median(floor)
    a, pg = statistics.median(times["app"]), statistics.median(times["app-pg"])
    print("| what | median wall time | ÷ floor | peak RSS |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| bare PySide6 window (floor) | {f:.3f} s | 1.00x | |")
    print(f"| SmallCS main window, scale 10 (SQLite install) | {a:.3f} s | {a / f:.2f}x (target <= 3x) "
          f"| {max(rss['app']):.0f} MB |")
    print(f"| the same with the PostgreSQL driver installed | {pg:.3f} s | {pg / f:.2f}x "
          f"| {max(rss['app-pg']):.0f} MB |")


if __name__ == "__main__":
    main()
