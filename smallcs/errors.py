"""Exceptions that services raise and every front end turns into a message.

The UI shows them in a message box, the web app as a 4xx page and the CLI as one
line with a non-zero exit. Their text is written for the person at the counter.
"""

from __future__ import annotations

import datetime as dt


class SmallCSError(Exception):
    """Base class: the message is safe and meant to be shown to a user."""


class ValidationError(SmallCSError):
    """Input was refused; nothing was changed."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(SmallCSError):
    """The record asked for does not exist."""


class PermissionDenied(SmallCSError):
    """The acting staff member's role does not allow this action."""


class AuthenticationFailed(SmallCSError):
    """Wrong user name or password (deliberately not saying which)."""


class AccountLocked(SmallCSError):
    """Too many failed log-ins: the account waits until ``until`` (UTC)."""

    def __init__(self, message: str, *, until: dt.datetime) -> None:
        super().__init__(message)
        self.until = until


class DatabaseError(SmallCSError):
    """The database cannot be opened or used as asked."""


class DatabaseTooNew(DatabaseError):
    """The database was last opened by a newer SmallCS."""
