"""The survey server's on/off switch in the app, with a status line for the status bar.

One controller lives as long as the main window: the Surveys page drives it,
the status bar shows ``state_changed``, and ``shutdown()`` stops the server when
the app quits. Starting and stopping run on a worker thread (stopping waits for
open requests).
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from urllib.parse import quote

import peewee
from PySide6.QtCore import QObject, Signal

from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import database
from smallcs.ui import workers
from smallcs.web.server import ServerError, SurveyServer

log = logging.getLogger(__name__)

DEFAULT_PORT = 8765  # as `smallcs serve`
EVERY_ADDRESS = "0.0.0.0"


def current_database_target() -> str:
    """The path or URL of the database the app has open, for the server to open too.

    Raises:
        SmallCSError: no database is open.
    """
    db = database.obj
    if isinstance(db, peewee.SqliteDatabase):
        return str(db.database)
    if isinstance(db, peewee.PostgresqlDatabase):
        params = db.connect_params
        user = quote(str(params.get("user", "")), safe="")
        password = params.get("password")
        login = f"{user}:{quote(str(password), safe='')}@" if password else (f"{user}@" if user else "")
        host = params.get("host", "localhost")
        port = f":{params['port']}" if params.get("port") else ""
        return f"postgresql://{login}{host}{port}/{db.database}"
    raise SmallCSError(_("No database is open."))


def _port_taken(error: ServerError) -> bool:
    cause = error.__cause__
    return isinstance(cause, OSError) and cause.errno == errno.EADDRINUSE


class SurveyServerController(QObject):
    """Starts and stops the built-in survey server (waitress in a thread).

    Signals:
        state_changed(str): e.g. "Survey server: on at http://192.168.1.20:8765".
        failed(str): why it could not start or stop, in plain words.
    """

    state_changed = Signal(str)
    failed = Signal(str)

    def __init__(self, db_target: str | None = None, parent: QObject | None = None) -> None:
        """Args:
            db_target: the database for the server; by default the one the app has open.
        """
        super().__init__(parent)
        self._db_target = db_target
        self._server: SurveyServer | None = None
        self._address = ""
        self.busy = False

    @property
    def running(self) -> bool:
        return self._server is not None and self._server.running

    @property
    def url(self) -> str:
        """Where phones reach the server (empty when it is off)."""
        return self._address if self.running else ""

    @property
    def local_url(self) -> str:
        """Where this PC reaches the server itself (empty when it is off)."""
        return self._server.local_url if self._server is not None and self.running else ""

    def state_text(self) -> str:
        if self.running:
            return _("Survey server: on at {url}").format(url=self.url)
        return _("Survey server: off")

    def start(self, *, host: str, port: int, public_url: str) -> None:
        """Start serving on ``host``:``port`` on a worker; phones use ``public_url``.

        ``state_changed`` follows once it listens, ``failed`` if it cannot
        (port in use, address not on this PC, database unreachable).
        """
        if self.busy or self.running:
            return
        try:
            target = self._db_target or current_database_target()
        except SmallCSError as exc:
            self.failed.emit(str(exc))
            return
        server = SurveyServer(target, host=host, port=port, base_url=public_url)

        def started(_result: object) -> None:
            self._server, self._address = server, public_url.rstrip("/")

        self._run(lambda _progress: server.start(), started)

    def stop(self) -> None:
        """Stop serving on a worker (open requests are finished first)."""
        server = self._server
        if self.busy or server is None:
            return

        def stopped(_result: object) -> None:
            self._server = None

        self._run(lambda _progress: server.stop(), stopped)

    def shutdown(self) -> None:
        """Stop the server now, on this thread: for the app's exit."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()
            self.state_changed.emit(self.state_text())

    def _run(self, work: Callable[[Callable[[int, str], None]], object],
             then: Callable[[object], None]) -> None:
        task = workers.Task(work)
        task.signals.finished.connect(lambda result: self._finished(then, result))
        task.signals.failed.connect(self._failed)
        self.busy = True
        workers.start(task)

    def _finished(self, then: Callable[[object], None], result: object) -> None:
        self.busy = False
        then(result)
        self.state_changed.emit(self.state_text())

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, ServerError) and _port_taken(error):
            message = _("{error} Another program (or another SmallCS) uses this port: choose another"
                        " port, or stop the other program.").format(error=error)
        elif isinstance(error, SmallCSError):
            message = str(error)
        else:
            log.error("the survey server failed", exc_info=error)
            message = _("The survey server could not be switched; the details are in the log file.")
        self.failed.emit(message)
        self.state_changed.emit(self.state_text())
