"""Time the monthly PDF report at --scale 1 and 10 (and a 10,000-complaint month); print markdown tables.

Demo databases (12 months ending on a fixed day, the same seed) are made once
with ``load_demo`` (what ``smallcs demo`` runs) and kept in ``--cache``; a
third holds three years at scale 10 (months as full, three times the
history: its report should cost what the 12-month one does, since the cost
should grow with the month, not the history); a ``--big`` database holds two
months at scale 100, about 10,000 complaints each.
Each run, in turn for every database (the order rotates from run to run):

- the report: ``build_monthly_report`` (what ``smallcs report`` calls) for the
  last month of the history, in-process, split into gathering the figures
  (``report_data.gather``) and laying out the PDF;
- the month's headline figures: ``metrics.monthly_summary`` (the report's
  first call), against the floor: plain ``sqlite3`` aggregates over the same
  rows (one query over the complaints and one over the survey answers of the
  month and the month before, which ``monthly_summary`` also reads);
- ``smallcs report`` as a command, in a child process (start-up included).

    .venv/bin/python bench/bench_report.py [--runs 5] [--big] [--cache DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from smallcs import demo, metrics, settings
from smallcs.metrics import Period
from smallcs.models.connection import close_database, open_database
from smallcs.reports import monthly, report_data

TODAY = dt.date(2026, 11, 30)  # the history ends here, so November 2026 is whole
MONTH = "2026-11"
NOW = dt.datetime(2026, 12, 1, 9, 0)  # naive UTC: when the report is asked for
SMALLCS = Path(sys.executable).with_name("smallcs")
LONG_HISTORY = "scale 10, 36 months"

COMPLAINTS_SQL = """
SELECT received_at >= :start AS this_month, count(*),
       sum(resolved_at IS NOT NULL),
       avg((julianday(resolved_at) - julianday(received_at)) * 24),
       avg((julianday(first_response_at) - julianday(received_at)) * 24),
       sum(resolved_at_first_contact), sum(resolved_at <= due_at), sum(reopen_count > 0)
FROM complaint WHERE received_at >= :before AND received_at < :end GROUP BY 1
"""
ANSWERS_SQL = """
SELECT submitted_at >= :start AS this_month, count(nps), sum(nps >= 9), sum(nps <= 6),
       count(csat), sum(csat >= 4), avg(csat), count(ces), avg(ces)
