"""Several survey server processes on one port (``smallcs serve --processes N``, POSIX only).

One Python process runs one thread of Python at a time (the GIL), and under load
the survey server sat at one core. Here the parent binds the listening sockets,
forks N children that each run the app on waitress over those sockets (the
kernel hands each new connection to one of them), and watches them: when one
dies the others are stopped and the command fails, so a supervisor (systemd,
a container) sees it. Ctrl+C or SIGTERM stops them all.

What must stay whole across processes stays whole: single-use cards are guarded
by the database in the writing transaction, and the poster rate limits are kept
by one limiter in a manager process that every child asks. Each child opens its
own database connections after the fork.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import sys
from collections.abc import Iterator
from multiprocessing.managers import BaseManager
from types import FrameType
from typing import Any, cast

from smallcs.surveys.ratelimit import RateLimiter

log = logging.getLogger(__name__)

_BACKLOG = 1024  # waitress's default


class _Stop(Exception):
    """SIGTERM reached the parent."""


class _LimiterManager(BaseManager):
    """Serves one poster rate limiter to all the server processes."""


_LimiterManager.register("RateLimiter", RateLimiter, exposed=("allow", "retry_after", "first_send", "forget_send"))


def listening_sockets(host: str, port: int) -> list[socket.socket]:
    """Bound, listening, non-blocking sockets for ``host:port`` (one per address it resolves to).

    Raises:
        OSError: the address cannot be resolved or listened on.
    """
    sockets: list[socket.socket] = []
    try:
        for family, kind, proto, _name, address in socket.getaddrinfo(
                host or None, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE):
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)
            sock.listen(_BACKLOG)
            sock.setblocking(False)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def _ignore_interrupts() -> None:
    """In the limiter's process: Ctrl+C is for the parent, which shuts the manager down last."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_child(db_target: str, sockets: list[socket.socket], options: dict[str, Any],
               limiter: RateLimiter) -> None:
    """In a forked child: serve until killed; never returns."""
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        from smallcs.models.base import queue_writers_across_processes
        from smallcs.web.app import create_app
        from smallcs.web.server import create_server

        queue_writers_across_processes()
        app = create_app(db_target=db_target, limiter=limiter)
        create_server(app, sockets=sockets, **options).run()
    except KeyboardInterrupt:
        pass
    except BaseException:
        log.exception("survey server process %d failed", os.getpid())
        code = 1
    finally:
        logging.shutdown()
        os._exit(code)


def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise _Stop


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop_children(children: set[int]) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    for pid in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    children.clear()


def serve_processes(
    db_target: str, *, sockets: list[socket.socket], processes: int, options: dict[str, Any],
) -> None:
    """Fork ``processes`` servers over ``sockets`` and watch them until stopped.

    Args:
        db_target: the database path or URL; each child opens it for itself.
        sockets: listening sockets from :func:`listening_sockets`.
        processes: how many server processes (2 or more).
        options: waitress options (threads, limits, proxy settings) without the address.

    Raises:
        ServerError: a server process stopped by itself, or this system cannot fork.
    """
    from smallcs.models.connection import close_database
    from smallcs.web.server import ServerError

    # Messages of the command line only (like its usage errors): not in the catalog.
    if not hasattr(os, "fork"):
        raise ServerError("Several server processes need Linux or macOS; "
                          "leave out --processes on this system.")
    # Connections must not cross a fork: every child opens its own.
    close_database()
    manager = _LimiterManager(ctx=multiprocessing.get_context("fork"))
    manager.start(_ignore_interrupts)
    limiter = cast(RateLimiter, manager.RateLimiter())  # type: ignore[attr-defined]
    children: set[int] = set()
    try:
        with _sigterm_raises():
            # A SIGTERM between a fork and noting the child would leave it running.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
            try:
                for _n in range(processes):
                    sys.stdout.flush()
                    sys.stderr.flush()
                    pid = os.fork()
                    if pid == 0:
                        _run_child(db_target, sockets, options, limiter)
                    children.add(pid)
            finally:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
            log.info("%d survey server processes started", processes)
            pid, status = os.wait()
            what = "A survey server process" if pid in children else "The poster rate limiter's process"
            children.discard(pid)
            raise ServerError(f"{what} stopped unexpectedly ({_describe_exit(status)});"
                              " the details are in the log.")
    except _Stop:
        log.info("survey server processes stopped")
    finally:
        _stop_children(children)
        manager.shutdown()
        for sock in sockets:
            sock.close()


def _describe_exit(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"
