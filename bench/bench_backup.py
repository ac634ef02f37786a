"""Time a backup of a --scale 10 database and how long writers wait meanwhile; print markdown tables.

The database is a 12-month ``--scale 10`` demo (made once with ``load_demo``,
what ``smallcs demo`` runs, and kept in ``--cache``). A probe logs a phone
complaint through the service layer (``create_complaint``, its own write
transaction, as the counter does) every ``--interval`` ms for the whole run and
records how long each save took. Meanwhile the bench alternates: a quiet spell
(the probe alone: the baseline) then ``backup.write_backup`` (copy, integrity
check, rename, audit event), ``--runs`` times. Probe saves that start during a
backup are compared with those that start in a quiet spell, in the same run.

The probe runs in another process by default (another counter PC, or the
survey server, sharing the file); ``--probe thread`` runs it on a thread of the
process that backs up, as the desktop app does (the backup runs on a worker).

    .venv/bin/python bench/bench_backup.py [--runs 5] [--probe process|thread] [--cache DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Protocol

TODAY = dt.date(2026, 11, 30)


class Flag(Protocol):
    """A threading or multiprocessing Event."""

    def set(self) -> None: ...
    def is_set(self) -> bool: ...
    def wait(self, timeout: float | None = None) -> bool: ...


def build_database(path: Path, *, scale: float) -> float:
    """A 12-month demo history at ``scale`` in a new SQLite file; seconds it took."""
    from smallcs import demo
    from smallcs.models.connection import close_database, open_database

    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    open_database(partial)
    try:
        start = time.perf_counter()
        demo.load_demo(months=12, scale=scale, today=TODAY)
        seconds = time.perf_counter() - start
    finally:
        close_database()
    os.replace(partial, path)
    return seconds


def probe_loop(path: Path | None, *, interval: float, stop: Flag, ready: Flag,
               out: list[tuple[float, float]]) -> None:
    """Save a complaint every ``interval`` s until ``stop`` is set; note (start, seconds) of each.

    ``path``: open the database first (a process); None: use the one already
    open (a thread: peewee gives it its own connection).
    """
    from smallcs import complaints
    from smallcs.models import Category, Staff
    from smallcs.models.connection import open_database
    from smallcs.models.enums import Channel

    if path is not None:
        open_database(path)
    actor = Staff.get(Staff.role == "owner")
    category_id = Category.select(Category.id).order_by(Category.id).scalar()

    def save() -> None:
        complaints.create_complaint(actor, channel=Channel.PHONE, category_id=category_id,
                                    summary="Probe: the card machine declined twice")

    save()  # warm up: imports, first statements
    ready.set()
    next_at = time.monotonic()
    while not stop.is_set():
        start = time.monotonic()
        save()
        out.append((start, time.monotonic() - start))
        next_at += interval
        pause = next_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        else:
            next_at = time.monotonic()


def _probe_process(path: str, interval: float, stop: Flag, ready: Flag, result: str) -> None:
    out: list[tuple[float, float]] = []
    probe_loop(Path(path), interval=interval, stop=stop, ready=ready, out=out)
    Path(result).write_text(json.dumps(out))


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(fraction * len(ordered) + 0.999999) - 1))]


class StepCounter:
    """``backup._copy`` as it was before issue #7's fix: ``pages`` at a time, counting restarts.

    Gives up (the copy fails, the backup is not written) after ``cap`` seconds.
    """

    def __init__(self, pages: int, cap: float) -> None:
        self.pages = pages
        self.cap = cap
        self.restarts: list[int] = []
        self.gave_up = 0

    def __call__(self, source: Path, destination: Path) -> None:
        restarts, last, deadline = 0, -1, time.monotonic() + self.cap

        def progress(_status: int, remaining: int, _total: int) -> None:
            nonlocal restarts, last
            if remaining > last >= 0:
                restarts += 1
            last = remaining
            if time.monotonic() > deadline:
                raise TimeoutError

        src = sqlite3.connect(source, timeout=30)
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst, pages=self.pages, progress=progress)
        except TimeoutError:
            self.gave_up += 1
            raise OSError(f"gave up after {self.cap:g} s") from None
        finally:
            self.restarts.append(restarts)
            dst.close()
            src.close()


def main() -> None:
    """Run the backups with the probe and print the tables."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="backups of each kind (each after a quiet spell)")
    parser.add_argument("--quiet", type=float, default=2.0, help="seconds of probe alone before each backup")
    parser.add_argument("--interval", type=float, default=20.0, help="ms between the probe's saves")
    parser.add_argument("--probe", choices=("process", "thread"), default="process")
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--stepped", type=int, default=1024,
                        help="also time the copy in steps of this many pages (before the fix); 0: skip")
    parser.add_argument("--cap", type=float, default=30.0, help="give a stepped copy up after this many s")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "smallcs-bench")
    args = parser.parse_args()

    args.cache.mkdir(parents=True, exist_ok=True)
    pristine = args.cache / f"report-scale{args.scale:g}-months12.db"  # shared with bench_report.py
    if not pristine.exists():
        print(f"made {pristine.name} in {build_database(pristine, scale=args.scale):.1f} s", file=sys.stderr)

    from smallcs import backup
    from smallcs.errors import ValidationError
    from smallcs.models.connection import close_database, open_database

    current_copy = backup._copy
    stepped = StepCounter(args.stepped, args.cap) if args.stepped else None
    kinds = ["SmallCS (one step)"] + ([f"steps of {args.stepped} pages (before)"] if stepped else [])
    spans: dict[str, list[tuple[float, float]]] = {"quiet": [], **{k: [] for k in kinds}}
    failed: dict[str, int] = {k: 0 for k in kinds}
    sizes: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "shop.db"
        # A copy, so the probe's complaints never reach the cached database.
        open_database(pristine)
        backup.write_backup(db, actor=None)
        close_database()
        open_database(db)
        db_bytes = db.stat().st_size
        interval = args.interval / 1000
        samples: list[tuple[float, float]] = []
        result = folder / "probe.json"
        worker: threading.Thread | multiprocessing.Process
        if args.probe == "thread":
            stop: Flag = threading.Event()
            ready: Flag = threading.Event()
            worker = threading.Thread(target=probe_loop, args=(None,), kwargs={
                "interval": interval, "stop": stop, "ready": ready, "out": samples})
        else:
            # spawn: a fresh interpreter, nothing inherited from this one's open database.
            context = multiprocessing.get_context("spawn")
            stop, ready = context.Event(), context.Event()
            worker = context.Process(target=_probe_process, args=(str(db), interval, stop, ready, str(result)))
        worker.start()
        if not ready.wait(60):
            raise SystemExit("the probe did not start")
        try:
            for run in range(args.runs):
                for kind in kinds if run % 2 == 0 else kinds[::-1]:
                    start = time.monotonic()
                    time.sleep(args.quiet)
                    spans["quiet"].append((start, time.monotonic()))
                    backup._copy = current_copy if kind == kinds[0] else stepped  # type: ignore[assignment]
                    target = folder / f"backup-{run}.db"
                    start = time.monotonic()
                    try:
                        sizes.append(backup.write_backup(target, actor=None).size_bytes)
                    except ValidationError:
                        failed[kind] += 1
                    spans[kind].append((start, time.monotonic()))
                    target.unlink(missing_ok=True)
                    print(f"{kind} {run + 1}/{args.runs}: {spans[kind][-1][1] - spans[kind][-1][0]:.2f} s",
                          file=sys.stderr)
        finally:
            backup._copy = current_copy
            stop.set()
            worker.join()
        if args.probe == "process":
            samples = [(at, lat) for at, lat in json.loads(result.read_text())]
        close_database()

    def inside(at: float, windows: list[tuple[float, float]]) -> bool:
        return any(a <= at < b for a, b in windows)

    print(f"\nBackup of a --scale {args.scale:g} database ({db_bytes / 1e6:.1f} MB, backup file"
          f" {statistics.median(sizes) / 1e6:.1f} MB), {args.runs} backups of each kind alternating,"
          f" a save every {args.interval:g} ms from a {args.probe} ({dt.date.today()})\n")
    print("| backup | median | runs (s) | restarts of the copy | gave up |")
    print("| --- | ---: | --- | --- | ---: |")
    for kind in kinds:
        took = [b - a for a, b in spans[kind]]
        restarts = "0 (one step)" if kind == kinds[0] else ", ".join(map(str, stepped.restarts))  # type: ignore[union-attr]
        print(f"| {kind} | {statistics.median(took):.2f} s | {', '.join(f'{t:.2f}' for t in took)} | {restarts} "
              f"| {failed[kind]} |")
    print("\n| probe saves (create_complaint) | n | p50 | p99 | max | over 100 ms | p99 ÷ baseline |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    alone = [lat for at, lat in samples if inside(at, spans["quiet"])]
    for kind in ["quiet", *kinds]:
        values = [lat for at, lat in samples if inside(at, spans[kind])]
        name = "no backup running (baseline)" if kind == "quiet" else f"during a backup: {kind}"
        if not values:
            print(f"| {name} | 0 | – | – | – | – | – |")
            continue
        print(f"| {name} | {len(values)} | {percentile(values, 0.5) * 1000:.1f} ms "
              f"| {percentile(values, 0.99) * 1000:.1f} ms | {max(values) * 1000:.1f} ms "
              f"| {sum(v > 0.1 for v in values)} | {percentile(values, 0.99) / percentile(alone, 0.99):.2f}x |")


if __name__ == "__main__":
    main()
