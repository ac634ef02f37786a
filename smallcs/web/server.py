"""Running the survey app on waitress: blocking for ``smallcs serve``, in a thread for the app's toggle."""

from __future__ import annotations

import logging
import os
import threading
import time
import warnings
from typing import Any

from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.os_errors import os_error_reason

log = logging.getLogger(__name__)

# Requests each process works on at once. With one process per core, four beat eight:
# fewer threads hand Python's lock round less (answers/s 0.50 of the bare app
# against 0.40, POST p99 42 ms against 77 ms; docs/benchmarks.md).
THREADS = 4
# ``smallcs serve`` runs one process per core by default (see default_processes).
DEFAULT_PROCESSES_AT_MOST = 4
# Waitress 3 sends a response from the request's thread the moment it is written
# (its send_bytes of 1). Under load that thread then holds the connection's
# output lock while it waits for the GIL, and waitress's main loop, finding the
# socket writable but the lock taken, goes round and round: 25 to 33 turns of
# its loop per request instead of one (measured), most of a core. With the
# threshold above any survey page, the main loop sends each answer once, when
# its request is done. The option is deprecated; it is passed while it exists.
SEND_BYTES = 18000
MAX_THREADS = 64
MAX_PROCESSES = 16
# waitress buffers a body before the app sees it; above the app's own limit so
# an over-long comment still gets the app's friendly 413 page.
WAITRESS_MAX_BODY = 4 * 1024 * 1024
_STOP_TIMEOUT = 5.0


class ServerError(SmallCSError):
    """The survey server could not start (port taken, address not on this PC, ...)."""


def _waitress_options(
    host: str, port: int, trusted_proxy: str | None, threads: int = THREADS,
) -> dict[str, Any]:
    options: dict[str, Any] = {
        "host": host, "port": port, "threads": threads, "ident": "SmallCS",
        "max_request_body_size": WAITRESS_MAX_BODY, "channel_timeout": 30,
        "clear_untrusted_proxy_headers": True,
    }
    from waitress.adjustments import Adjustments

    if hasattr(Adjustments, "send_bytes"):
        options["send_bytes"] = SEND_BYTES
    if trusted_proxy:
        # Behind a reverse proxy: take the client's address from X-Forwarded-For
        # (poster rate limits are per client) and the scheme/host it was reached by.
        options.update(trusted_proxy=trusted_proxy, trusted_proxy_count=1,
                       trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto",
                                              "x-forwarded-host"})
    return options


