"""Hostile text through every door: services, the survey page, CSV import and export,
the monthly PDF and the command line.

For each corpus string and each door the outcome is one of two: a clear message
(a SmallCS error, short, no traceback) with nothing at all written, or the text
stored faithfully (read back equal to the input after the field's documented
normalisation). Wherever the text is shown again it is escaped, never run.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from markupsafe import escape

from smallcs import accounts, customers, goals, settings
from smallcs.complaints import (
    ComplaintFilter,
    add_step,
    create_complaint,
    escalate,
    export_complaints_csv,
    fetch_complaints,
    reopen,
    resolve,
    set_suggested_steps,
    steps_of,
    suggested_steps,
)
from smallcs.complaints.canned import canned_texts, set_canned_texts
from smallcs.complaints.timeline import SuggestedStep
from smallcs.errors import AuthenticationFailed, NotFound, ValidationError
from smallcs.models import (
    AuditEvent,
    Complaint,
    Customer,
    Goal,
    Staff,
    Survey,
    SurveyCard,
    SurveyResponse,
)
from smallcs.models.enums import Channel, Outcome, Role, StepKind
from smallcs.reports.monthly import build_monthly_report
from smallcs.surveys import (
    ImportResult,
    RateLimiter,
    import_responses,
    issue_cards,
    record_response,
)
from smallcs.surveys.definitions import get_survey, update_survey
from smallcs.surveys.export import export_responses_csv
from smallcs.surveys.paper import record_paper_response
from smallcs.web.app import create_app
from tests.conftest import OWNER_PASSWORD, STAFF_PASSWORD
from tests.metrics.builders import (
    add_card,
    add_complaints,
    category_id,
    complaint_row,
    local,
)
from tests.reports.monthly_helpers import EARLY_NOVEMBER, add_answer, words
from tests.safety.dbstate import contents
from tests.safety.hostile import (
    CORPUS,
    FORMULA_STARTS,
    SHORT,
    Hostile,
    by_name,
    comment_kept,
    kept,
    neutralised,
    params,
    squashed,
    storable,
)

SMALLCS = shutil.which("smallcs", path=str(Path(sys.executable).parent)) or "smallcs"
_usernames = itertools.count(1)


# --- running one door ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Refused:
    """The service said no, with this message."""

    message: str


@dataclasses.dataclass
class Shop:
    owner: Staff
    manager: Staff
    category: int
    survey: Survey

    def complaint(self, **fields: object) -> int:
        values: dict[str, object] = {"channel": Channel.PHONE, "category_id": self.category,
                                     "summary": "Parcel arrived late"}
        values.update(fields)
        return int(create_complaint(self.owner, **values).id)  # type: ignore[arg-type]

    def card(self) -> SurveyCard:
        return issue_cards(self.owner, survey_id=self.survey.id, count=1)[0]


def attempt(write: Callable[[], object], read: Callable[[object], str]) -> str | Refused:
    """Run ``write``; on a ValidationError check that nothing at all changed."""
    before = contents()
    try:
        result = write()
    except ValidationError as exc:
        assert contents() == before, "a refused write changed the database"
        return Refused(str(exc))
    return read(result)


@dataclasses.dataclass(frozen=True)
class Door:
    """One way text gets in, what it should become, and whether a format check may refuse it."""

    name: str
    run: Callable[[Shop, str], str | Refused]
    expect: Callable[[str], str | None]
    format_checked: bool = False


def _complaint_field(field: str) -> Callable[[Shop, str], str | Refused]:
    def run(shop: Shop, text: str) -> str | Refused:
        values = {"summary": "Parcel arrived late", field: text}
        return attempt(lambda: shop.complaint(**values),
                       lambda cid: getattr(Complaint.get_by_id(cid), field))
    return run


def _customer_field(field: str) -> Callable[[Shop, str], str | Refused]:
    def run(shop: Shop, text: str) -> str | Refused:
        values = {"name": "Ana Gómez", field: text}
        return attempt(lambda: customers.create_customer(shop.owner, **values).id,  # type: ignore[arg-type]
                       lambda cid: getattr(Customer.get_by_id(cid), field))
    return run


def _last_step(complaint_id: int) -> str:
    return str(steps_of(complaint_id)[-1].text)


def _step_note(shop: Shop, text: str) -> str | Refused:
    cid = shop.complaint()
    return attempt(lambda: add_step(shop.owner, cid, kind=StepKind.NOTE, text=text),
                   lambda _step: _last_step(cid))


def _escalate(shop: Shop, text: str) -> str | Refused:
    cid = shop.complaint()
    return attempt(lambda: escalate(shop.owner, cid, to_staff_id=shop.manager.id, reason=text),
                   lambda _c: _last_step(cid))


def _resolve(shop: Shop, text: str) -> str | Refused:
    cid = shop.complaint()
    return attempt(lambda: resolve(shop.owner, cid, outcome=Outcome.APOLOGY, note=text),
                   lambda _c: _last_step(cid))


def _reopen(shop: Shop, text: str) -> str | Refused:
    cid = shop.complaint(resolved_on_the_spot=True, outcome=Outcome.APOLOGY)
    return attempt(lambda: reopen(shop.owner, cid, reason=text), lambda _c: _last_step(cid))


def _suggested_step(shop: Shop, text: str) -> str | Refused:
    steps = [SuggestedStep(StepKind.CONTACTED_CUSTOMER, text)]
    return attempt(lambda: set_suggested_steps(shop.owner, shop.category, steps),
                   lambda _s: suggested_steps(shop.category)[0].text)


def _canned_text(shop: Shop, text: str) -> str | Refused:
    return attempt(lambda: set_canned_texts(shop.owner, [text, "Called the customer."]),
                   lambda _t: canned_texts()[0])


def _display_name(shop: Shop, text: str) -> str | Refused:
    username = f"person{next(_usernames)}"
    return attempt(lambda: accounts.create_staff(shop.owner, username=username, display_name=text,
                                                 role=Role.STAFF, password=None).id,
                   lambda sid: Staff.get_by_id(sid).display_name)


def _display_name_expect(text: str) -> str | None:
    value = text.strip()
    if not storable(value) or len(value) > 80:
        return None
    return value or "(the user name)"


def _display_name_run(shop: Shop, text: str) -> str | Refused:
    got = _display_name(shop, text)
    # A blank display name falls back to the user name.
    return "(the user name)" if isinstance(got, str) and got.startswith("person") else got


def _profile(field: str) -> Callable[[Shop, str], str | Refused]:
    def run(shop: Shop, text: str) -> str | Refused:
        profile = dataclasses.replace(settings.get_profile(), **{field: text})
        return attempt(lambda: settings.save_profile(shop.owner, profile),
                       lambda _p: getattr(settings.get_profile(), field))
    return run


def _address_expect(text: str) -> str | None:
    if not storable(text) or len(text) > 500:
        return None
    return text.strip()


def _goal_note(shop: Shop, text: str) -> str | Refused:
    return attempt(lambda: goals.create_goal(shop.owner, metric="nps", target=50, due_on=dt.date(2031, 1, 1),
                                             baseline=10, note=text).id,
                   lambda gid: Goal.get_by_id(gid).note)


def _survey_field(field: str) -> Callable[[Shop, str], str | Refused]:
    def run(shop: Shop, text: str) -> str | Refused:
        current = get_survey(shop.survey.id).definition
        changed = dataclasses.replace(current, **{field: text})
        return attempt(lambda: update_survey(shop.owner, shop.survey.id, changed),
                       lambda _d: getattr(get_survey(shop.survey.id).definition, field))
    return run


def _thank_you_expect(text: str) -> str | None:
    value = text.strip().replace("\r\n", "\n")
    if not storable(value) or len(value) > 500:
        return None
    return value


def _comment_by_link(shop: Shop, text: str) -> str | Refused:
    card = shop.card()
    return attempt(lambda: record_response(token=card.token, csat=4, nps=None, ces=None, comment=text,
                                           contact_requested=False, language="en"),
                   lambda _o: SurveyResponse.get(SurveyResponse.card == card.id).comment)


def _comment_on_paper(shop: Shop, text: str) -> str | Refused:
    card = shop.card()
    return attempt(lambda: record_paper_response(shop.owner, short_code=card.short_code, csat=4, nps=None,
                                                 ces=None, comment=text, contact_requested=False),
                   lambda _o: SurveyResponse.get(SurveyResponse.card == card.id).comment)


DOORS: list[Door] = [
    Door("complaint summary", _complaint_field("summary"), kept(200, required=True)),
    Door("complaint description", _complaint_field("description"), kept(10_000)),
    Door("complaint desired outcome", _complaint_field("desired_outcome"), kept(10_000)),
    Door("complaint order reference", _complaint_field("order_reference"), kept(80)),
    Door("step note", _step_note, kept(10_000, required=True)),
    Door("escalation reason", _escalate,
         lambda t: None if (r := kept(10_000, required=True)(t)) is None else f"Escalated to Mario Manager: {r}"),
    Door("resolution note", _resolve,
         lambda t: None if (r := kept(10_000)(t)) is None else f"{r} Resolved: apology.".lstrip()),
    Door("reopen reason", _reopen, kept(10_000, required=True)),
    Door("suggested step", _suggested_step, kept(300, required=True)),
    Door("canned text", _canned_text,
         lambda t: None if (r := kept(300)(t)) is None else " ".join(r.split()) or "Called the customer."),
    Door("customer name", _customer_field("name"), squashed(200, required=True)),
    Door("customer notes", _customer_field("notes"), kept(10_000)),
    Door("customer phone", _customer_field("phone"), kept(40), format_checked=True),
    Door("customer e-mail", _customer_field("email"), kept(254), format_checked=True),
    Door("staff display name", _display_name_run, _display_name_expect),
    Door("business name", _profile("name"), kept(120, required=True)),
    Door("business address", _profile("address"), _address_expect),
    Door("goal note", _goal_note, kept(500)),
    Door("survey name", _survey_field("name"), squashed(80, required=True, squash_first=True)),
    Door("survey thank-you text", _survey_field("thank_you_text"), _thank_you_expect),
    Door("survey comment by link", _comment_by_link, comment_kept),
    Door("survey comment on paper", _comment_on_paper, comment_kept),
]


@pytest.fixture
def shop(owner: Staff) -> Shop:
    # The manager has no password: escalations need one to exist, and hashing takes time.
    manager = accounts.create_staff(owner, username="mario", display_name="Mario Manager", role=Role.MANAGER,
                                    password=None)
    return Shop(owner=owner, manager=manager, category=category_id("Delivery delay"),
                survey=Survey.get(Survey.name == "Customer feedback"))


def assert_clear(message: str) -> None:
    """A message for a person: short, one line of prose, no traceback, nothing broken in it,
    no control character that would move a terminal's cursor or flip the text's direction."""
    assert message and len(message) < 300, message[:300]
    assert "Traceback" not in message
    assert message.isprintable(), repr(message)


@pytest.mark.parametrize("hostile", params(CORPUS))
def test_every_service_door_stores_faithfully_or_refuses_clearly(
    shop: Shop, hostile: Hostile, caplog: pytest.LogCaptureFixture, allow_warnings: None
) -> None:
    for door in DOORS:
        want = door.expect(hostile.text)
        got = door.run(shop, hostile.text)
        if isinstance(got, Refused):
            assert want is None or door.format_checked, f"{door.name}: refused ({got.message})"
            assert_clear(got.message)
        else:
            assert want is not None, f"{door.name}: stored text it should refuse"
            assert got == want, f"{door.name}: stored {got[:80]!r}, expected {want[:80]!r}"
    _log_in_and_look_ups(shop, hostile.text)
    _search_finds_what_was_stored(shop, hostile.text)
    # The only warnings: the failed log-in below (its message names no user).
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING" and r.name.startswith("smallcs")]
    assert warnings == [f"failed login for staff id {shop.owner.id} (1 in a row)"]


def _log_in_and_look_ups(shop: Shop, text: str) -> None:
    """Hostile text as a user name or password, a short code, a look-up or a search."""
    for username, password in ((text, OWNER_PASSWORD), ("olivia", text)):
        before = AuditEvent.select().count()
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(username, password)
        failed = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
        assert AuditEvent.select().count() == before + 1 and failed.action == "login.failed"
    # The password that was refused still works, and the failure counted once.
    assert Staff.get(Staff.username == "olivia").failed_logins == 1
    assert accounts.authenticate("olivia", OWNER_PASSWORD).username == "olivia"

    before = contents()
    with pytest.raises(NotFound) as missing:
        record_paper_response(shop.owner, short_code=text, csat=5, nps=None, ces=None, comment="",
                              contact_requested=False)
    assert_clear(str(missing.value))
    assert isinstance(customers.find_customers(text), list)
    assert isinstance(fetch_complaints(ComplaintFilter(text=text)), list)
    assert contents() == before


def _search_finds_what_was_stored(shop: Shop, text: str) -> None:
    summary = kept(200, required=True)(text)
    if summary is None or not any(ch.isalnum() for ch in summary):
        return  # nothing searchable is stored
    cid = shop.complaint(summary=summary)
    found = [Complaint.get_by_id(row.id) for row in fetch_complaints(ComplaintFilter(text=summary))]
    assert cid in [c.id for c in found]
    # The doors above left complaints with other summaries: only those holding the text match
    # (in a field or a step of their timeline).
    for c in found:
        fields = [c.summary, c.description, c.desired_outcome, c.order_reference,
                  *(step.text for step in steps_of(c.id))]
        assert any(summary in field for field in fields), c.summary


# --- the survey page -----------------------------------------------------------------------------


def _quoted(text: str) -> str:
    """Percent-encoded as a browser sends it; broken text goes out as the bytes it came from."""
    return quote(Hostile("", text).raw, safe="")


def _form_body(nonce: str, **fields: str) -> bytes:
    pairs = {"nonce": nonce, "lang": "en", **fields}
    return "&".join(f"{k}={_quoted(v)}" for k, v in pairs.items()).encode()


def _nonce(client: FlaskClient, token: str) -> str:
    page = client.get(f"/s/{token}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    start = html.index('name="nonce" value="') + len('name="nonce" value="')
    return html[start:html.index('"', start)]


def _post(client: FlaskClient, token: str, body: bytes) -> tuple[int, str]:
    response = client.post(f"/s/{token}", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize("hostile", params(CORPUS))
def test_the_survey_page_escapes_and_stores_or_refuses(shop: Shop, db_target: str, hostile: Hostile) -> None:
    text = hostile.text
    # The shop's own texts, when accepted, are shown on the page as text.
    profile = dataclasses.replace(settings.get_profile(), name=text)
    shop_name = settings.save_profile(shop.owner, profile).name if kept(120, required=True)(text) else "Corner Shop"
    definition = dataclasses.replace(get_survey(shop.survey.id).definition, thank_you_text=text)
    thank_you = update_survey(shop.owner, shop.survey.id, definition).thank_you_text \
        if _thank_you_expect(text) is not None else ""
    client = create_app(db_target=db_target, limiter=RateLimiter(limit=50, window=600)).test_client()
    card = shop.card()

    page = client.get(f"/s/{card.token}").get_data(as_text=True)
    assert f"<h1>{escape(shop_name)}</h1>" in page

    # A wrong score sends the form back, with the comment as typed, escaped.
    status, html = _post(client, card.token, _form_body(_nonce(client, card.token), csat="9", comment=text))
    if hostile.broken:
        assert status == 400 and "out of date" in html  # not UTF-8: refused whole
    elif hostile.name == "one-megabyte":
        assert status == 413 and "shorten your comment" in html
    else:
        assert status == 400 and f">{escape(text)}</textarea>" in html
    assert "<script>" not in html and "<img src=x" not in html
    assert SurveyResponse.select().count() == 0

    status, html = _post(client, card.token, _form_body(_nonce(client, card.token), csat="4", comment=text))
    want = comment_kept(text)
    if status == 303:
        assert want is not None
        assert SurveyResponse.get().comment == want
        thanks = client.get(f"/s/{card.token}/thanks")
        assert thanks.status_code == 200
        if thank_you:
            assert f'<p lang="en">{escape(thank_you)}</p>' in thanks.get_data(as_text=True)
    else:
        assert want is None or hostile.broken, f"refused with {status}"
        assert status in (400, 413)
        assert SurveyResponse.select().count() == 0 and SurveyCard.get_by_id(card.id).answered_at is None


def test_hostile_paths_headers_and_fields_never_get_a_5xx(shop: Shop, db_target: str) -> None:
    client = create_app(db_target=db_target, limiter=RateLimiter(limit=50, window=600)).test_client()
    card = shop.card()
    for h in SHORT:
        path_text = _quoted(h.text)
        for path in (f"/s/{path_text}", f"/s/{path_text}/thanks", f"/{path_text}"):
            assert client.get(path).status_code == 404, (h.name, path)
        header = h.raw.decode("latin-1").replace("\r", "").replace("\n", "")
        response = client.get(f"/s/{card.token}?lang={path_text}", headers={"Accept-Language": header})
        assert response.status_code == 200, h.name
        # Hostile text in the other fields: a score, the language, the contact box.
        nonce = _nonce(client, card.token)
        for fields in ({"csat": h.text}, {"nps": "5", "lang": h.text}, {"nps": "5", "contact": h.text, "x": h.text}):
            status, _html = _post(client, card.token, _form_body(nonce, **fields))
            assert status in (303, 400, 200), (h.name, fields)
            if status == 303:  # a valid answer landed: use a fresh card for the rest
                card = shop.card()
                nonce = _nonce(client, card.token)


# --- CSV import and export -------------------------------------------------------------------


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    """A CSV file as a form tool writes it; broken text is written as the bytes it came from."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(Hostile("", buffer.getvalue()).raw)


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("hostile", params(CORPUS))
def test_csv_import_and_export_of_hostile_cells(shop: Shop, tmp_path: Path, hostile: Hostile) -> None:
    _export_neutralises_formulas_and_keeps_the_text(shop, tmp_path, hostile.text)
    _import_takes_each_row_or_says_why(shop, tmp_path, hostile)


