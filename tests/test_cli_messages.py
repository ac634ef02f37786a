"""What ``smallcs`` says to the person at the terminal: help that names the files, card codes as
printed, a refused survey address, and a survey server that stops on Ctrl+C without a traceback."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
from pathlib import Path

import pypdf
import pytest

from tests.test_cli import assert_one_line_error, run
from tests.test_cli_surveys import _start_server


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo shop (one month); its cards print http://192.168.1.20:8765."""
    path = tmp_path_factory.mktemp("shop") / "shop.db"
    loaded = run("demo", "--db", str(path), "--months", "1")
    assert loaded.returncode == 0, loaded.stderr
    return path


def _option_help(command: str, option: str) -> str:
    """The help text of one option of ``smallcs COMMAND --help``, on one line."""
    text = run(command, "--help").stdout
    block = re.search(rf"^  ({re.escape(option)}.*?)(?=^  -|\Z)", text, re.DOTALL | re.MULTILINE)
    assert block is not None, text
    return " ".join(block.group(1).split())


@pytest.mark.parametrize("command, says", [
    ("cards", "the PDF file to write the cards to"),
    ("receipt", "the PDF file to write the receipt to"),
    ("report", "the PDF file to write the report to"),
    ("export", "a CSV spreadsheet for complaints and responses, a JSON file for a customer's data"),
    ("backup", "a complete SQLite copy of the database"),
])
def test_every_output_option_says_what_the_file_is(command: str, says: str) -> None:
    assert says in _option_help(command, "-o")


def test_cards_shows_the_codes_as_the_cards_print_them(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "cards.pdf"
    result = run("--db", str(shop), "cards", "--survey", "Customer feedback", "--count", "3", "-o", str(out),
                 "--as", "owner", stdin="demo-owner\n")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(shop) as conn:
        stored = [code for (code,) in conn.execute("SELECT short_code FROM survey_card ORDER BY id DESC LIMIT 3")]
    first, last = (f"{code[:4]}-{code[4:]}" for code in (stored[-1], stored[0]))
    assert f"codes {first} … {last}" in result.stdout
    printed = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert first in printed and last in printed


@pytest.mark.parametrize("address", ["nonsense", "192.168.1.20:8765", "ftp://shop.example", "http://",
                                     "https://:8443", "http://shop.example:port"])
def test_serve_refuses_an_address_that_is_not_a_web_address(shop: Path, address: str) -> None:
    result = run("--db", str(shop), "serve", "--base-url", address)
    assert_one_line_error(result, 2, f"'{address}' is not a web address: use http:// or https:// and a host")


def test_the_command_speaks_the_systems_language(shop: Path) -> None:
    refused = run("--db", str(shop), "serve", "--base-url", "nonsense", env={"LANGUAGE": "es"})
    assert_one_line_error(refused, 2, "'nonsense' no es una dirección web: use http:// o https:// y un servidor")
    assert "el archivo PDF en el que escribir el informe" in " ".join(
        run("report", "--help", env={"LANGUAGE": "es"}).stdout.split())


def test_argparse_own_words_speak_it_too(shop: Path) -> None:
    """'usage:', 'options' and the parser's own errors are not left in English."""
    help_text = run("report", "--help", env={"LANGUAGE": "es"}).stdout
    assert help_text.startswith("uso: ") and "opciones:" in help_text and "mostrar esta ayuda y salir" in help_text
    assert "usage:" not in help_text and "show this help" not in help_text
    refused = run("--db", str(shop), "cards", "--layout", "napkin", env={"LANGUAGE": "es"})
    assert refused.returncode == 2 and "opción no válida: 'napkin'" in refused.stderr
    assert "invalid choice" not in refused.stderr


@pytest.mark.parametrize("processes", ["1", pytest.param("2", marks=pytest.mark.skipif(
    not hasattr(os, "fork"), reason="several processes need fork"))])
def test_ctrl_c_stops_the_survey_server_quietly(shop: Path, processes: str) -> None:
    server, port = _start_server(shop, "--base-url", "http://192.168.1.20:8765", "--processes", processes)
    try:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    assert server.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == "Survey server stopped."
    assert out.splitlines() == [(f"Survey server listening on http://127.0.0.1:{port}."
                                 " The cards point to http://192.168.1.20:8765. Press Ctrl+C to stop.")]
