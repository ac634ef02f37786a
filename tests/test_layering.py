"""Services, reports and the web app must run where Qt is not installed."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import smallcs

ROOT = Path(smallcs.__file__).resolve().parent.parent

_BLOCK_QT = """
import importlib.abc, importlib, sys
class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith(("PySide6.", "shiboken6")):
            raise ImportError("Qt is blocked in this test: " + name)
        return None
sys.meta_path.insert(0, BlockQt())
for name in sys.argv[1:]:
    importlib.import_module(name)
print("imported", len(sys.argv) - 1)
"""


def _modules_outside_ui() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(ROOT / "smallcs")], prefix="smallcs."):
        # ui/ is the Qt layer; __main__ runs the app when imported; migration
        # files are loaded by the runner, not imported.
        if info.name.startswith("smallcs.ui") or info.name == "smallcs.__main__" \
                or ".migrations." in info.name:
            continue
        names.append(info.name)
    return names


def test_every_module_outside_ui_imports_without_qt() -> None:
    modules = _modules_outside_ui()
    assert "smallcs.accounts" in modules and "smallcs.cli" in modules
    result = subprocess.run(
        [sys.executable, "-c", _BLOCK_QT, *modules],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"imported {len(modules)}" in result.stdout


def test_the_blocker_really_blocks_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _BLOCK_QT, "smallcs.ui.app"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )
    assert result.returncode != 0
    assert "Qt is blocked" in result.stderr
