"""A throw-away PostgreSQL server for the tests: initdb into a temp folder, pg_ctl start/stop.

The binaries come from ``scripts/ensure-postgres`` (which installs Debian's
postgresql package when they are missing). PostgreSQL refuses to run as root, so
under root the server runs as the ``postgres`` system user. Each test gets its own
database, copied from a template that already has every migration applied.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = "smallcs_template"


class NoPostgres(RuntimeError):
    """No PostgreSQL server could be had: the PostgreSQL tests fail with this."""




def _bin_dir() -> Path:
    found = subprocess.run([ROOT / "scripts" / "ensure-postgres"], capture_output=True, text=True,
                           check=False)
    if found.returncode != 0:
        raise NoPostgres(found.stderr.strip() or "scripts/ensure-postgres failed")
    return Path(found.stdout.strip().splitlines()[-1])


class ThrowawayPostgres:
    """One server on a free loopback port, trust authentication, fsync off (tests only)."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="smallcs-pg-"))
        self.data = self.folder / "data"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise NoPostgres("running as root and there is no 'postgres' user to run the server") from exc
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self._numbers = itertools.count(1)

    def _run(self, *command: str) -> None:
        done = subprocess.run([*self._as_user, *command], capture_output=True, text=True, check=False,
                              timeout=120)
        if done.returncode != 0:
            raise NoPostgres(f"{Path(command[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "smallcs",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}"
                   " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")

    def stop(self) -> None:
        if self.data.exists():
            subprocess.run([*self._as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                            "-w", "stop"], capture_output=True, check=False, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgresql://smallcs@127.0.0.1:{self.port}/{name}"

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE DATABASE cannot run inside one)."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self) -> str:
        """A fresh database with every migration applied; its URL."""
        name = f"test_{next(self._numbers)}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)