def _import_takes_each_row_or_says_why(shop: Shop, tmp_path: Path, hostile: Hostile) -> None:
    text = hostile.text
    cell = text[:100_000]  # the megabyte goes in the comment only: five would pass the 5 MB limit
    cards = issue_cards(shop.owner, survey_id=shop.survey.id, count=5)
    source = tmp_path / "answers.csv"
    _write_csv(source, [
        ["token", "csat", "comment", "language", "submitted_at"],
        [cards[0].token, "4", text, "en", ""],   # a hostile comment
        [cell, "5", "ok", "en", ""],             # a hostile token
        [cards[1].token, cell, "", "en", ""],    # a hostile score
        [cards[2].token, "5", "fine", cell, ""],  # a hostile language
        [cards[3].token, "5", "fine", "en", cell],  # a hostile time
        [cards[4].token, "3", "plain row", "en", ""],
    ])
    mapping = {"token": "token", "csat": "csat", "comment": "comment", "language": "language",
               "submitted_at": "submitted_at"}
    before = contents()
    if hostile.broken or len(text) > csv.field_size_limit():  # not UTF-8, or not a table: refused whole
        with pytest.raises(ValidationError, match="not UTF-8" if hostile.broken else "not a readable CSV") as refused:
            import_responses(shop.owner, source, mapping=mapping)
        assert_clear(str(refused.value))
        assert contents() == before
        return
    report = import_responses(shop.owner, source, mapping=mapping)
    results = {row.row: row for row in report.rows}
    for row in report.rows:
        if row.reason:
            assert_clear(row.reason)
    want = comment_kept(text)
    if want is None:
        assert results[2].result == ImportResult.INVALID
    else:
        assert results[2].result == ImportResult.RECORDED
        assert SurveyResponse.get(SurveyResponse.card == cards[0].id).comment == want
    assert results[3].result == ImportResult.UNKNOWN_TOKEN
    assert results[4].result == ImportResult.INVALID
    assert results[5].result == ImportResult.RECORDED
    assert SurveyResponse.get(SurveyResponse.card == cards[2].id).language == "en"
    assert results[6].result == (ImportResult.RECORDED if not text.strip() else ImportResult.INVALID)
    assert results[7].result == ImportResult.RECORDED
    added = SurveyResponse.select().count() - len(before["survey_response"])
    assert added == report.recorded


