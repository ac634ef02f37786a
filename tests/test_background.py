"""Background work gives the processor to the person at the counter first."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from smallcs.background import LINUX_NICENESS, yield_to_foreground

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread niceness is Linux's")


def niceness_of_a_thread_that_ran(work) -> int:
    seen: list[int] = []

    def run() -> None:
        work()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return seen[0]


def test_a_thread_that_yields_runs_at_the_lowest_priority_and_the_rest_of_the_process_does_not() -> None:
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    assert niceness_of_a_thread_that_ran(yield_to_foreground) == LINUX_NICENESS
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before
    assert niceness_of_a_thread_that_ran(lambda: None) == before  # a new thread starts as the process


def test_the_start_up_integrity_check_runs_at_the_lowest_priority(db: object) -> None:
    from smallcs.ui.start_up_check import IntegrityCheck

    results: list[bool] = []  # the check itself, run here without its Qt thread

    assert niceness_of_a_thread_that_ran(lambda: results.append(IntegrityCheck._check())) == LINUX_NICENESS
    assert results == [True]
