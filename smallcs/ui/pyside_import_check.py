"""A cheaper answer to the question PySide6 asks about every module imported after it.

Once ``PySide6.QtCore`` is loaded, PySide looks at each module imported later to
learn whether it uses PySide (so that ``from __feature__ import snake_case``
applies to those only; PYSIDE-2029). It does so with ``inspect.getsource``:
the module's whole source is read, decoded, split into lines and kept in
``linecache``. That is 15 to 20 % of the time it takes to import the main
window's modules, the survey server's or the report's (about 140 to 270 modules
each), and the main window's are imported while somebody waits to log in.

The question and its answer stay PySide's: the module's ``.py`` file is searched
for ``b"PySide6"`` as bytes, which is what ``"PySide6" in source`` finds. Any
module without a readable ``.py`` file (a built-in one, a bundle's compiled
ones) goes to PySide's own check. SmallCS's own modules, packages aside, are
not read at all (about 120 files on the way to the main window): the modules
of ``smallcs.ui`` are told True, all others False, which the layering rule
keeps true (``tests/test_layering.py``: Qt stays in ``smallcs.ui``). A few
helpers in ``smallcs.ui`` use no Qt and PySide would tell them False; for them
True only registers the module for ``__feature__`` switching, which SmallCS
never turns on. Should a PySide release move or rename the check, nothing is
replaced and imports are only as slow as before.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

import PySide6.QtCore  # noqa: F401 - PySide installs its import check with QtCore

OWN_PREFIX = "smallcs."
QT_PACKAGE = "smallcs.ui"
FEATURE_MODULE = "shibokensupport.feature"
CHECK_NAME = "_mod_uses_pyside"


def _by_bytes(fallback: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def module_uses_pyside(module: ModuleType) -> bool:
        name = module.__name__
        if name.startswith(OWN_PREFIX) and not hasattr(module, "__path__"):  # (a package's file may not)
            return name.startswith(QT_PACKAGE + ".")
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return fallback(module)

    module_uses_pyside.smallcs_by_bytes = True  # type: ignore[attr-defined]
    return module_uses_pyside


def make_pyside_import_check_cheaper() -> bool:
    """Replace PySide's per-import check with the byte search (once); True when in place."""
    feature = sys.modules.get(FEATURE_MODULE)
    check = getattr(feature, CHECK_NAME, None)
    if feature is None or not callable(check):
        return False
    if not getattr(check, "smallcs_by_bytes", False):
        setattr(feature, CHECK_NAME, _by_bytes(check))
    return True