def _export_neutralises_formulas_and_keeps_the_text(shop: Shop, tmp_path: Path, text: str) -> None:
    summary = kept(200, required=True)(text) or "Parcel arrived late"
    description = kept(10_000)(text) or ""
    name = squashed(200, required=True)(text) or "Ana Gómez"
    customer = customers.create_customer(shop.owner, name=name)
    shop.complaint(summary=summary, description=description, customer_id=customer.id)
    comment = comment_kept(text) or ""
    record_response(token=shop.card().token, csat=2, nps=None, ces=None, comment=comment,
                    contact_requested=False, language="en")

    out = tmp_path / "complaints.csv"
    assert export_complaints_csv(ComplaintFilter(), out, actor=shop.owner) == 1
    header, row = _read_csv(out)
    cells = dict(zip(header, row, strict=True))
    assert cells["Summary"] == neutralised(summary)
    assert cells["Description"] == neutralised(description)
    assert cells["Customer"] == neutralised(name)

    answers = tmp_path / "answers.csv"
    assert export_responses_csv(answers, actor=shop.owner) == 1
    header, row = _read_csv(answers)
    assert dict(zip(header, row, strict=True))["Comment"] == neutralised(comment)
    for cell in (cells["Summary"], cells["Customer"]):
        assert not cell.startswith(FORMULA_STARTS)


