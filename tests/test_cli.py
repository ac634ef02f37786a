"""The installed ``smallcs`` command, run as a user would, in a subprocess."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

import smallcs

SMALLCS = shutil.which("smallcs", path=str(Path(sys.executable).parent)) or "smallcs"
# The command speaks the system's language; the tests read its English, whatever this machine runs in.
ENGLISH = {**os.environ, "LANGUAGE": "en"}


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SMALLCS, *args], input=stdin, capture_output=True, text=True, timeout=120, check=False,
        env={**ENGLISH, **(env or {})},
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert text in result.stderr


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == f"SmallCS {smallcs.__version__}"
    help_text = run("--help").stdout
    for command in ("demo", "serve", "cards", "report", "export", "import-responses",
                    "backup", "restore", "user"):
        assert command in help_text


def test_user_accounts_from_the_command_line(db_path: Path) -> None:
    added = run("--db", str(db_path), "user", "add", "Olivia", "--role", "owner", "--name",
                "Olivia Owner", stdin="owner-password\n")
    assert added.returncode == 0, added.stderr
    assert "Added olivia (Owner)" in added.stdout
    staff = run("user", "add", "sam", "--db", str(db_path), "--as", "olivia",
                stdin="owner-password\nsam-password\n")
    assert staff.returncode == 0, staff.stderr
    listing = run("user", "list", "--db", str(db_path)).stdout
    assert "olivia\tOwner\tactive\tOlivia Owner" in listing
    assert "sam\tStaff\tactive" in listing
    spanish = run("user", "list", "--db", str(db_path), env={"LANGUAGE": "", "LANG": "es_ES.UTF-8"}).stdout
    assert "olivia\tPropietario\tactiva\tOlivia Owner" in spanish  # the role in the user's language too
    passwd = run("user", "passwd", "sam", "--db", str(db_path), stdin="sam-password\nsam-password-2\n")
    assert passwd.returncode == 0, passwd.stderr
    disabled = run("user", "disable", "sam", "--db", str(db_path), "--as", "olivia",
                   stdin="owner-password\n")
    assert disabled.returncode == 0, disabled.stderr
    assert "sam\tStaff\tdisabled" in run("user", "list", "--db", str(db_path)).stdout


def test_first_account_must_be_an_owner_and_others_need_an_owner(db_path: Path) -> None:
    assert_one_line_error(run("user", "add", "sam", "--db", str(db_path), stdin="sam-password\n"),
                          1, "must be an owner")
    run("user", "add", "olivia", "--role", "owner", "--db", str(db_path), stdin="owner-password\n")
    assert_one_line_error(run("user", "add", "eve", "--db", str(db_path), stdin="eve-password\n"),
                          1, "--as")
    wrong = run("user", "add", "eve", "--db", str(db_path), "--as", "olivia",
                stdin="guessing-wrong\neve-password\n")
    assert_one_line_error(wrong, 1, "Wrong user name or password")
    assert "eve" not in run("user", "list", "--db", str(db_path)).stdout


def test_database_from_the_environment(tmp_path: Path) -> None:
    target = tmp_path / "env.db"
    result = run("user", "add", "olivia", "--role", "owner", stdin="owner-password\n",
                 env={"SMALLCS_DB": str(target)})
    assert result.returncode == 0, result.stderr
    assert target.exists()


@pytest.mark.parametrize("args, code, text", [
    (("report", "--month", "2026-13", "-o", "r.pdf"), 2, "is not a month"),
    (("report", "--month", "last", "-o", "r.pdf"), 2, "is not a month"),
    (("import-responses", "/no/such/answers.csv"), 2, "no such file"),
    (("--db", "/no/such/dir/shop.db", "user", "list"), 1, "No database at"),
    (("--db", "oracle://x", "user", "list"), 1, "Unsupported database URL"),
    (("demo", "--scale", "-3"), 2, "scale"),
    (("demo", "--until", "30/11/2026"), 2, "is not a day"),
    (("demo", "--until", "2999-01-01"), 2, "is after today"),
    (("frobnicate",), 2, "invalid choice"),
])
def test_bad_input_gets_one_clear_line(args: tuple[str, ...], code: int, text: str) -> None:
    assert_one_line_error(run(*args), code, text)


@pytest.mark.parametrize("command", [
    ("report", "--month", "2026-10", "-o", "{out}"), ("export", "responses", "-o", "{out}"),
    ("user", "list"), ("backup", "-o", "{out}"), ("cards", "--survey", "1", "--count", "1", "-o", "{out}"),
    ("serve", "--port", "8799"),
], ids=lambda command: command[0])
def test_a_mistyped_database_path_is_refused_not_created(tmp_path: Path, command: tuple[str, ...]) -> None:
    """Only `demo` and `user add` make a new database: anything else on a path with no database
    would quietly answer from an empty one (an empty report, "0 answers written")."""
    typo, out = tmp_path / "shpo.db", tmp_path / "out"
    result = run("--db", str(typo), *(part.format(out=out) for part in command))
    assert_one_line_error(result, 1, f"No database at {typo}")
    assert sorted(tmp_path.iterdir()) == []  # no database made, nothing written


def test_the_report_of_an_empty_month_is_written(db_path: Path, tmp_path: Path) -> None:
    assert run("user", "add", "olivia", "--role", "owner", "--db", str(db_path), stdin="owner-secret-1\n").returncode == 0
    out = tmp_path / "r.pdf"
    result = run("--db", str(db_path), "report", "--month", "2026-10", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Report for October 2026 written" in result.stdout  # the month as the report itself names it
    spanish = run("--db", str(db_path), "report", "--month", "2026-10", "-o", str(out),
                  env={"LANGUAGE": "", "LANG": "es_ES.UTF-8"})
    assert spanish.stdout.startswith("Informe de octubre de 2026 ")
    assert out.read_bytes().startswith(b"%PDF")
    missing = run("--db", str(db_path), "report", "--month", "2026-10", "-o", str(tmp_path / "no" / "r.pdf"))
    assert_one_line_error(missing, 1, "does not exist")


def test_demo_fills_an_empty_database_once(db_path: Path) -> None:
    loaded = run("demo", "--db", str(db_path), "--months", "2")
    assert loaded.returncode == 0, loaded.stderr
    assert "Log in as 'owner' with the password 'demo-owner'." in loaded.stdout
    assert "owner\tOwner\tactive" in run("user", "list", "--db", str(db_path)).stdout
    again = run("demo", "--db", str(db_path))
    assert_one_line_error(again, 1, "error")


def test_demo_until_a_day_gives_the_same_shop_every_time(tmp_path: Path) -> None:
    """What the user guide's two commands rely on to reproduce the report's pictures."""
    shops = []
    for name in ("a.db", "b.db"):
        loaded = run("demo", "--db", str(tmp_path / name), "--months", "2", "--until", "2026-11-30")
        assert loaded.returncode == 0, loaded.stderr
        with sqlite3.connect(tmp_path / name) as shop:
            shops.append(shop.execute("SELECT received_at, summary, status FROM complaint ORDER BY id").fetchall())
    assert shops[0] == shops[1]
    assert max(received for received, _summary, _status in shops[0]).startswith("2026-11-30")


def _report_text(path: Path) -> str:
    """The PDF's words, one space apart (a sentence may wrap anywhere)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_the_report_follows_who_makes_it(db_path: Path, tmp_path: Path) -> None:
    db = str(db_path)
    loaded = run("demo", "--db", db, "--months", "2", "--until", "2026-11-30")
    assert loaded.returncode == 0, loaded.stderr
    for name, role in (("mia", "manager"), ("sam", "staff")):
        added = run("user", "add", name, "--role", role, "--db", db, "--as", "owner",
                    stdin=f"demo-owner\n{name}-secret-1\n")
        assert added.returncode == 0, added.stderr

    def report(name: str, *extra: str, stdin: str = "") -> tuple[subprocess.CompletedProcess[str], Path]:
        out = tmp_path / f"{name}.pdf"
        return run("--db", db, "report", "--month", "2026-11", "-o", str(out), *extra, stdin=stdin), out

    owners, owners_pdf = report("owner")
    assert owners.returncode == 0, owners.stderr
    assert "This section is only in reports an owner makes" in _report_text(owners_pdf)

    managers, managers_pdf = report("manager", "--as", "mia", stdin="mia-secret-1\n")
    assert managers.returncode == 0, managers.stderr
    assert "November 2026" in _report_text(managers_pdf)
    assert "This section is only in reports an owner makes" not in _report_text(managers_pdf)

    left_out, left_out_pdf = report("no-staff", "--no-staff")
    assert left_out.returncode == 0, left_out.stderr
    assert "This section is only in reports an owner makes" not in _report_text(left_out_pdf)

    refused, refused_pdf = report("staff", "--as", "sam", stdin="sam-secret-1\n")
    assert_one_line_error(refused, 1, "")
    assert not refused_pdf.exists()
    wrong, wrong_pdf = report("wrong", "--as", "mia", stdin="not-her-password\n")
    assert_one_line_error(wrong, 1, "")
    assert not wrong_pdf.exists()
