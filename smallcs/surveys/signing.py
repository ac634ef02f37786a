"""Signed form nonces for the survey page: a submit must come from a form this shop rendered."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from smallcs import settings
from smallcs.models import write_transaction

_SECRET_KEY = "survey_form_secret"
MAX_FORM_AGE_SECONDS = 24 * 3600  # a customer may leave the page open a while
_CLOCK_SKEW_SECONDS = 300


def form_secret() -> bytes:
    """The shop's secret for signing survey forms, created on first use.

    Kept in the database so every survey server on the same database (and a
    restarted one) accepts the forms the others rendered.
    """
    stored = settings.get_value(_SECRET_KEY)
    if not (isinstance(stored, str) and len(stored) >= 32):
        # Servers starting at once (``smallcs serve`` forks one per core) must end
        # with one secret: the first one stored wins and everyone reads it back.
        with write_transaction():
            stored = settings.put_value_if_absent(_SECRET_KEY, secrets.token_hex(32))
            if not (isinstance(stored, str) and len(stored) >= 32):  # a damaged value: replaced
                stored = secrets.token_hex(32)
                settings.put_value(_SECRET_KEY, stored)
    return bytes.fromhex(stored)


def _signature(secret: bytes, token: str, issued: int, salt: str) -> str:
    message = f"{token}\n{issued}\n{salt}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def make_nonce(secret: bytes, token: str, *, now: float | None = None) -> str:
    """A hidden-field value binding one rendered form to its card and the time it was shown.

    Each form shown gets its own (a random part): a poster's form is taken once
    (``RateLimiter.first_send``), and two customers opening the poster in the same
    second must not share one.
    """
    issued = int(time.time() if now is None else now)
    salt = secrets.token_hex(4)
    return f"{issued}.{salt}.{_signature(secret, token, issued, salt)}"


def check_nonce(
    secret: bytes, token: str, nonce: str | None, *, now: float | None = None,
    max_age: int = MAX_FORM_AGE_SECONDS,
) -> bool:
    """True when ``nonce`` was made by :func:`make_nonce` for ``token`` and is not stale."""
    if not nonce or len(nonce) > 64 or nonce.count(".") != 2:
        return False
    issued_text, salt, signature = nonce.split(".")
    if not issued_text.isdigit() or len(issued_text) > 12 or len(salt) != 8:
        return False
    issued = int(issued_text)
    current = time.time() if now is None else now
    if not current - max_age <= issued <= current + _CLOCK_SKEW_SECONDS:
        return False
    return hmac.compare_digest(signature.encode(), _signature(secret, token, issued, salt).encode())
