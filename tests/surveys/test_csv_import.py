"""External form mode: importing a CSV export matched to cards by token."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from smallcs.errors import PermissionDenied, ValidationError
from smallcs.models import AuditEvent, Staff, Survey, SurveyCard, SurveyResponse
from smallcs.surveys import ImportResult, import_responses, issue_cards, preview_import
from smallcs.surveys.csv_import import MAX_FILE_BYTES

HEADERS = ["Timestamp", "Token", "How satisfied were you with Corner Shop?",
           "How likely are you to recommend Corner Shop to a friend or colleague?",
           "Corner Shop made it easy to handle my issue.", "Anything else?",
           "You may contact me"]


def write_csv(path: Path, rows: list[list[str]], *, headers: list[str] = HEADERS,
              encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


@pytest.fixture
def cards(owner: Staff, survey: Survey, complaint_card: SurveyCard) -> list[SurveyCard]:
    """A card printed for a complaint (its customer may ask to be contacted) and two for no one."""
    return [complaint_card, *issue_cards(owner, survey_id=survey.id, count=2)]


@pytest.fixture
def export(tmp_path: Path, cards: list[SurveyCard]) -> Path:
    a, b, c = cards
    return write_csv(tmp_path / "form.csv", [
        ["2026-03-04 10:22:00", a.token, "5", "10", "7", "Merci <b>beaucoup</b>", "yes"],
        ["2026-03-04T11:00:00+00:00", b.token, "2", "3", "", "Too slow,\nreally", ""],
        ["", "NotARealTokenAtAll_xyz", "4", "8", "5", "", ""],
        ["", c.token, "9", "", "", "", ""],
        ["", a.token, "1", "0", "1", "duplicate in the same file", ""],
    ])


def test_preview_guesses_the_columns(export: Path) -> None:
    preview = preview_import(export)
    assert preview.headers == HEADERS and preview.total_rows == 5 and len(preview.rows) == 5
    assert preview.mapping == {
        "submitted_at": "Timestamp", "token": "Token", "csat": HEADERS[2], "nps": HEADERS[3],
        "ces": HEADERS[4], "comment": "Anything else?", "contact": "You may contact me",
    }


def test_import_reports_every_row_and_is_safe_to_run_twice(
    owner: Staff, export: Path, cards: list[SurveyCard]
) -> None:
    mapping = preview_import(export).mapping
    report = import_responses(owner, export, mapping=mapping)
    assert [(r.row, r.result) for r in report.rows] == [
        (2, ImportResult.RECORDED), (3, ImportResult.RECORDED), (4, ImportResult.UNKNOWN_TOKEN),
        (5, ImportResult.INVALID), (6, ImportResult.ALREADY_ANSWERED),
    ]
    # Each refusal names the column as the file calls it, and says what is wrong with the cell.
    assert (report.rows[2].column, report.rows[2].reason) == \
        ("Token", "No printed card has the token \"NotARealTokenAtAll_xyz\".")
    assert (report.rows[3].column, report.rows[3].reason) == (HEADERS[2], "9 is not between 1 and 5.")
    assert report.rows[3].message == f"\"{HEADERS[2]}\": 9 is not between 1 and 5."
    assert report.recorded == 2
    rows = {r.card_id: r for r in SurveyResponse.select()}
    first = rows[cards[0].id]
    assert (first.csat, first.nps, first.ces, first.contact_requested) == (5, 10, 7, True)
    assert first.comment == "Merci <b>beaucoup</b>" and first.source == "import"
    # The shop is in Madrid: 10:22 local in March is 09:22 UTC.
    assert first.submitted_at.isoformat() == "2026-03-04T09:22:00"
    assert rows[cards[1].id].comment == "Too slow,\nreally"
    assert rows[cards[1].id].submitted_at.isoformat() == "2026-03-04T11:00:00"

    again = import_responses(owner, export, mapping=mapping)
    assert again.recorded == 0
    assert again.counts[ImportResult.ALREADY_ANSWERED] == 3
    assert SurveyResponse.select().count() == 2
    events = AuditEvent.select().where(AuditEvent.action == "surveys.import")
    assert [json.loads(e.detail)["recorded"] for e in events] == [2, 0]


def test_poster_rows_are_not_imported_twice(owner: Staff, survey: Survey, tmp_path: Path) -> None:
    from smallcs.models.enums import CardKind

    poster = issue_cards(owner, survey_id=survey.id, count=1, kind=CardKind.POSTER)[0]
    path = write_csv(tmp_path / "p.csv", [
        ["2026-03-04 10:00", poster.token, "5", "", "", "", ""],
        ["2026-03-04 10:05", poster.token, "4", "", "", "", ""],
    ])
    mapping = preview_import(path).mapping
    assert import_responses(owner, path, mapping=mapping).recorded == 2
    assert import_responses(owner, path, mapping=mapping).recorded == 0
    assert SurveyResponse.select().count() == 2


def test_a_contact_yes_on_a_card_for_no_one_is_left_out_and_the_answer_kept(
    owner: Staff, cards: list[SurveyCard], tmp_path: Path
) -> None:
    """Such a card does not ask (no one to call back): the row's scores and comment still count."""
    path = write_csv(tmp_path / "c.csv", [["2026-03-04 10:00", cards[1].token, "4", "9", "", "Nice", "yes"]])
    assert import_responses(owner, path, mapping=preview_import(path).mapping).recorded == 1
    stored = SurveyResponse.get(SurveyResponse.card == cards[1].id)
    assert (stored.csat, stored.nps, stored.comment, stored.contact_requested) == (4, 9, "Nice", False)