def create_server(app: Any, **options: Any) -> Any:
    """A waitress server for ``app`` (not yet running), quiet about the deprecated ``send_bytes``."""
    from waitress.server import create_server as create

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "send_bytes will be removed", DeprecationWarning)
        return create(app, **options)


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def default_processes() -> int:
    """How many processes ``smallcs serve`` runs unless told: one per core it may use, at most four.

    One process runs one thread of Python at a time, so a single process keeps
    the survey pages to one core: two processes on two cores took about 1.7 times the
    answers a second of one (docs/benchmarks.md). Windows has no fork: one.
    """
    if not hasattr(os, "fork"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        cores = os.cpu_count() or 1
    return max(1, min(cores, DEFAULT_PROCESSES_AT_MOST))


def serve(
    db_target: str,
    *,
    host: str,
    port: int,
    base_url: str | None,
    trusted_proxy: str | None = None,
    threads: int = THREADS,
    processes: int = 1,
) -> None:
    """Serve the survey pages until interrupted (``smallcs serve``).

    Args:
        db_target: the database path or URL.
        host, port: where to listen (e.g. ``0.0.0.0`` and 8080 on a shop network).
        base_url: the address printed on cards, for the log; None to use host:port.
        trusted_proxy: the reverse proxy's address when behind one.
        threads: how many requests each process handles at once.
        processes: how many server processes share the port (more than one
            needs Linux or macOS; see ``smallcs.web.processes``).

    Raises:
        DatabaseError: the database cannot be opened.
        ServerError: the address cannot be listened on.
    """
    from smallcs.web.app import create_app

    _quiet_queue_warnings()
    if processes > 1:
        from smallcs.web.processes import listening_sockets, serve_processes

        options = _waitress_options(host, port, trusted_proxy, threads)
        del options["host"], options["port"]
        try:
            sockets = listening_sockets(host, port)
        except OSError as exc:
            raise _listen_error(host, port, exc) from exc
        log.info("survey pages at %s", base_url or f"http://{_url_host(host)}:{port}")
        serve_processes(db_target, sockets=sockets, processes=processes, options=options)
        return
    app = create_app(db_target=db_target)
    log.info("survey pages at %s", base_url or f"http://{_url_host(host)}:{port}")
    try:
        server = create_server(app, **_waitress_options(host, port, trusted_proxy, threads))
    except OSError as exc:
        raise _listen_error(host, port, exc) from exc
    logging.basicConfig()  # as waitress.serve does: its own warnings to stderr
    server.run()


def _listen_error(host: str, port: int, exc: OSError) -> ServerError:
    return ServerError(_("Cannot listen on {host}:{port}: {error}.").format(
        host=host, port=port, error=os_error_reason(exc)))


class _OncePerMinute(logging.Filter):
    """Lets one record a minute through.

    Under load waitress logs "Task queue depth is N" for every request that
    has to wait for a thread, while holding the lock its threads take their
    next request under: thousands of lines a minute that say one thing and
    slow the server down further. The first of each minute still tells.
    """

    INTERVAL = 60.0

    def __init__(self) -> None:
        super().__init__()
        self._next = 0.0

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        if now < self._next:
            return False
        self._next = now + self.INTERVAL
        return True


def _quiet_queue_warnings() -> None:
    queue_log = logging.getLogger("waitress.queue")
    if not any(isinstance(f, _OncePerMinute) for f in queue_log.filters):
        queue_log.addFilter(_OncePerMinute())


class SurveyServer:
    """The survey server in a background thread, for the desktop app's on/off toggle.

    ``start()`` returns once the port is listening (errors surface there);
    ``stop()`` closes the listening socket and open connections and waits for
    the worker threads.
    """

    def __init__(
        self,
        db_target: str,
        *,
        host: str = "0.0.0.0",
        port: int = 8080,
        base_url: str | None = None,
        trusted_proxy: str | None = None,
    ) -> None:
        self.db_target = db_target
        self.host = host
        self.port = port
        self.base_url = base_url
        self.trusted_proxy = trusted_proxy
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """True while the server thread is serving."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def bound_port(self) -> int:
        """The port actually listened on (useful with port 0); the configured one when stopped."""
        server = self._server
        if server is None:
            return self.port
        if hasattr(server, "effective_port"):
            return int(server.effective_port)
        return int(server.effective_listen[0][1])  # several sockets (e.g. IPv4 and IPv6)

    @property
    def url(self) -> str:
        """The base URL for cards: the configured one, or where this server listens."""
        if self.base_url:
            return self.base_url.rstrip("/")
        return f"http://{_url_host(self.host)}:{self.bound_port}"

    @property
    def local_url(self) -> str:
        """Where this PC reaches the server itself (health checks, tests)."""
        return f"http://{_url_host(self.host)}:{self.bound_port}"

    def start(self) -> None:
        """Open the database and start listening in a background thread.

        Raises:
            DatabaseError: the database cannot be opened.
            ServerError: the address cannot be listened on.
        """
        from smallcs.web.app import create_app

        with self._lock:
            if self.running:
                return
            app = create_app(db_target=self.db_target)
            _quiet_queue_warnings()
            try:
                server = create_server(app, **_waitress_options(self.host, self.port,
                                                                self.trusted_proxy))
            except OSError as exc:
                raise _listen_error(self.host, self.port, exc) from exc
            self._server = server
            self._thread = threading.Thread(target=server.run, name="survey-server", daemon=True)
            self._thread.start()
            log.info("survey server started at %s", self.local_url)

    def stop(self) -> None:
        """Stop serving and wait for the threads (a no-op when not running)."""
        with self._lock:
            server, thread = self._server, self._thread
            if server is None or thread is None:
                return
            socket_map = getattr(server, "map", None)
            if socket_map is None:
                socket_map = server._map
            trigger = next((d for d in list(socket_map.values())
                            if type(d).__name__ == "trigger"), None)
            from waitress import wasyncore

            if trigger is not None and thread.is_alive():
                # Close every socket from the loop's own thread: asyncore is not thread-safe.
                trigger.pull_trigger(lambda: wasyncore.close_all(socket_map))
                thread.join(_STOP_TIMEOUT)
            if thread.is_alive():  # pragma: no cover - the loop did not wake up
                log.warning("survey server did not stop within %.0f s", _STOP_TIMEOUT)
            else:
                wasyncore.close_all(socket_map)
            server.task_dispatcher.shutdown(timeout=_STOP_TIMEOUT)
            self._server = None
            self._thread = None
            log.info("survey server stopped")
