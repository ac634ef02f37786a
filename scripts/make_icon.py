"""Render resources/icons/smallcs.svg into the bundle's icon files (build/icon/).

PyInstaller wants an .ico on Windows (and uses a .png elsewhere); the SVG is the
one source, so the icons are made from it at build time rather than committed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int, target: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"could not write {target}")


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    out = root / "build" / "icon"
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs it
    pngs = []
    for size in SIZES:
        target = out / f"smallcs-{size}.png"
        render(root / "resources" / "icons" / "smallcs.svg", size, target)
        pngs.append(target)
    largest = Image.open(pngs[-1])
    largest.save(out / "smallcs.ico", sizes=[(s, s) for s in SIZES])
    largest.save(out / "smallcs.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
