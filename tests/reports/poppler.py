"""Reading PDFs back with poppler, as a desktop PDF viewer shows them: words with their boxes, and pages as pixels.

pdftotext and pdftoppm come from Debian's poppler-utils, which
``scripts/ensure-poppler`` installs (``./test`` runs it first).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
_XHTML = "{http://www.w3.org/1999/xhtml}"


def ensure_poppler() -> None:
    """Install poppler-utils when pdftotext or pdftoppm is missing; fail (never skip) when that cannot be done."""
    done = subprocess.run([ROOT / "scripts" / "ensure-poppler"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip() or "scripts/ensure-poppler failed")


@dataclass(frozen=True)
class Word:
    """One word as pdftotext finds it: its page (from 0) and box in points, origin at the page's top left."""

    text: str
    page: int
    left: float
    top: float
    right: float
    bottom: float


def text(path: Path) -> str:
    """All of the PDF's text as pdftotext reads it, in reading order."""
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def words(path: Path) -> list[Word]:
    """Every word pdftotext finds, page after page."""
    # errors="replace": poppler copies the PDF's metadata (an author with an emoji) into the XHTML head
    # as bytes that are not always valid UTF-8; the words themselves are.
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True,
                           text=True, errors="replace").stdout
    found = []
    for page, element in enumerate(ElementTree.fromstring(xhtml).iter(f"{_XHTML}page")):
        found += [Word(w.text or "", page, float(w.attrib["xMin"]), float(w.attrib["yMin"]),
                       float(w.attrib["xMax"]), float(w.attrib["yMax"]))
                  for w in element.iter(f"{_XHTML}word")]
    return found


def page_image(path: Path, page: int, *, dpi: int) -> Image.Image:
    """Page ``page`` (from 0) rasterised by pdftoppm, in grey."""
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "page"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", str(page + 1),
                        "-l", str(page + 1), str(path), str(stem)], check=True, capture_output=True)
        with Image.open(stem.with_suffix(".png")) as image:
            return image.convert("L")
