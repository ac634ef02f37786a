"""Fontconfig's start, on a thread, while the desktop app loads (Linux).

On Linux the first text Qt lays out waits for fontconfig to read its
configuration and its font caches: 3 to 5 ms of the UI thread before the log-in
dialog can paint. Started here, beside Python loading Qt and the app's modules
(about 0.1 s), that work is done by the time Qt asks for it: fontconfig's
default configuration is made once per process, whoever asks first, and ctypes
lets go of Python's lock while the call runs, so the UI thread is not held up.

Elsewhere (Windows, macOS) Qt uses the system's own font machinery and there is
nothing to start. This module imports no Qt: it runs before Qt is loaded.
"""

from __future__ import annotations

import sys
import threading

FONTCONFIG = "libfontconfig.so.1"  # the library Qt's Linux font database uses


def start() -> None:
    """Have fontconfig load its configuration on a thread (Linux; elsewhere nothing)."""
    if sys.platform.startswith("linux"):
        threading.Thread(target=_load_fontconfig, name="fontconfig-warm-up", daemon=True).start()


def _load_fontconfig() -> None:
    import ctypes  # here: its import is the thread's, not the UI thread's

    try:
        fontconfig = ctypes.CDLL(FONTCONFIG)
    except OSError:
        return  # no system fontconfig: Qt falls back to its own fonts, nothing to warm
    fontconfig.FcInit()
