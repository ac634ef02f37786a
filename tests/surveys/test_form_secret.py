"""The survey form's signing secret: one per shop, even when several servers start at once."""

from __future__ import annotations

import threading

from smallcs.models import Setting, Staff, database
from smallcs.surveys.signing import form_secret


def test_servers_starting_at_once_end_with_one_secret(owner: Staff) -> None:
    """``smallcs serve`` forks one process per core; each makes sure the secret exists."""
    Setting.delete().where(Setting.key == "survey_form_secret").execute()
    workers = 8
    barrier = threading.Barrier(workers)
    secrets: list[bytes] = []
    errors: list[BaseException] = []

    def start_server() -> None:
        try:
            database.connect(reuse_if_open=True)
            barrier.wait(timeout=10)
            secrets.append(form_secret())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=start_server) for _n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert len(secrets) == workers and len(set(secrets)) == 1
    assert form_secret() == secrets[0]  # the one kept in the database