# --- the monthly PDF -------------------------------------------------------------------------

def _joined(*names: str) -> str:
    return " ".join(by_name(name).text for name in names)


# Twelve comments, as many as the report prints. The first eight print literally (every
# character is in DejaVu Sans and pypdf reads it back in order); the rest print without a
# crash and their plain words are checked (joined emoji print as their parts, marks and controls vanish).
PDF_COMMENTS = [
    _joined("html-script", "html-img"), _joined("html-entities"), _joined("rl-markup"),
    _joined("rl-para", "rl-unclosed"), _joined("rl-font-size"), _joined("sql-quote", "csv-hyperlink"),
    _joined("format-string"), _joined("path-traversal"),
    _joined("emoji-zwj", "rtl-override"), _joined("combining", "zero-width", "arabic"),
    _joined("control-chars"), "x" * 2000,  # the longest comment there is, one word that cannot wrap
]


def test_the_monthly_report_prints_hostile_text_literally(shop: Shop, tmp_path: Path) -> None:
    owner = shop.owner
    profile = settings.get_profile()
    settings.save_profile(owner, dataclasses.replace(profile, name="<b>Bad & Co</b> 🛒"))
    names = ["<font color=red>Eve</font> & co", "👩‍👩‍👧‍👦 مريم", "=HYPERLINK(\"x\",\"y\")", "W" * 80]
    for number, display_name in enumerate(names):
        person = accounts.create_staff(owner, username=f"hostile{number}", display_name=display_name,
                                       role=Role.STAFF, password=None)
        add_complaints([complaint_row(person, local(2026, 10, 3 + number), category=shop.category)])
    goals.create_goal(owner, metric="nps", target=50, due_on=dt.date(2027, 6, 30), baseline=10,
                      starts_on=dt.date(2026, 9, 1), note="<i>half</i> of the way & <br/> more")
    card = add_card(printed_at=local(2026, 10, 1))
    for index, comment in enumerate(PDF_COMMENTS):
        add_answer(local(2026, 10, 5 + index), csat=1, comment=comment, card_id=card if index == 0 else None)
    out = build_monthly_report("2026-10", tmp_path / "october.pdf", actor=owner, now=EARLY_NOVEMBER)
    text = words(out)
    for comment in PDF_COMMENTS[:8]:
        assert f"“{' '.join(comment.split())}”" in text
    for plain in ("family", "invoice", "total", "Zalgo:", "bell", "red", "x" * 50):
        assert plain in text
    assert "<b>Bad & Co</b>" in text
    assert "<font color=red>Eve</font> & co" in text and '=HYPERLINK("x","y")' in text
    assert "<i>half</i> of the way & <br/> more" in text


