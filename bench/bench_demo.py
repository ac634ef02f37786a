"""Time ``load_demo`` at scale 1 and 10 on fresh SQLite files; print a markdown table.

Each run opens a new temporary database (migrations applied, not timed), loads
12 months of demo data for a fixed day and seed, and closes it. Reports the
median wall time of the runs for each scale.

    .venv/bin/python bench/bench_demo.py [--runs 3] [--scales 1 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from smallcs import demo
from smallcs.models.connection import close_database, open_database

TODAY = dt.date(2026, 11, 24)


def timed_load(folder: Path, scale: float, run: int) -> tuple[float, demo.DemoSummary]:
    """Seconds for one ``load_demo`` on a brand-new database file, and what it added."""
    open_database(folder / f"scale{scale:g}-run{run}.db")
    try:
        start = time.perf_counter()
        summary = demo.load_demo(scale=scale, today=TODAY)
        return time.perf_counter() - start, summary
    finally:
        close_database()


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0])
    args = parser.parse_args()
    print("| scale | complaints | steps | cards | responses | median s | runs (s) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            results = [timed_load(Path(tmp), scale, run) for run in range(args.runs)]
            seconds = [s for s, _summary in results]
            summary = results[0][1]
            runs = ", ".join(f"{s:.2f}" for s in seconds)
            print(f"| {scale:g} | {summary.complaints} | {summary.steps} | {summary.cards} |"
                  f" {summary.responses} | {statistics.median(seconds):.2f} | {runs} |")


if __name__ == "__main__":
    main()
