"""Reading rendered PDFs back: text and sizes with pypdf, QR codes with zxing-cpp on pages rasterised
by pypdfium2 (quick) or by poppler's pdftoppm (as a printer driver would, at the printer's resolution)."""

from __future__ import annotations

import secrets
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import zxingcpp

from tests.reports import poppler

BASE_URL = "http://192.168.1.20:8765"


def card_url() -> str:
    """A URL shaped like a real card's: base URL, /s/, a 22-character token."""
    return f"{BASE_URL}/s/{secrets.token_urlsafe(16)}"


def decode_page(path: Path, index: int, *, dpi: float) -> list[str]:
    """The texts of every QR code a real reader finds on one page rasterised at ``dpi``."""
    document = pdfium.PdfDocument(str(path))
    try:
        image = document[index].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def decode_printed_page(path: Path, index: int, *, dpi: int) -> list[str]:
    """The texts of every QR code a real reader finds on one page as pdftoppm rasterises it at ``dpi``
    in grey (300 for a sheet, 203 for a receipt printer): the closest we get here to paper."""
    return [result.text for result in zxingcpp.read_barcodes(poppler.page_image(path, index, dpi=dpi))]


def page_text(path: Path) -> str:
    """All text pypdf extracts, page after page."""
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def page_sizes(path: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points."""
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in pypdf.PdfReader(path).pages]


def uses_images(path: Path) -> bool:
    """Whether any page, or a form a page draws, uses a raster image."""
    def walk(resources: object) -> bool:
        xobjects = resources.get("/XObject", {}) if isinstance(resources, dict) else {}
        for ref in xobjects.values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image" or walk(xobject.get("/Resources", {})):
                return True
        return False
    return any(walk(page.get("/Resources", {})) for page in pypdf.PdfReader(path).pages)