FROM survey_response WHERE submitted_at >= :before AND submitted_at < :end GROUP BY 1
"""



def build_database(path: Path, *, scale: float, months: int) -> float:
    """A demo history in a new SQLite file at ``path``; seconds it took."""
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    open_database(partial)
    try:
        start = time.perf_counter()
        demo.load_demo(months=months, scale=scale, today=TODAY)
        seconds = time.perf_counter() - start
    finally:
        close_database()
    os.replace(partial, path)
    return seconds


def prepare(cache: Path, *, big: bool) -> dict[str, Path]:
    """The databases to time, made in ``cache`` when missing."""
    cache.mkdir(parents=True, exist_ok=True)
    wanted = {"scale 1": (1.0, 12), "scale 10": (10.0, 12), LONG_HISTORY: (10.0, 36)}
    if big:
        wanted["scale 100 (2 months)"] = (100.0, 2)
    paths = {}
    for name, (scale, months) in wanted.items():
        path = cache / f"report-scale{scale:g}-months{months}.db"
        if not path.exists():
            seconds = build_database(path, scale=scale, months=months)
            print(f"made {path.name} in {seconds:.1f} s", file=sys.stderr)
        paths[name] = path
    return paths


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def floor_queries(raw: sqlite3.Connection, period: Period) -> None:
    """The plain aggregates over the month and the month before."""
    bounds = {"before": str(period.previous().start), "start": str(period.start), "end": str(period.end)}
    raw.execute(COMPLAINTS_SQL, bounds).fetchall()
    raw.execute(ANSWERS_SQL, bounds).fetchall()


class Subject:
    """One database and everything timed on it."""

    def __init__(self, name: str, path: Path, out: Path) -> None:
        self.name = name
        self.path = path
        self.out = out
        self.times: dict[str, list[float]] = {}
        self.rows: dict[str, int] = {}
        self.pdf_bytes = 0
        self.pdf_pages = 0

    def note(self, key: str, value: float) -> None:
        self.times.setdefault(key, []).append(value)

    def median(self, key: str) -> float:
        return statistics.median(self.times[key])

    def run_once(self, *, repeats: int, subprocess_too: bool) -> None:
        open_database(self.path)
        try:
            period = monthly.report_month(MONTH, now=NOW)
            if not self.rows:
                self.count_rows(period)
            profile = settings.get_profile()
            raw = sqlite3.connect(self.path)
            try:
                # Alternate the floor and SmallCS, ``repeats`` times each; keep the medians.
                floor, summary = [], []
                for _ in range(repeats):
                    floor.append(seconds(lambda: floor_queries(raw, period)))
                    summary.append(seconds(lambda: metrics.monthly_summary(period)))
                self.note("floor", statistics.median(floor))
                self.note("summary", statistics.median(summary))
            finally:
                raw.close()
            data: list[report_data.ReportData] = []
            self.note("gather", seconds(lambda: data.append(report_data.gather(
                period, profile=profile, now=NOW, generated_by="", include_staff=True,
                include_comments=True, progress=lambda _p, _w: None))))
            pdf = self.out / f"{self.path.stem}.pdf"
            self.note("render", seconds(lambda: monthly.render(data[0], pdf, progress=lambda _p, _w: None)))
            self.note("report", seconds(lambda: monthly.build_monthly_report(MONTH, pdf, actor=None, now=NOW)))
            self.pdf_bytes = pdf.stat().st_size
            self.pdf_pages = pages(pdf)
        finally:
            close_database()
        if subprocess_too:
            pdf = self.out / f"{self.path.stem}-cli.pdf"
            self.note("command", seconds(lambda: subprocess.run(
                [str(SMALLCS), "report", "--db", str(self.path), "--month", MONTH, "-o", str(pdf)],
                check=True, stdout=subprocess.DEVNULL)))

    def count_rows(self, period: Period) -> None:
        raw = sqlite3.connect(self.path)
        try:
            bounds = (str(period.start), str(period.end))
            self.rows["complaints (all)"] = raw.execute("SELECT count(*) FROM complaint").fetchone()[0]
            self.rows["complaints"] = raw.execute(
                "SELECT count(*) FROM complaint WHERE received_at >= ? AND received_at < ?", bounds).fetchone()[0]
            self.rows["answers"] = raw.execute(
                "SELECT count(*) FROM survey_response WHERE submitted_at >= ? AND submitted_at < ?",
                bounds).fetchone()[0]
        finally:
            raw.close()


def pages(pdf: Path) -> int:
    """Pages of a PDF (reportlab writes one ``/Type /Page`` object a page)."""
    return len(re.findall(rb"/Type /Page(?![a-zA-Z])", pdf.read_bytes()))


def main() -> None:
    """Build or reuse the databases, run the timings and print the tables."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5, help="metrics vs floor pairs within each run")
    parser.add_argument("--big", action="store_true", help="also a month with about 10,000 complaints")
    parser.add_argument("--no-command", action="store_true", help="skip the `smallcs report` child process")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "smallcs-bench")
    args = parser.parse_args()
    paths = prepare(args.cache, big=args.big)
    with tempfile.TemporaryDirectory() as tmp:
        subjects = [Subject(name, path, Path(tmp)) for name, path in paths.items()]
        for subject in subjects:  # warm up: imports, fonts, the file cache; not counted
            subject.run_once(repeats=1, subprocess_too=False)
            subject.times.clear()
        for run in range(args.runs):
            shift = run % len(subjects)
            for subject in subjects[shift:] + subjects[:shift]:
                subject.run_once(repeats=args.repeats, subprocess_too=not args.no_command)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
        print_tables(subjects, runs=args.runs, command=not args.no_command)


def paired(subject: Subject, base: Subject) -> float:
    """The median over runs of the report's time on ``subject`` ÷ on ``base`` in the same run."""
    return statistics.median(a / b for a, b in zip(subject.times["report"], base.times["report"], strict=True))


def print_tables(subjects: list[Subject], *, runs: int, command: bool) -> None:
    base = subjects[0]
    print(f"\nReport for {MONTH}, medians of {runs} runs ({dt.date.today()})\n")
    print("| database | complaints (all) | complaints in month | answers in month | report (in-process) "
          "| gather | layout | `smallcs report` | in-process ÷ scale 1 (paired) | PDF |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in subjects:
        cmd = f"{s.median('command'):.2f} s" if command else "–"
        print(f"| {s.name} | {s.rows['complaints (all)']:,} | {s.rows['complaints']:,} | {s.rows['answers']:,} "
              f"| {s.median('report'):.2f} s | {s.median('gather'):.2f} s | {s.median('render'):.2f} s | {cmd} "
              f"| {paired(s, base):.2f}x | {s.pdf_bytes / 1024:.0f} KB, {s.pdf_pages} pages |")
    print("\nHeadline figures of the month (`metrics.monthly_summary`) against plain sqlite3 aggregates\n")
    print("| database | floor (2 sqlite3 queries) | monthly_summary | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for s in subjects:
        floor, summary = s.median("floor"), s.median("summary")
        print(f"| {s.name} | {floor * 1000:.2f} ms | {summary * 1000:.1f} ms | {summary / floor:.0f}x |")
    by_name = {s.name: s for s in subjects}
    print(f"\n{LONG_HISTORY} ÷ scale 10, paired: {paired(by_name[LONG_HISTORY], by_name['scale 10']):.2f}x"
          " (three times the history, months as full)\n")
    for s in subjects:
        runs_text = ", ".join(f"{v:.2f}" for v in s.times["report"])
        print(f"{s.name}: report runs (s): {runs_text}")


if __name__ == "__main__":
    main()
