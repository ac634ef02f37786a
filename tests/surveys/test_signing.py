"""Signed form nonces."""

from __future__ import annotations

from smallcs.surveys.signing import check_nonce, form_secret, make_nonce


def test_nonce_binds_token_and_time() -> None:
    secret = b"k" * 32
    nonce = make_nonce(secret, "tok", now=1_000_000)
    assert check_nonce(secret, "tok", nonce, now=1_000_100)
    assert not check_nonce(secret, "other", nonce, now=1_000_100)
    assert not check_nonce(b"x" * 32, "tok", nonce, now=1_000_100)
    assert not check_nonce(secret, "tok", nonce, now=1_000_000 + 25 * 3600)  # stale
    assert not check_nonce(secret, "tok", nonce, now=1_000_000 - 3600)  # from the future
    salt = nonce.split(".")[1]
    for forged in (None, "", "abc", "1000000.", "1000000." + "0" * 32, "x" * 100, f"1000000.{salt}.",
                   f"1000000.{salt}." + "0" * 32, nonce.replace(salt, "00000000")):
        assert not check_nonce(secret, "tok", forged, now=1_000_100)


def test_each_form_shown_gets_its_own_nonce() -> None:
    """Two customers opening a poster in the same second: their forms are not the same form."""
    secret = b"k" * 32
    first, second = (make_nonce(secret, "tok", now=1_000_000) for _n in range(2))
    assert first != second
    assert check_nonce(secret, "tok", first, now=1_000_001) and check_nonce(secret, "tok", second, now=1_000_001)


def test_the_secret_is_created_once_and_kept(db: object) -> None:
    first = form_secret()
    assert len(first) == 32 and form_secret() == first
