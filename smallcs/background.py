"""Background threads give the processor to the person at the counter first.

The start-up integrity check reads the whole database file on a thread of its
own while the log-in dialog paints, the password is checked and the main window
is built; on a two-core counter PC those three want both cores at once. A thread
that calls ``yield_to_foreground`` still runs whenever a core is free, so the
check ends as soon as before when nobody is waiting, but it no longer slows what
somebody waits for.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

LINUX_NICENESS = 19  # the lowest priority a thread may give itself without privileges
WINDOWS_THREAD_PRIORITY_LOWEST = -2


def yield_to_foreground() -> None:
    """Lower the calling thread's scheduling priority (Linux, Windows; elsewhere nothing).

    On Linux a thread is a task of its own, so its niceness is its own and the
    rest of the process keeps its priority. macOS has no such per-thread call in
    Python's standard library: there the thread keeps the normal priority.
    """
    try:
        if sys.platform.startswith("linux"):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LINUX_NICENESS)
        elif sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.SetThreadPriority(kernel32.GetCurrentThread(), WINDOWS_THREAD_PRIORITY_LOWEST)
    except OSError:  # a sandbox may refuse it: the work still runs, at the usual priority
        log.warning("could not lower the priority of thread %s", threading.current_thread().name)
