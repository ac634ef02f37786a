"""Where SmallCS keeps its files on this computer (per-user, via platformdirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "SmallCS"
APP_AUTHOR = "SmallCS"


def _private_dir(path: Path) -> Path:
    """Create ``path`` if missing, mode 0700 on POSIX (Windows: the profile's ACLs apply).

    An existing folder keeps its mode: the user may have shared it on purpose,
    and the files SmallCS writes in it are private on their own.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def data_dir() -> Path:
    """The per-user data folder; created on first use, for this user only."""
    return _private_dir(Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)))


def log_dir() -> Path:
    """The per-user log folder; created on first use, for this user only."""
    return _private_dir(Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)))


def default_database_path() -> Path:
    """The embedded SQLite database used when neither --db nor SMALLCS_DB is set."""
    return data_dir() / "smallcs.db"


def resources_dir() -> Path:
    """The shipped resources folder (icons, fonts), in a checkout or a bundle."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "resources", here / "resources"):
        if candidate.is_dir():
            return candidate
    return here.parent / "resources"
