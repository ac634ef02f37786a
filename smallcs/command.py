"""The ``smallcs`` console script and ``python -m smallcs``: the command, loaded with
Python's cycle collector paused.

Loading the command, Qt and the desktop app makes a few hundred thousand objects
and next to no garbage cycles, yet the collector would walk them some 65 times
meanwhile: about 10 ms of the desktop app's start-up. So it is paused from here
until the command runs. The desktop app then freezes what was loaded (it lives
as long as the app: ``gc.freeze``, so no later collection walks it) and hands
collecting to its UI thread's timer (``ui.main_thread_gc``); every other command
gets Python's own collector back before it starts (``cli.main``).
"""

from __future__ import annotations

import gc
from collections.abc import Callable


def load() -> Callable[..., int]:
    """Pause the collector and load the command: ``cli.main``, which must be called with
    ``collector_paused=True``."""
    gc.disable()
    from smallcs.cli import main

    return main


def main() -> int:
    return load()(collector_paused=True)
