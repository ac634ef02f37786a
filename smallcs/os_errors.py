"""Why a file or the network refused, in the user's language.

Python's ``OSError`` carries the C library's English words ("No such file or
directory"), which a Spanish counter should not read in the middle of a
Spanish sentence. The usual causes are said in the catalog's words; any other
keeps the system's own text.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from smallcs.i18n import N_, _

_REASONS: dict[int, str] = {
    errno.ENOENT: N_("there is no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EISDIR: N_("that is a folder, not a file"),
    errno.ENOTDIR: N_("part of that path is not a folder"),
    errno.EEXIST: N_("it exists already"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EBUSY: N_("another program is using it"),
    errno.EIO: N_("the disk could not be read or written"),
    errno.EADDRINUSE: N_("another program is using that port"),
    errno.EADDRNOTAVAIL: N_("this computer has no such address"),
}


def os_error_reason(exc: OSError) -> str:
    """What went wrong, as a short phrase to put after a colon: "there is no such file or folder"."""
    reason = _REASONS.get(exc.errno) if exc.errno is not None else None
    if reason is not None:
        return _(reason)
    return exc.strerror or str(exc)


def discard_leftover(path: str | os.PathLike[str]) -> None:
    """Remove a half-written file if it is there. One that cannot be removed (a read-only disk,
    a folder in its place) stays: the error that led here is the one to report, not this one."""
    with contextlib.suppress(OSError):
        Path(path).unlink()