def test_semicolons_and_a_byte_order_mark(owner: Staff, tmp_path: Path,
                                          cards: list[SurveyCard]) -> None:
    path = write_csv(tmp_path / "excel.csv", [["", cards[0].token, "4", "", "", "Ça va", "non"]],
                     encoding="utf-8-sig", delimiter=";")
    preview = preview_import(path)
    assert preview.delimiter == ";" and preview.headers[0] == "Timestamp"
    assert import_responses(owner, path, mapping={"token": 1, "csat": 2, "comment": 5}).recorded == 1
    assert SurveyResponse.get().comment == "Ça va"


def test_language_names_and_unknown_languages_keep_the_answer(
    owner: Staff, tmp_path: Path, cards: list[SurveyCard]
) -> None:
    path = write_csv(tmp_path / "lang.csv", [
        [cards[0].token, "5", "Español"], [cards[1].token, "4", "French"], [cards[2].token, "3", "tlh"],
    ], headers=["Token", "CSAT", "Language"])
    report = import_responses(owner, path, mapping={"token": 0, "csat": 1, "language": 2})
    assert report.recorded == 3
    languages = {r.card_id: r.language for r in SurveyResponse.select()}
    assert languages == {cards[0].id: "es", cards[1].id: "fr", cards[2].id: "en"}


def test_bad_files_are_refused_clearly(owner: Staff, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("Token,Comment\nabc,caf\xe9\n".encode("latin-1"))
    with pytest.raises(ValidationError, match="UTF-8"):
        preview_import(latin)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(ValidationError, match="empty"):
        preview_import(empty)
    huge = tmp_path / "huge.csv"
    huge.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    with pytest.raises(ValidationError, match="5 MB"):
        import_responses(owner, huge, mapping={"token": 0})
    with pytest.raises(ValidationError):
        preview_import(tmp_path / "missing.csv")


def test_mapping_must_name_the_token_and_real_columns(owner: Staff, export: Path) -> None:
    with pytest.raises(ValidationError):
        import_responses(owner, export, mapping={"csat": HEADERS[2]})
    with pytest.raises(ValidationError):
        import_responses(owner, export, mapping={"token": "No such column"})
    assert SurveyResponse.select().count() == 0


def test_only_managers_import(clerk: Staff, export: Path) -> None:
    with pytest.raises(PermissionDenied):
        import_responses(clerk, export, mapping={"token": "Token"})


@pytest.mark.parametrize(("cells", "column", "reason"), [
    (["12", "", "", ""], "Recommend (0-10)", "12 is not between 0 and 10."),
    (["ten", "", "", ""], "Recommend (0-10)", "\"ten\" is not a number from 0 to 10."),
    (["", "0", "", ""], "Stars", "0 is not between 1 and 5."),
    (["", "", "maybe", "x"], "Call me?", "\"maybe\" is not yes or no."),
    (["", "", "", "x", "yesterday"], "When", "\"yesterday\" is not a date and time like 2026-03-04 10:22."),
    (["", "", "", " ", ""], "",
     "Nothing to import: the answer columns \"Stars\", \"Recommend (0-10)\", \"column 4\" are all empty."),
], ids=["out of range", "not a number", "below the scale", "not yes or no", "not a date", "nothing answered"])
def test_a_refused_row_names_the_column_as_the_file_calls_it(
    owner: Staff, tmp_path: Path, cards: list[SurveyCard], cells: list[str], column: str, reason: str
) -> None:
    """The shop owner finds the cell from the row number and the header they see in the spreadsheet."""
    headers = ["Recommend (0-10)", "Stars", "Call me?", "", "When", "Card"]
    padded = [*cells, "", "", "", "", ""][:5]
    path = write_csv(tmp_path / "form.csv", [[*padded, cards[0].token]], headers=headers)
    mapping = {"nps": 0, "csat": 1, "contact": 2, "comment": 3, "submitted_at": 4, "token": 5}
    [row] = import_responses(owner, path, mapping=mapping).rows
    assert (row.row, row.result, row.column, row.reason) == (2, ImportResult.INVALID, column, reason)
    assert SurveyResponse.select().count() == 0


def test_a_column_without_a_header_is_called_by_its_number(
    owner: Staff, tmp_path: Path, cards: list[SurveyCard]
) -> None:
    path = write_csv(tmp_path / "form.csv", [[cards[0].token, "8"]], headers=["Token", ""])
    [row] = import_responses(owner, path, mapping={"token": 0, "ces": 1}).rows
    assert (row.column, row.reason) == ("column 2", "8 is not between 1 and 7.")
