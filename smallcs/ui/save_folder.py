"""Where a chooser opens: the folder this kind of file was last saved to, else Documents.

A shop keeps its receipts, card sheets and reports in a folder of its own (often on
a USB stick); the chooser goes back there instead of the home folder or the
working directory. The folder is remembered in QSettings (this computer and
user), per kind of file, and the last folder used for any kind stands in for a
kind not saved yet. A remembered folder that is gone (the stick is out) is
skipped.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

log = logging.getLogger(__name__)

_GROUP = "saveFolders"
_ANY_KIND = "any"


def documents_folder() -> Path:
    """The user's Documents folder, created if the profile has none yet (home if it cannot be)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if not documents:
        return Path.home()
    folder = Path(documents)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.info("No Documents folder (%s): choosers open in the home folder", exc)
        return Path.home()
    return folder


def start_folder(kind: str) -> Path:
    """The folder to open a save chooser for ``kind`` (e.g. "receipt") in."""
    settings = QSettings()
    for key in (kind, _ANY_KIND):
        remembered = settings.value(f"{_GROUP}/{key}", "", type=str)
        if remembered and Path(remembered).is_dir():
            return Path(remembered)
    return documents_folder()


def remember_folder(kind: str, path: Path) -> None:
    """Note the folder of ``path`` (a file saved, or opened for import), for the next chooser of ``kind``
    (and of kinds not used yet)."""
    settings = QSettings()
    for key in (kind, _ANY_KIND):
        settings.setValue(f"{_GROUP}/{key}", str(path.parent))


def folder_to_open(current: str) -> Path:
    """Where a folder chooser opens: the folder already chosen when it still exists, else Documents."""
    return Path(current) if current and Path(current).is_dir() else documents_folder()
