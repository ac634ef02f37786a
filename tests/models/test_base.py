"""``write_transaction``: the write lock of one process, and of several (``serve --processes``)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smallcs.models import database, write_transaction
from smallcs.models.connection import close_database, open_database

HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="no lock file on Windows")
def test_processes_that_share_the_file_queue_on_its_lock_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = Path(f"{db_path}-lock")
    open_database(db_path)
    try:
        with write_transaction():
            database.execute_sql("CREATE TABLE probe (x)")
        assert not lock.exists()  # one process: SQLite's own lock is enough
        monkeypatch.setattr("smallcs.models.base._shared_with_processes", True)
        holder = subprocess.Popen([sys.executable, "-c", HOLD, str(lock), "0.5"],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "held\n"
            started = time.monotonic()
            with write_transaction():  # waits for the other process's turn to end
                database.execute_sql("INSERT INTO probe VALUES (1)")
                with write_transaction():  # nested: a savepoint, no second wait
                    database.execute_sql("INSERT INTO probe VALUES (2)")
            waited = time.monotonic() - started
        finally:
            holder.wait(timeout=10)
        assert waited >= 0.3
        assert database.execute_sql("SELECT count(*) FROM probe").fetchone()[0] == 2
        assert stat.S_IMODE(os.stat(lock).st_mode) == 0o600
    finally:
        close_database()
