"""Fontconfig started on a thread while the desktop app loads (``smallcs.font_warm_up``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smallcs import font_warm_up

# In a fresh interpreter: start the warm-up, wait for its thread, then say whether
# fontconfig was loaded (nothing else in this process loads it), and whether Qt was.
PROBE = """
import sys, threading
from smallcs import font_warm_up
font_warm_up.start()
for thread in threading.enumerate():
    if thread.name == "fontconfig-warm-up":
        thread.join()
maps = open("/proc/self/maps").read()
print("loaded", "libfontconfig" in maps)
print("qt", any(name.startswith("PySide6") for name in sys.modules))
"""


def _system_has_fontconfig() -> bool:
    return any(Path(folder, font_warm_up.FONTCONFIG).exists()
               for folder in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib"))


@pytest.mark.skipif(not sys.platform.startswith("linux") or not _system_has_fontconfig(),
                    reason="fontconfig is Linux's; this machine has none to load")
def test_the_warm_up_loads_fontconfig_on_a_thread_without_qt() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.split("\n")[:2] == ["loaded True", "qt False"]


def test_without_fontconfig_the_warm_up_does_nothing_and_says_nothing(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(font_warm_up, "FONTCONFIG", "libfontconfig-that-is-not-there.so.1")
    font_warm_up._load_fontconfig()  # on the thread, an error would end it with a traceback on stderr
    assert capfd.readouterr() == ("", "")
