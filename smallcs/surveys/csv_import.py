"""Importing answers collected by an external form (CSV export), matched to cards by token."""

from __future__ import annotations

import collections
import csv
import dataclasses
import datetime as dt
import enum
import io
import logging
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from smallcs import audit, clock, settings
from smallcs.errors import ValidationError
from smallcs.i18n import _, ngettext
from smallcs.models import Staff, Survey, SurveyCard, SurveyResponse, write_transaction
from smallcs.models.enums import CardKind, Question, ResponseSource
from smallcs.os_errors import os_error_reason
from smallcs.permissions import require
from smallcs.surveys.cards import look_up_card
from smallcs.surveys.responses import (
    SCALES,
    Answer,
    store_answer,
    validate_answer,
)
from smallcs.surveys.wordings import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    SUPPORTED_LANGUAGES,
)
from smallcs.typed_text import printable

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 5 * 1024 * 1024
PREVIEW_ROWS = 10
FIELDS = ("token", "csat", "nps", "ces", "comment", "contact", "language", "submitted_at")
ANSWER_FIELDS = ("csat", "nps", "ces", "comment")

# Header words that give a column away, per field, in the shipped languages.
# Tried in this order so "How likely are you to recommend" wins NPS before anything else.
_GUESSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("token", re.compile(r"token|\bcard\b|tarjeta|carte|karte|cart[aã]o", re.IGNORECASE)),
    ("nps", re.compile(r"\bnps\b|recomm|recomend|empfehl", re.IGNORECASE)),
    ("csat", re.compile(r"\bcsat\b|satisf|zufrieden", re.IGNORECASE)),
    ("ces", re.compile(r"\bces\b|effort|easy|f[aá]cil|facilit|leicht", re.IGNORECASE)),
    ("contact", re.compile(r"contact|kontakt|contat", re.IGNORECASE)),
    ("comment", re.compile(r"comment|coment|kommentar|remark|anything|feedback|mitteil", re.IGNORECASE)),
    ("language", re.compile(r"\blang|idioma|sprache", re.IGNORECASE)),
    ("submitted_at", re.compile(r"time|date|submitted|zeit|datum|fecha|horodat|data", re.IGNORECASE)),
)
_YES = {"1", "true", "yes", "y", "x", "on", "sí", "si", "oui", "ja", "sim", "✓", "✔"}
_NO = {"", "0", "false", "no", "n", "off", "non", "nein", "não", "nao"}
_SCORE = re.compile(r"^(\d{1,2})(?:\.0+)?$")
_DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 64 * 1024
_SNIFF_ROWS = 50
_SHOWN_CHARS = 40


class ImportResult(enum.StrEnum):
    """What happened to one row of an import."""

    RECORDED = "recorded"
    UNKNOWN_TOKEN = "unknown_token"
    ALREADY_ANSWERED = "already_answered"
    INVALID = "invalid"


@dataclasses.dataclass(frozen=True)
class ImportPreview:
    """The start of a CSV file and how its columns are probably meant."""

    headers: list[str]
    rows: list[list[str]]
    mapping: dict[str, str]  # field -> header
    total_rows: int
    delimiter: str


@dataclasses.dataclass(frozen=True)
class ImportRow:
    """One data row's fate; ``row`` counts as a spreadsheet does (the header is row 1).

    ``column`` is the file's own name for the column at fault (its header, or "column 3"
    when it has none), empty when the row as a whole is at fault; ``reason`` says what is
    wrong in words a shop owner reads, without the column.
    """

    row: int
    token: str
    result: ImportResult
    reason: str = ""
    column: str = ""

    @property
    def message(self) -> str:
        """The reason with the column it is about, as one line shows it."""
        return _("\"{column}\": {reason}").format(column=self.column, reason=self.reason) if self.column \
            else self.reason


@dataclasses.dataclass
class ImportReport:
    """The per-row results of one import."""

    rows: list[ImportRow] = dataclasses.field(default_factory=list)

    @property
    def counts(self) -> dict[ImportResult, int]:
        found = collections.Counter(r.result for r in self.rows)
        return {result: found.get(result, 0) for result in ImportResult}

    @property
    def recorded(self) -> int:
        return self.counts[ImportResult.RECORDED]

    @property
    def refused(self) -> int:
        """Rows nothing was saved from because something in them is wrong (not those answered before)."""
        counts = self.counts
        return counts[ImportResult.UNKNOWN_TOKEN] + counts[ImportResult.INVALID]


def _read_table(path: str | os.PathLike[str]) -> tuple[list[list[str]], str]:
    """All rows of a UTF-8 CSV file (header first) and its delimiter."""
    file = Path(path)
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise ValidationError(_("Cannot read {name}: {error}.").format(
            name=file.name, error=os_error_reason(exc)), field="file") from exc
    if size > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 5 MB; split it and import the parts."),
                              field="file")
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("{name} is not UTF-8 text. Export it again as \"CSV UTF-8\".").format(name=file.name),
            field="file",
        ) from exc
    except OSError as exc:
        raise ValidationError(_("Cannot read {name}: {error}.").format(
            name=file.name, error=os_error_reason(exc)), field="file") from exc
    if not text.strip():
        raise ValidationError(_("{name} is empty.").format(name=file.name), field="file")
    delimiter = _delimiter(text)
    try:
        table = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
                 if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise ValidationError(_("{name} is not a readable CSV file: {error}.").format(
            name=file.name, error=exc), field="file") from exc
    return table, delimiter


