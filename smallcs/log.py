"""Logging set-up shared by the app, the CLI and the survey server (Qt-free)."""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from pathlib import Path

from smallcs import paths

LOG_FILE_NAME = "smallcs.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_PRIVATE_FILE = 0o600


def _private_opener(path: str, flags: int) -> int:
    """Open for ``open(opener=...)``: new files readable by this user only, old ones made so."""
    fd = os.open(path, flags, _PRIVATE_FILE)
    if hasattr(os, "fchmod"):  # POSIX; on Windows the profile folder's ACLs apply
        os.fchmod(fd, _PRIVATE_FILE)
    return fd


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files, the first and each one after a rotation, are mode 0600.

    Log lines name staff ids, files and errors; they stay with the OS account
    that runs SmallCS, like the database.
    """

    def _open(self) -> io.TextIOWrapper:
        return open(  # the handler owns and closes the stream
            self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors,
            opener=_private_opener,
        )


def log_file() -> Path:
    """The rotating log file in the per-user log folder."""
    return paths.log_dir() / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO, *, to_file: bool = True) -> Path | None:
    """Send SmallCS's log records to a rotating file (1 MB x 5).

    Returns the log file's path, or None when file logging is off or the folder
    cannot be written (logging must never stop the app from starting).
    """
    root = logging.getLogger("smallcs")
    root.setLevel(level)
    if not to_file:
        return None
    try:
        path = log_file()
        if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
            return path  # set up already (the app after the CLI's own set-up)
        handler = PrivateRotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        logging.getLogger(__name__).warning("cannot open the log file", exc_info=True)
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return path
