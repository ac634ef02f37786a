"""Writing CSV files a spreadsheet opens safely, without ever leaving half a file.

Cells that a spreadsheet would run as a formula (starting with = + - @, a tab or
a carriage return) get a leading single quote. Files are UTF-8 with a byte-order
mark so Excel shows accents right, and they are written beside the target and
renamed into place at the end: a failed export never leaves half a file under
the chosen name. An export of the shop's data records its audit event in the
rename's transaction (``smallcs.audit_exports``).
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from smallcs.audit_exports import publish
from smallcs.errors import ValidationError
from smallcs.i18n import _
from smallcs.os_errors import discard_leftover, os_error_reason

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> str:
    """A cell's text, with a quote in front if a spreadsheet would run it as a formula."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_csv(path: str | os.PathLike[str], headers: Sequence[str],
              rows: Iterable[Sequence[object]], *, record: Callable[[int], object] | None = None) -> int:
    """Write ``headers`` and ``rows`` (neutralised) to ``path``; return the row count.

    ``rows`` may be a generator reading the database page by page: nothing is
    held in memory beyond one row. ``record``, given the row count, writes the
    export's audit event; it runs in the transaction that renames the finished
    file into place, so there is no event without the file.

    Raises:
        ValidationError: the file cannot be written there (nothing is left behind).
    """
    target = Path(path)
    try:
        # Closed by the with-block below; opened here to report where it failed.
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w", encoding="utf-8-sig", newline="", dir=target.parent,
            prefix=f".{target.name}.", suffix=".part", delete=False,
        )
    except OSError as exc:
        raise ValidationError(
            _("Cannot write to {folder}: {error}").format(folder=target.parent, error=os_error_reason(exc)),
            field="path",
        ) from exc
    written = 0
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow([neutralise(h) for h in headers])
            for row in rows:
                writer.writerow([neutralise(cell) for cell in row])
                written += 1
        if record is None:
            os.replace(handle.name, target)
        else:
            publish(handle.name, target, lambda: record(written))
    except OSError as exc:
        discard_leftover(handle.name)
        raise ValidationError(
            _("Cannot write {file}: {error}").format(file=target, error=os_error_reason(exc)), field="path",
        ) from exc
    except BaseException:
        discard_leftover(handle.name)
        raise
    return written