def _delimiter(text: str) -> str:
    """The delimiter that cuts the header and the first rows into the same number of columns.

    csv.Sniffer counts characters, so answers full of semicolons ("slow; rude; late")
    could outvote the commas between the columns and the whole file would be misread.
    Parsing with each candidate respects quoted cells; ties go to the wider table.
    """
    head = text[:_SNIFF_CHARS]
    best, best_score = ",", (0.0, 0)
    for candidate in _DELIMITERS:
        rows: list[list[str]] = []
        try:
            for row in csv.reader(io.StringIO(head, newline=""), delimiter=candidate):
                if any(cell.strip() for cell in row):
                    rows.append(row)
                if len(rows) > _SNIFF_ROWS:
                    break
        except csv.Error:
            pass
        if len(text) > len(head) and len(rows) > 1:
            rows.pop()  # probably cut short by the sample
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(len(row) == width for row in rows) / len(rows), width)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _shown(value: str) -> str:
    """A cell's value as a message quotes it: one short line, whatever the file holds."""
    text = " ".join(printable(value, limit=_SHOWN_CHARS).split())
    return text + "…" if len(value) > _SHOWN_CHARS else text


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Which header probably holds which field (each header used at most once)."""
    mapping: dict[str, str] = {}
    used: set[int] = set()
    for field, pattern in _GUESSES:
        for index, header in enumerate(headers):
            if index not in used and pattern.search(header):
                mapping[field] = header
                used.add(index)
                break
    return mapping


def preview_import(path: str | os.PathLike[str]) -> ImportPreview:
    """Headers, the first rows and a guessed column mapping, for the Import dialog.

    Raises:
        ValidationError: the file is too big, not UTF-8 or not CSV.
    """
    table, delimiter = _read_table(path)
    headers = [h.strip() for h in table[0]]
    return ImportPreview(headers=headers, rows=table[1:1 + PREVIEW_ROWS],
                         mapping=guess_mapping(headers), total_rows=len(table) - 1,
                         delimiter=delimiter)


def _columns(headers: list[str], mapping: Mapping[str, str | int]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for field, column in mapping.items():
        if field not in FIELDS:
            raise ValidationError(_("Unknown field {field}.").format(field=field), field="mapping")
        if isinstance(column, int):
            if not 0 <= column < len(headers):
                raise ValidationError(_("Column {n} does not exist.").format(n=column + 1),
                                      field="mapping")
            columns[field] = column
        elif column in headers:
            columns[field] = headers.index(column)
        else:
            raise ValidationError(_("The file has no column \"{column}\".").format(column=column),
                                  field="mapping")
    if "token" not in columns:
        raise ValidationError(_("Choose the column that holds the card token."), field="mapping")
    return columns


def column_title(headers: list[str], index: int) -> str:
    """A column as the file calls it: its header, or "column 3" when the header is empty."""
    header = headers[index] if index < len(headers) else ""
    return header or _("column {n}").format(n=index + 1)


def _score(value: str, question: Question) -> int | None:
    text = value.strip()
    if not text:
        return None
    low, high = SCALES[question]
    match = _SCORE.match(text)
    if not match:
        raise ValidationError(_("\"{value}\" is not a number from {low} to {high}.").format(
            value=_shown(text), low=low, high=high), field=question.value)
    score = int(match.group(1))
    if not low <= score <= high:
        raise ValidationError(_("{value} is not between {low} and {high}.").format(
            value=score, low=low, high=high), field=question.value)
    return score


def _contact(value: str) -> bool:
    text = value.strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValidationError(_("\"{value}\" is not yes or no.").format(value=_shown(value.strip())),
                          field="contact")


# What form tools write in a language column besides a code: the language's own name or its English one.
_LANGUAGE_BY_NAME: dict[str, str] = {
    **{name.casefold(): code for code, name in LANGUAGE_NAMES.items()},
    "spanish": "es", "french": "fr", "german": "de", "portuguese": "pt",
}


def _language(value: str) -> str:
    """The answer's language code; one SmallCS does not know falls back to the default.

    The language only records which page the customer read, so an unexpected value must
    not cost the shop the customer's answer.
    """
    text = value.strip().casefold().replace("_", "-")
    code = _LANGUAGE_BY_NAME.get(text, text.split("-", 1)[0])
    return code if code in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def _moment(value: str, tz: ZoneInfo) -> dt.datetime | None:
    text = value.strip()
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("/", "-"))
    except ValueError as exc:
        raise ValidationError(
            _("\"{value}\" is not a date and time like 2026-03-04 10:22.").format(value=_shown(text)),
            field="submitted_at",
        ) from exc
    utc = clock.to_utc(moment, tz) if moment.tzinfo is None else \
        moment.astimezone(dt.UTC).replace(tzinfo=None)
    return utc.replace(microsecond=0)


def _parse_row(
    cells: list[str], columns: dict[str, int], tz: ZoneInfo, asked: Sequence[Question]
) -> tuple[Answer, dt.datetime | None]:
    """The row's validated answer to the card's ``asked`` questions and when it was given (None: not in the file)."""
    def cell(field: str) -> str:
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else ""

    # A "yes" to contact on a card that does not ask it (a poster's) names no one to contact:
    # it is left out rather than refusing the row's answers.
    contact = _contact(cell("contact")) and Question.CONTACT in asked
    answer = validate_answer(
        asked,
        csat=_score(cell("csat"), Question.CSAT), nps=_score(cell("nps"), Question.NPS),
        ces=_score(cell("ces"), Question.CES), comment=cell("comment"),
        contact_requested=contact, language=_language(cell("language")),
    )
    return answer, _moment(cell("submitted_at"), tz)


def _poster_duplicate(card: SurveyCard, answer: Answer, submitted_at: dt.datetime | None) -> bool:
    """A reusable card has no answered flag: an identical imported row means a re-run."""
    query = SurveyResponse.select().where(
        (SurveyResponse.card == card.id) & (SurveyResponse.source == ResponseSource.IMPORT.value)
        & (SurveyResponse.csat.is_null() if answer.csat is None else SurveyResponse.csat == answer.csat)
        & (SurveyResponse.nps.is_null() if answer.nps is None else SurveyResponse.nps == answer.nps)
        & (SurveyResponse.ces.is_null() if answer.ces is None else SurveyResponse.ces == answer.ces)
        & (SurveyResponse.comment == answer.comment)
    )
    if submitted_at is not None:
        query = query.where(SurveyResponse.submitted_at == submitted_at)
    return query.exists()


def _nothing_answered(names: Mapping[str, str]) -> str:
    answer_columns = [f"\"{names[field]}\"" for field in ANSWER_FIELDS if field in names]
    if not answer_columns:
        return _("Nothing to import: no column of answers is chosen.")
    return ngettext("Nothing to import: the answer column {columns} is empty.",
                    "Nothing to import: the answer columns {columns} are all empty.",
                    len(answer_columns)).format(columns=", ".join(answer_columns))


def _import_row(cells: list[str], columns: dict[str, int], names: Mapping[str, str], tz: ZoneInfo,
                row: int) -> ImportRow:
    """Record one row's answer, or say why not (``names``: field -> the column's title in the file)."""
    token = cells[columns["token"]].strip() if columns["token"] < len(cells) else ""
    found = look_up_card(token)
    card = found.card
    if card is None:
        reason = (_("No printed card has the token \"{token}\".").format(token=_shown(token)) if token
                  else _("The token is empty."))
        return ImportRow(row, token, ImportResult.UNKNOWN_TOKEN, reason, names["token"])
    survey = Survey.get_by_id(card.survey_id)
    try:
        answer, submitted_at = _parse_row(cells, columns, tz, found.questions)
    except ValidationError as exc:
        if exc.field == "answer":
            return ImportRow(row, token, ImportResult.INVALID, _nothing_answered(names))
        return ImportRow(row, token, ImportResult.INVALID, str(exc), names.get(exc.field or "", ""))
    if card.kind == CardKind.POSTER and _poster_duplicate(card, answer, submitted_at):
        return ImportRow(row, token, ImportResult.ALREADY_ANSWERED, _("This row was imported before."))
    stored = store_answer(card, survey, answer, source=ResponseSource.IMPORT,
                          submitted_at=submitted_at)
    if stored is None:
        return ImportRow(row, token, ImportResult.ALREADY_ANSWERED,
                         _("This card already has its answer."))
    return ImportRow(row, token, ImportResult.RECORDED)


def import_responses(
    actor: Staff, path: str | os.PathLike[str], *, mapping: Mapping[str, str | int]
) -> ImportReport:
    """Import an external form's CSV export; every row is matched to a card by token.

    Safe to run twice: a single-use card takes one answer, so a second run
    reports those rows as already answered and adds nothing. Card expiry does
    not apply (the form was filled in earlier). All recorded rows land in one
    transaction with one audit event.

    Args:
        actor: who imports (manager or owner).
        path: the CSV file (UTF-8, at most 5 MB).
        mapping: field name (see :data:`FIELDS`) -> column header or index; ``token`` required.

    Returns:
        The per-row report.

    Raises:
        PermissionDenied, ValidationError (file or mapping unusable; nothing stored).
    """
    require(actor, "surveys.import")
    table, _delimiter = _read_table(path)
    headers = [h.strip() for h in table[0]]
    columns = _columns(headers, mapping)
    names = {field: column_title(headers, index) for field, index in columns.items()}
    tz = settings.get_profile().zone
    report = ImportReport()
    with write_transaction():
        for number, cells in enumerate(table[1:], start=2):
            report.rows.append(_import_row(cells, columns, names, tz, number))
        counts = {k.value: v for k, v in report.counts.items()}
        audit.record(actor, "surveys.import", entity="survey_response",
                     detail={"file": Path(path).name, **counts})
    log.info("imported survey answers: %s", counts)
    return report
