"""Make docs/images/report-N.png: the pages of a demo shop's monthly report.

A fresh ``--scale 1`` demo year (fixed day and seed, so the pictures only
change when the report does), the report for its last complete month as the
owner gets it (``smallcs report``), each page rasterised by poppler's
``pdftoppm`` at 75 dpi (``apt-get install poppler-utils``).

    .venv/bin/python scripts/report-screenshots.py [--dpi 75] [--keep-pdf FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from smallcs import demo, metrics
from smallcs.models.connection import close_database, open_database
from smallcs.reports.monthly import build_monthly_report

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"
TODAY = dt.date(2026, 11, 30)  # the demo's last day: November 2026 is its last complete month
NOW = dt.datetime(2026, 12, 1, 9, 0)  # naive UTC: when the owner asks for the report
MAX_PAGES = 6
MAX_BYTES = 250_000


def main() -> None:
    """Build the demo, write the report, rasterise its pages."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dpi", type=int, default=75)
    parser.add_argument("--keep-pdf", type=Path, help="also copy the PDF here")
    args = parser.parse_args()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm not found: apt-get install poppler-utils")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        open_database(folder / "demo.db")
        try:
            demo.load_demo(months=12, scale=1, today=TODAY)
            month = metrics.last_complete_month(NOW)
            pdf = build_monthly_report(month.label, folder / "report.pdf", actor=None, now=NOW)
        finally:
            close_database()
        if args.keep_pdf:
            shutil.copy(pdf, args.keep_pdf)
        subprocess.run([pdftoppm, "-r", str(args.dpi), "-png", "-l", str(MAX_PAGES), str(pdf),
                        str(folder / "page")], check=True)
        pages = sorted(folder.glob("page-*.png"))
        for old in OUT.glob("report-*.png"):
            old.unlink()
        for number, page in enumerate(pages, start=1):
            target = OUT / f"report-{number}.png"
            shutil.copy(page, target)
            size = target.stat().st_size
            flag = "" if size < MAX_BYTES else f"  (over {MAX_BYTES // 1000} KB)"
            print(f"wrote {target} ({size / 1000:.0f} KB){flag}")


if __name__ == "__main__":
    main()
