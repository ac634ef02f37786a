"""Importing answers from a CSV file: the preview, the column choice, the worker and its counts."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from smallcs import surveys
from smallcs.models import AuditEvent, Staff, Survey, SurveyCard, SurveyResponse
from smallcs.models.enums import ResponseSource
from smallcs.ui.surveys.import_dialog import ImportAnswersDialog
from smallcs.ui.surveys.page import SurveysPage
from smallcs.ui.surveys.server_control import SurveyServerController
from tests.ui.surveys.test_survey_editor import mnemonics

HEADER = ["Timestamp", "Card", "How satisfied were you?", "Would you recommend us?", "Anything else?", "Email"]


@pytest.fixture
def controller(db_path: Path) -> Iterator[SurveyServerController]:
    made = SurveyServerController(str(db_path))
    yield made
    made.shutdown()


@pytest.fixture
def cards(owner: Staff) -> list[SurveyCard]:
    return surveys.issue_cards(owner, survey_id=Survey.get().id, count=5)


def _write(path: Path, rows: list[list[str]], *, delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, delimiter=delimiter).writerows(rows)
    return path


def _page(qtbot: QtBot, controller: SurveyServerController, actor: Staff) -> SurveysPage:
    page = SurveysPage(controller)
    qtbot.add_widget(page)
    page.set_actor(actor)
    page.refresh()
    page.resize(1000, 700)
    with qtbot.waitExposed(page):
        page.show()
    return page


def _dialog(qtbot: QtBot, actor: Staff) -> ImportAnswersDialog:
    dialog = ImportAnswersDialog(actor)
    qtbot.add_widget(dialog)
    dialog.show()
    return dialog


def _import(qtbot: QtBot, dialog: ImportAnswersDialog) -> None:
    assert dialog.import_button.isEnabled(), dialog.problems.text()
    with qtbot.wait_signal(dialog.imported, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.busy and dialog.task is not None and not dialog.close_button.isEnabled()
    assert not dialog.busy


def test_importing_a_csv_file_stores_the_answers_and_counts_them(
        qtbot: QtBot, controller: SurveyServerController, manager: Staff, cards: list[SurveyCard],
        tmp_path: Path) -> None:
    surveys.record_response(token=cards[3].token, csat=2, nps=None, ces=None, comment=None,
                            contact_requested=False, language="en", source=ResponseSource.QR)
    path = _write(tmp_path / "form export.csv", [
        HEADER,
        ["2026-03-04 10:22", cards[0].token, "5", "10", "Quick, kind; thanks", "a@x.test"],
        ["2026-03-04 11:00", cards[1].token, "4", "", "", ""],
        ["2026-03-05 09:15", cards[2].token, "", "6", "Ça va ✓", ""],
        ["2026-03-05 09:20", "not-a-card-token-at-all-000000", "5", "9", "", ""],
        ["2026-03-05 09:30", cards[3].token, "3", "", "", ""],   # answered on the phone already
        ["2026-03-05 09:40", cards[4].token, "9", "", "", ""],   # 9 is no CSAT score
    ])
    page = _page(qtbot, controller, manager)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.import_dialog
    assert isinstance(dialog, ImportAnswersDialog) and dialog.isVisible()
    assert not dialog.import_button.isEnabled()  # nothing to import before a file is chosen

    dialog.load(path)
    # What the file holds and how each column will be read.
    note = dialog.file_note.text()
    assert note.startswith("6 rows of answers and 6 columns, separated by commas.")
    assert "Columns found: Timestamp, Card, How satisfied were you?, Would you recommend us?, Anything else?," \
           " Email." in note
    chosen = {field: combo.currentText() for field, combo in dialog.columns.items()}
    assert chosen == {"token": "Card", "csat": "How satisfied were you?", "nps": "Would you recommend us?",
                      "ces": "— not in the file —", "comment": "Anything else?",
                      "contact": "— not in the file —", "language": "— not in the file —",
                      "submitted_at": "Timestamp"}
    assert dialog.rows.rowCount() == 6 and dialog.rows.item(0, 4).text() == "Quick, kind; thanks"
    assert dialog.rows.horizontalHeaderItem(1).text() == "Card\n→ card token"
    assert dialog.rows.horizontalHeaderItem(5).text() == "Email\n(not imported)"
    assert dialog.rows_note.text() == "Showing all rows."
    assert not dialog.problems.isVisible()

    _import(qtbot, dialog)
    assert dialog.outcome.text() == ("3 answers imported. 2 rows were refused and nothing from them was saved:"
                                    " see why below. Correct the file and import it again; the answers already"
                                    " imported are not imported twice."
                                    " 1 row was skipped: its card already had its answer.")
    assert dialog.outcome.property("role") == "warning"
    assert dialog.details.toPlainText().splitlines() == [
        "Row 5, \"Card\": No printed card has the token \"not-a-card-token-at-all-000000\".",
        "Row 6: This card already has its answer.",
        "Row 7, \"How satisfied were you?\": 9 is not between 1 and 5.",
    ]
    imported = {r.card_id: r for r in SurveyResponse.select().where(
        SurveyResponse.source == ResponseSource.IMPORT.value)}
    assert set(imported) == {cards[0].id, cards[1].id, cards[2].id}
    first = imported[cards[0].id]
    assert (first.csat, first.nps, first.comment) == (5, 10, "Quick, kind; thanks")
    assert imported[cards[2].id].comment == "Ça va ✓" and imported[cards[2].id].csat is None
    # The page counts them at once, and a second run of the same file is not offered by mistake.
    assert page.surveys.item(0, 5).text() == "4"
    assert "Quick, kind; thanks" in [page.answers.item(r, 5).text() for r in range(page.answers.rowCount())]
    assert not dialog.import_button.isEnabled()


def test_a_column_the_guess_missed_can_be_chosen(
        qtbot: QtBot, manager: Staff, cards: list[SurveyCard], tmp_path: Path) -> None:
    path = _write(tmp_path / "kiosk.csv", [
        ["Code", "Stars", "Remarks"],
        [cards[0].token, "4", "Fine"],
        [cards[1].token, "2", ""],
    ], delimiter=";")
    dialog = _dialog(qtbot, manager)
    dialog.load(path)
    assert "separated by semicolons" in dialog.file_note.text()
    assert dialog.problems.isVisible() and "No column of kiosk.csv was recognised as the card token" \
        in dialog.problems.text()
    assert not dialog.import_button.isEnabled()

    dialog.set_column("token", "Code")
    dialog.set_column("csat", "Code")
    assert dialog.problems.text() \
        == "The column \"Code\" is chosen for card token and satisfaction: choose it once."
    assert not dialog.import_button.isEnabled()
    dialog.set_column("csat", "Stars")
    assert dialog.rows.horizontalHeaderItem(1).text() == "Stars\n→ satisfaction"
    assert dialog.mapping() == {"token": 0, "csat": 1, "comment": 2}
    assert not dialog.problems.isVisible()

    _import(qtbot, dialog)
    assert dialog.outcome.text() == "2 answers imported."
    assert dialog.outcome.property("role") == "ok" and not dialog.details.isVisible()
    assert sorted(r.csat or 0 for r in SurveyResponse.select()) == [2, 4]

    # Another choice of columns may be imported again; the cards answered stay answered once.
    assert not dialog.import_button.isEnabled()
    dialog.set_column("comment", "")
    _import(qtbot, dialog)
    assert dialog.outcome.text() == \
        "No answer imported. 2 rows were skipped: their cards already had their answers."
    assert dialog.outcome.property("role") == ""  # nothing new, nothing wrong
    assert SurveyResponse.select().count() == 2


def test_every_control_has_a_key_and_a_name(qtbot: QtBot, manager: Staff) -> None:
    dialog = _dialog(qtbot, manager)
    assert mnemonics(dialog) == sorted(set(mnemonics(dialog)))
    assert set("fbtswecolai") <= set(mnemonics(dialog))
    for control in (dialog.file_name, dialog.rows, dialog.details, *dialog.columns.values()):
        assert control.accessibleName()


def test_the_file_chooser_loads_the_chosen_file(
        qtbot: QtBot, manager: Staff, cards: list[SurveyCard], tmp_path: Path) -> None:
    path = _write(tmp_path / "answers.csv", [["token", "csat"], [cards[0].token, "5"]])
    dialog = _dialog(qtbot, manager)
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    chooser = dialog.file_dialog
    assert isinstance(chooser, QFileDialog) and chooser.isVisible() and chooser.isModal()
    chooser.selectFile(str(path))
    chooser.accept()
    assert dialog.file_name.text() == str(path)
    assert dialog.columns["token"].currentText() == "token" and dialog.import_button.isEnabled()


def _not_utf8(path: Path) -> None:
    path.write_bytes("token;comentário\nabc;está bien\n".encode("cp1252"))


def _picture(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\xff\xfe")


def _empty(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf\r\n  \n")


def _no_token(path: Path) -> None:
    path.write_text("Name,Phone,Visited\nAna,600 123 456,2026-03-01\n", encoding="utf-8")


def _header_only(path: Path) -> None:
    path.write_text("token,csat,nps\n", encoding="utf-8")


@pytest.mark.parametrize(("make", "says"), [
    (_not_utf8, "answers.csv is not UTF-8 text. Export it again as \"CSV UTF-8\"."),
    (_picture, "answers.csv is not UTF-8 text. Export it again as \"CSV UTF-8\"."),
    (_empty, "answers.csv is empty."),
    (_no_token, "No column of answers.csv was recognised as the card token."),
    (_header_only, "answers.csv has its header row but no answers."),
], ids=["wrong encoding", "not text", "empty", "no token column", "header only"])
def test_a_bad_file_says_why_and_imports_nothing(
        qtbot: QtBot, manager: Staff, cards: list[SurveyCard], tmp_path: Path,
        make: object, says: str) -> None:
    good = _write(tmp_path / "good.csv", [["token", "csat"], [cards[0].token, "5"]])
    path = tmp_path / "answers.csv"
    make(path)  # type: ignore[operator]
    audit_before = AuditEvent.select().count()
    dialog = _dialog(qtbot, manager)
    dialog.load(good)  # a good file first: the bad one must replace it, not sit beside it
    dialog.load(path)

    shown = f"{dialog.file_note.text()}\n{dialog.problems.text()}"
    assert says in shown
    assert not dialog.import_button.isEnabled()
    dialog.start_import()  # even asked directly, nothing starts
    assert not dialog.busy and dialog.task is None
    assert SurveyResponse.select().count() == 0
    assert AuditEvent.select().count() == audit_before


def test_a_file_gone_before_the_import_imports_nothing(
        qtbot: QtBot, manager: Staff, cards: list[SurveyCard], tmp_path: Path) -> None:
    path = _write(tmp_path / "answers.csv", [["token", "csat"], [cards[0].token, "5"]])
    dialog = _dialog(qtbot, manager)
    dialog.load(path)
    path.unlink()  # moved away, or on a USB stick pulled out
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.busy
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert dialog.outcome.text().startswith("Nothing was imported: Cannot read answers.csv:")
    assert dialog.close_button.isEnabled() and dialog.browse_button.isEnabled()
    assert SurveyResponse.select().count() == 0


def test_refused_rows_turn_the_summary_into_a_warning_that_names_their_columns(
        qtbot: QtBot, manager: Staff, cards: list[SurveyCard], tmp_path: Path) -> None:
    """As the shop owner's own export reads: the row number and the header they see in the spreadsheet."""
    path = _write(tmp_path / "import.csv", [
        ["Timestamp", "Card token", "How satisfied (1-5)", "Recommend (0–10)", "Comments"],
        ["2026-12-01 10:00", cards[0].token, "4", "9", "Quick and friendly"],
        ["2026-12-01 11:00", cards[1].token, "2", "12", "Bad"],
        ["2026-12-01 12:00", "notatoken", "3", "5", "?"],
        ["2026-12-01 13:00", cards[2].token, "", "", ""],
        ["2026-12-01 13:00", cards[3].token, "", "", ""],
    ])
    dialog = _dialog(qtbot, manager)
    dialog.load(path)
    _import(qtbot, dialog)

    assert dialog.outcome.property("role") == "warning"
    assert dialog.outcome.text().startswith(
        "1 answer imported. 4 rows were refused and nothing from them was saved: see why below.")
    assert dialog.details.isVisible()
    nothing = ("Nothing to import: the answer columns \"How satisfied (1-5)\", \"Recommend (0–10)\","
               " \"Comments\" are all empty.")
    assert dialog.details.toPlainText().splitlines() == [
        "Row 3, \"Recommend (0–10)\": 12 is not between 0 and 10.",
        "Row 4, \"Card token\": No printed card has the token \"notatoken\".",
        f"Row 5: {nothing}",
        f"Row 6: {nothing}",
    ]
    # Nothing of the refused rows was kept: only the good row's answer is in.
    assert [(r.card_id, r.nps) for r in SurveyResponse.select()] == [(cards[0].id, 9)]