# --- the command line --------------------------------------------------------------------------


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([SMALLCS, *args], input=stdin, capture_output=True, text=True, timeout=120,
                          env={**os.environ}, errors="surrogateescape", check=False)


def test_the_command_line_with_hostile_names_and_files(shop: Shop, db_target: str, tmp_path: Path) -> None:
    added = {}
    for h in (by_name("rl-markup"), by_name("emoji-zwj"), by_name("arabic"), by_name("csv-hyperlink"),
              by_name("broken-utf8")):
        username = f"cli{len(added)}"
        staff_before = Staff.select().count()
        result = run_cli("--db", db_target, "user", "add", username, "--name", h.text, "--as", "olivia",
                         stdin=f"{OWNER_PASSWORD}\n{STAFF_PASSWORD}\n")
        assert "Traceback" not in result.stderr
        if h.broken:
            assert result.returncode == 1
            assert result.stderr.strip() == ("smallcs: error: The display name contains broken characters;"
                                             " retype or paste it again.")
            assert Staff.select().count() == staff_before  # the owner's log-in is all it recorded
            assert not AuditEvent.select().where(AuditEvent.action == "staff.create",
                                                 AuditEvent.entity_id == str(staff_before + 1)).exists()
        else:
            assert result.returncode == 0, result.stderr
            assert Staff.get(Staff.username == username).display_name == h.text
            added[username] = h.text
    listing = run_cli("--db", db_target, "user", "list").stdout
    for username, display in added.items():
        assert f"{username}\tStaff\tactive\t{display}" in listing

    # An import whose cells are hostile: every row gets a short, readable verdict.
    cards = issue_cards(shop.owner, survey_id=shop.survey.id, count=3)
    source = tmp_path / "form export.csv"
    _write_csv(source, [["Card token", "Satisfaction (CSAT)", "Comment"],
                        [cards[0].token, "5", by_name("csv-hyperlink").text],
                        [cards[1].token, "A" * 100_000, "score is a pasted page"],
                        [cards[2].token, "4", "x" * 3000],
                        ["<script>alert(1)</script>", "5", ""]])
    result = run_cli("--db", db_target, "import-responses", str(source), "--as", "olivia",
                     stdin=f"{OWNER_PASSWORD}\n")
    assert result.returncode == 0, result.stderr
    assert "1 answer imported from form export.csv (1 recorded, 1 unknown card, 2 refused)." in result.stdout
    assert all(len(line) < 200 for line in result.stdout.splitlines()), result.stdout[:500]

    out = tmp_path / "answers.csv"
    exported = run_cli("--db", db_target, "export", "responses", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    header, row = _read_csv(out)
    assert dict(zip(header, row, strict=True))["Comment"] == "'" + by_name("csv-hyperlink").text


def test_money_and_dates_in_hostile_shapes_are_refused(shop: Shop) -> None:
    before = contents()
    for amount in (Decimal("NaN"), Decimal("Infinity"), Decimal("-0.01"), Decimal("0.001"),
                   Decimal("1e7"), 0.1, "12.50", True):
        with pytest.raises(ValidationError):
            create_complaint(shop.owner, channel=Channel.PHONE, category_id=shop.category, summary="x",
                             resolved_on_the_spot=True, outcome=Outcome.REFUND,
                             compensation=amount)  # type: ignore[arg-type]
    for when in ("2026-01-01", dt.date(2026, 1, 1), dt.datetime(9999, 1, 1)):
        with pytest.raises(ValidationError):
            create_complaint(shop.owner, channel=Channel.PHONE, category_id=shop.category, summary="x",
                             received_at=when)  # type: ignore[arg-type]
    for channel in ("'; DROP TABLE complaint; --", "", None):
        with pytest.raises(ValidationError):
            create_complaint(shop.owner, channel=channel, category_id=shop.category,  # type: ignore[arg-type]
                             summary="x")
    assert contents() == before

