"""Running the survey app on waitress: blocking for ``smallcs serve``, in a thread for the app's toggle."""

from __future__ import annotations

import logging
import threading
from typing import Any

from smallcs.errors import SmallCSError
from smallcs.i18n import _

log = logging.getLogger(__name__)

THREADS = 8
# waitress buffers a body before the app sees it; above the app's own limit so
# an over-long comment still gets the app's friendly 413 page.
WAITRESS_MAX_BODY = 4 * 1024 * 1024
_STOP_TIMEOUT = 5.0


class ServerError(SmallCSError):
    """The survey server could not start (port taken, address not on this PC, ...)."""


def _waitress_options(host: str, port: int, trusted_proxy: str | None) -> dict[str, Any]:
    options: dict[str, Any] = {
        "host": host, "port": port, "threads": THREADS, "ident": "SmallCS",
        "max_request_body_size": WAITRESS_MAX_BODY, "channel_timeout": 30,
        "clear_untrusted_proxy_headers": True,
    }
    if trusted_proxy:
        # Behind a reverse proxy: take the client's address from X-Forwarded-For
        # (poster rate limits are per client) and the scheme/host it was reached by.
        options.update(trusted_proxy=trusted_proxy, trusted_proxy_count=1,
                       trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto",
                                              "x-forwarded-host"})
    return options


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def serve(
    db_target: str,
    *,
    host: str,
    port: int,
    base_url: str | None,
    trusted_proxy: str | None = None,
) -> None:
    """Serve the survey pages until interrupted (``smallcs serve``).

    Args:
        db_target: the database path or URL.
        host, port: where to listen (e.g. ``0.0.0.0`` and 8080 on a shop network).
        base_url: the address printed on cards, for the log; None to use host:port.
        trusted_proxy: the reverse proxy's address when behind one.

    Raises:
        DatabaseError: the database cannot be opened.
        ServerError: the address cannot be listened on.
    """
    import waitress

    from smallcs.web.app import create_app

    app = create_app(db_target=db_target)
    log.info("survey pages at %s", base_url or f"http://{_url_host(host)}:{port}")
    try:
        waitress.serve(app, **_waitress_options(host, port, trusted_proxy))
    except OSError as exc:
        raise ServerError(_("Cannot listen on {host}:{port}: {error}.").format(
            host=host, port=port, error=exc.strerror or exc)) from exc


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
        from waitress.server import create_server

        from smallcs.web.app import create_app

        with self._lock:
            if self.running:
                return
            app = create_app(db_target=self.db_target)
            try:
                server = create_server(app, **_waitress_options(self.host, self.port,
                                                                self.trusted_proxy))
            except OSError as exc:
                raise ServerError(_("Cannot listen on {host}:{port}: {error}.").format(
                    host=self.host, port=self.port, error=exc.strerror or exc)) from exc
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
