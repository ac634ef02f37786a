"""Make docs/images/cards-a4.png and cards-receipt-80mm.png: survey cards as a demo shop prints them.

A fresh demo shop (fixed day, so the pictures only change when the cards do);
its survey's cards drawn as the Print cards dialog's preview draws them (sample
codes: nothing is issued), written to PDF and rasterised by poppler's
``pdftoppm``: the A4 sheet at 100 dpi, the 80 mm receipt strip at the receipt
printer's 203 dpi (``apt-get install poppler-utils``).

    .venv/bin/python scripts/card-screenshots.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from smallcs import demo
from smallcs.models import Survey
from smallcs.models.connection import close_database, open_database
from smallcs.reports.cards import render_cards
from smallcs.reports.print_run import sample_cards

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"
TODAY = dt.date(2026, 11, 30)
PICTURES = (  # (file, layout, cards, dpi)
    ("cards-a4.png", "a4", 8, 100),
    ("cards-receipt-80mm.png", "receipt-80mm", 1, 203),
)


def main() -> None:
    """Build the demo, draw each layout's page, rasterise it."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm not found: apt-get install poppler-utils")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        open_database(folder / "demo.db")
        try:
            demo.load_demo(months=1, scale=1, today=TODAY)
            survey = Survey.get()
            for name, layout, count, dpi in PICTURES:
                contents, style = sample_cards(survey.id, count=count, language="en")
                pdf = folder / f"{layout}.pdf"
                render_cards(contents, style, layout=layout, output=pdf)
                subprocess.run([pdftoppm, "-r", str(dpi), "-png", "-singlefile", "-f", "1", str(pdf),
                                str(folder / layout)], check=True)
                shutil.copy(folder / f"{layout}.png", OUT / name)
                print(f"wrote {OUT / name} ({(OUT / name).stat().st_size / 1000:.0f} KB)")
        finally:
            close_database()


if __name__ == "__main__":
    main()
