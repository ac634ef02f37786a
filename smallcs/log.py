"""Logging set-up shared by the app, the CLI and the survey server (Qt-free)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from smallcs import paths

LOG_FILE_NAME = "smallcs.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


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
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        logging.getLogger(__name__).warning("cannot open the log file", exc_info=True)
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    return path
