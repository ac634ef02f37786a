"""The figures ``smallcs`` prints are written the way the terminal's language writes them.

A Spanish PC reads "1.184 quejas" and "3,7 MB", an English one "1,184 complaints" and
"3.7 MB"; identifiers (a file's row numbers) stay as they are. Babel, which writes them,
loads with the first figure, never for ``--help`` or ``--version``.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest

from tests.test_cli import ENGLISH, run

# A Spanish computer as it is usually set up: the language in LANG, no LANGUAGE list.
SPANISH = {"LANGUAGE": "", "LANG": "es_ES.UTF-8"}
OWNER = ("--as", "owner")
PASSWORD = "demo-owner\n"


def spanish(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _demo(db: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A year of the demo shop, half again as busy: well over a thousand complaints."""
    loaded = run("demo", "--db", str(db), "--months", "12", "--scale", "1.5", env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert _count(db, "complaint") >= 1000  # else nothing here would be grouped
    return loaded


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shop") / "shop.db"
    _demo(path)
    return path


@pytest.mark.parametrize(("env", "says"), [
    (SPANISH, "Datos de demostración cargados: {complaints} quejas, {customers} clientes"),
    ({}, "Demo data loaded: {complaints} complaints, {customers} customers"),
])
def test_demo_counts_what_it_loaded_in_the_terminals_language(tmp_path: Path, env: dict[str, str],
                                                              says: str) -> None:
    db = tmp_path / "demo.db"
    loaded = _demo(db, env)
    write = spanish if env else "{:,}".format
    assert says.format(complaints=write(_count(db, "complaint")), customers=write(_count(db, "customer"))) \
        in loaded.stdout


def test_export_counts_the_rows_it_wrote(shop: Path, tmp_path: Path) -> None:
    total = _count(shop, "complaint")
    in_spanish = run("--db", str(shop), "export", "complaints", "-o", str(tmp_path / "quejas.csv"), env=SPANISH)
    assert in_spanish.returncode == 0, in_spanish.stderr
    assert f"{spanish(total)} quejas escritas en" in in_spanish.stdout
    in_english = run("--db", str(shop), "export", "complaints", "-o", str(tmp_path / "complaints.csv"))
    assert f"{total:,} complaints written to" in in_english.stdout


def test_backup_gives_its_size_in_megabytes_with_the_languages_decimal_sign(shop: Path, tmp_path: Path) -> None:
    copia = tmp_path / "copia.db"
    in_spanish = run("--db", str(shop), "backup", "-o", str(copia), env=SPANISH)
    assert in_spanish.returncode == 0, in_spanish.stderr
    megabytes = (Decimal(copia.stat().st_size) / 1_000_000).quantize(Decimal("0.1"), ROUND_HALF_EVEN)
    assert megabytes >= 1  # a figure with a whole part and a decimal one
    assert f"({str(megabytes).replace('.', ',')} MB)" in in_spanish.stdout
    in_english = run("--db", str(shop), "backup", "-o", str(tmp_path / "copy.db"))
    assert f"({megabytes} MB)" in in_english.stdout
    assert "bytes" not in in_english.stdout


def test_copy_database_counts_each_table_and_the_whole(shop: Path, tmp_path: Path) -> None:
    result = run("--db", str(shop), "copy-database", "--to", str(tmp_path / "nueva.db"), env=SPANISH)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    counts = dict(line.strip().split(": ") for line in lines[:-1])
    assert counts["complaint"] == spanish(_count(shop, "complaint"))
    assert counts == {table: spanish(_count(shop, table)) for table in counts}
    total = sum(_count(shop, table) for table in counts)
    assert f" {spanish(total)} " in lines[-1]


def test_import_counts_refused_rows_but_names_rows_by_their_number(shop: Path, tmp_path: Path) -> None:
    answers = tmp_path / "formulario.csv"
    answers.write_text("Token,Satisfaction\n" + "".join(f"no-such-card-{n},4\n" for n in range(1200)),
                       encoding="utf-8")
    before = _count(shop, "survey_response")
    in_spanish = run("--db", str(shop), "import-responses", str(answers), *OWNER, stdin=PASSWORD, env=SPANISH)
    assert in_spanish.returncode == 0, in_spanish.stderr
    assert "0 respuestas (1.200 tarjeta desconocida)" in in_spanish.stdout
    assert "fila 1201: tarjeta desconocida" in in_spanish.stdout  # the file's row, as a spreadsheet numbers it
    in_english = run("--db", str(shop), "import-responses", str(answers), *OWNER, stdin=PASSWORD)
    assert "0 answers imported from formulario.csv (1,200 unknown card)" in in_english.stdout
    assert "row 1201: unknown card" in in_english.stdout
    assert _count(shop, "survey_response") == before


HEAVY = ("babel", "reportlab", "qrcode", "PIL", "flask", "waitress", "PySide6", "psycopg")
_MAIN_THEN_MODULES = """
import sys
from smallcs import cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("backup", "--help"), ("serve", "--help")])
def test_help_and_version_load_no_number_formatting_or_other_heavy_module(args: tuple[str, ...]) -> None:
    done = subprocess.run([sys.executable, "-c", _MAIN_THEN_MODULES, *args], capture_output=True, text=True,
                          timeout=60, check=False, env={**ENGLISH, "LANGUAGE": "es"})
    assert done.stdout.strip(), done.stderr
    assert set(done.stderr.split()) & set(HEAVY) == set()
