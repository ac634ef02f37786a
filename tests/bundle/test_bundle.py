"""The desktop bundle, built by the README's command, starts and passes its own self-test.

Slow (about a minute and a half): PyInstaller analyses and copies the whole app.
It runs in CI so a bundle that lost a data file, a Qt plugin or a translation never lands.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import smallcs

ROOT = Path(__file__).resolve().parents[2]


def test_bundle_builds_starts_and_passes_its_self_test() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([str(ROOT / "scripts" / "bundle")], cwd=ROOT, check=False, capture_output=True, text=True,
                          env=env, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"SmallCS {smallcs.__version__}" in done.stdout
    assert "self-test passed" in done.stdout

    folder = ROOT / "dist" / f"smallcs-{smallcs.__version__}"
    assert (folder / "SmallCS").is_file(), "the program staff double-click is missing"
    internal = folder / "_internal"
    assert list(internal.glob("resources/locale/es/LC_MESSAGES/smallcs.mo"))
    assert list(internal.glob("resources/fonts/DejaVuSans.ttf"))
    assert not list(internal.rglob("*.po")), "translation sources are shipped"
    assert not list(internal.rglob("*Qt6Quick*")) and not list(internal.rglob("*Qt6Qml*")), \
        "Qt modules the app does not use are shipped"

    version = subprocess.run([str(folder / "SmallCS"), "--version"], check=False, capture_output=True, text=True,
                             env=env, timeout=60)
    assert version.stdout.strip() == f"SmallCS {smallcs.__version__}"
