"""``smallcs.command``, the console script: Python's cycle collector is paused while the
command loads and given back before any command but the desktop app runs."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from smallcs import command


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Python's collector back on after the test, and the log file the command set up closed
    (a handler left on the "smallcs" logger would take the next test's log elsewhere)."""
    yield
    gc.enable()
    for handler in list(logging.getLogger("smallcs").handlers):
        handler.close()
        logging.getLogger("smallcs").removeHandler(handler)


@pytest.mark.usefixtures("collector_restored")
def test_a_command_runs_with_pythons_collector_back(tmp_path: Path) -> None:
    run = command.load()
    assert not gc.isenabled()  # paused while the command loads

    exit_code = run(["--db", str(tmp_path / "shop.db"), "demo", "--months", "1", "--scale", "0.1"],
                    collector_paused=True)

    assert exit_code == 0
    assert gc.isenabled()
    assert (tmp_path / "shop.db").stat().st_size > 0


@pytest.mark.usefixtures("collector_restored")
def test_a_command_called_without_the_pause_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    """(Code that calls ``cli.main`` itself, as the tests do, keeps its own collector setting.)"""
    run = command.load()

    run(["--db", str(tmp_path / "shop.db"), "demo", "--months", "1", "--scale", "0.1"])

    assert not gc.isenabled()
