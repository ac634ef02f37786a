"""The ``smallcs`` command: the desktop app and its sub-commands.

Every message and help text goes through gettext (the app's language, from the
system's), and argparse's own words ("usage:", "error:") through the same catalog.
The quantities it prints (counts, sizes) are written by ``locale_format`` in that
language ("1,184", "1.184"); identifiers stay as typed: ports, years and months,
row numbers of a file, customer numbers, exit codes and the version.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import getpass
import logging
import os
import re
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import NoReturn
from urllib.parse import urlsplit

import smallcs
from smallcs import font_warm_up, paths
from smallcs.argparse_texts import speak_the_app_language
from smallcs.errors import SmallCSError, ValidationError
from smallcs.i18n import N_, _, ngettext
from smallcs.log import log_file, setup_logging
from smallcs.models.enums import Role
from smallcs.web.server import DEFAULT_PROCESSES_AT_MOST
from smallcs.web.server import MAX_PROCESSES as MAX_SERVER_PROCESSES
from smallcs.web.server import MAX_THREADS as MAX_SERVER_THREADS
from smallcs.web.server import THREADS as SERVER_THREADS
from smallcs.web.server import default_processes as default_server_processes

log = logging.getLogger(__name__)

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl+C


def database_target(cli_value: str | None) -> str:
    """--db, else SMALLCS_DB, else the per-user default file."""
    return cli_value or os.environ.get("SMALLCS_DB") or str(paths.default_database_path())


def _open(args: argparse.Namespace, *, create: bool = False) -> None:
    """Open --db. Only ``create`` commands (``demo``, ``user add``) may make a new SQLite file:
    for any other a mistyped path would quietly give an empty database and an empty result."""
    from smallcs.models.connection import open_database

    target = database_target(args.db)
    if not create:
        _require_existing(target)
    open_database(target)


def _require_existing(target: str) -> None:
    from smallcs.models.connection import describe, sqlite_file

    file = sqlite_file(target)
    if file is not None and not file.exists():
        raise SmallCSError(_("No database at {target} (check --db or SMALLCS_DB).").format(target=describe(target)))


def _count(value: int) -> str:
    """A quantity as the terminal's language writes it: "1,184", "1.184".

    Babel loads here, with the first figure a command prints, so ``smallcs --help``,
    ``--version`` and the desktop app's start stay free of it.
    """
    from smallcs import locale_format

    return locale_format.number(value)


def _language(code: str) -> str:
    """A language named in the terminal's language: "en español" (Babel loads here)."""
    from smallcs import locale_format

    return locale_format.language_name(code)


def _file_size(size_bytes: int) -> str:
    """A file's size as the terminal's language writes it: "3.7 MB", "3,7 MB" (Babel loads here)."""
    from smallcs import locale_format

    return locale_format.file_size(size_bytes)


def _read_password(prompt: str, *, confirm: bool = False) -> str:
    """From the terminal (hidden, asked twice when confirming) or one line of stdin."""
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass(_("Again: ")) != first:
            raise ValidationError(_("The two passwords differ."))
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise ValidationError(_("No password given on standard input ({prompt}).").format(prompt=prompt.strip()))
    return line.rstrip("\r\n")


def _acting_staff(username: str | None) -> object:
    from smallcs import accounts

    if not username:
        raise ValidationError(_("Say who is acting with --as USERNAME (their password is asked)."))
    return accounts.authenticate(username, _read_password(_("Password for {user}: ").format(user=username)))


def cmd_user(args: argparse.Namespace) -> int:
    from smallcs import accounts
    from smallcs.permissions import role_name

    _open(args, create=args.action == "add")  # the first owner of a new shop's database
    if args.action == "list":
        for staff in accounts.list_staff(include_disabled=True):
            state = _("active") if staff.active else _("disabled")
            print(f"{staff.username}\t{role_name(staff.role)}\t{state}\t{staff.display_name}")
        return 0
    if args.action == "add":
        role = Role(args.role)
        if not accounts.has_staff():
            if role is not Role.OWNER:
                raise ValidationError(_("The first account must be an owner: use --role owner."))
            password = _read_password(_("New password for {user}: ").format(user=args.username), confirm=True)
            staff = accounts.create_first_owner(
                username=args.username, display_name=args.name or args.username, password=password
            )
        else:
            actor = _acting_staff(args.acting)
            password = _read_password(_("New password for {user}: ").format(user=args.username), confirm=True)
            staff = accounts.create_staff(
                actor, username=args.username, display_name=args.name or args.username,  # type: ignore[arg-type]
                role=role, password=password,
            )
        print(_("Added {user} ({role}).").format(user=staff.username, role=role_name(staff.role)))
        return 0
    if args.action == "passwd":
        if args.acting:
            actor = _acting_staff(args.acting)
            current = None
        else:
            current = _read_password(_("Current password for {user}: ").format(user=args.username))
            actor = accounts.authenticate(args.username, current)
        new = _read_password(_("New password for {user}: ").format(user=args.username), confirm=True)
        accounts.change_password(actor, args.username, new, current_password=current)  # type: ignore[arg-type]
        print(_("Password changed for {user}.").format(user=accounts.normalise_username(args.username)))
        return 0
    actor = _acting_staff(args.acting)
    accounts.disable_staff(actor, args.username)  # type: ignore[arg-type]
    print(_("Disabled {user}.").format(user=accounts.normalise_username(args.username)))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from smallcs import demo

    _open(args, create=True)
    summary = demo.load_demo(months=args.months, scale=args.scale, seed=args.seed, today=args.until)
    print(_("Demo data loaded: {complaints} complaints, {customers} customers, {answers} survey answers.").format(
        complaints=_count(summary.complaints), customers=_count(summary.customers),
        answers=_count(summary.responses)))
    if summary.owner_password:
        print(_("Log in as '{user}' with the password '{password}'.").format(
            user=summary.owner_username, password=summary.owner_password))
    return 0


def cmd_copy_database(args: argparse.Namespace) -> int:
    from smallcs.database_copy import copy_database

    report = copy_database(database_target(args.db), args.to)
    for table, count in report.tables:
        print(f"{table:>16}: {_count(count)}")
    print(ngettext("Copied {n} row from {source} to {destination}."
                   " Point every counter at the new database (--db or SMALLCS_DB).",
                   "Copied {n} rows from {source} to {destination}."
                   " Point every counter at the new database (--db or SMALLCS_DB).", report.rows).format(
        n=_count(report.rows), source=report.source, destination=report.destination))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from smallcs import backup

    _open(args)
    info = backup.write_backup(args.output, actor=None)
    print(_("Backup written and verified: {name} ({size}).").format(name=info.path, size=_file_size(info.size_bytes)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from smallcs import audit, backup
    from smallcs.models import write_transaction
    from smallcs.models.connection import close_database, open_database

    target = database_target(args.db)
    if "://" in target:
        raise ValidationError(_("Restore works on the built-in SQLite database; use pg_restore for PostgreSQL."))
    backup.check_database_file(args.file)
    kept = backup.restore_database(Path(target), args.file)
    open_database(target)
    with write_transaction():
        audit.record(None, "backup.restore", entity="database", detail={"file": args.file.name})
    close_database()
    print(_("Restored {target} from {file}.").format(target=target, file=args.file))
    print(_("The database as it was before is kept in {file}.").format(file=kept))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from smallcs import settings
    from smallcs.pg_survey_role import open_for_survey_server
    from smallcs.web.server import serve

    target = database_target(args.db)
    _require_existing(target)
    open_for_survey_server(target)  # a clear message now if the database cannot be served
    saved = settings.get_profile().survey_base_url
    print(_serving_line(args.host, args.port, saved))
    if args.base_url and saved and args.base_url.rstrip("/") != saved.rstrip("/"):
        print(_("Note: cards print {saved} (the survey address in Settings), not {given}.").format(
            saved=saved, given=args.base_url))
    elif args.base_url and not saved:
        print(_("Note: set the survey address in Settings to {given} for the cards to point here.").format(
            given=args.base_url))
    elif not args.base_url and saved and _url_port(saved) not in (None, args.port):
        print(_("Note: cards print {saved} (the survey address in Settings), but this server listens on"
                " port {port}: start it with --port {wanted}, or behind a proxy, for cards to reach it.").format(
            saved=saved, port=args.port, wanted=_url_port(saved)))
    sys.stdout.flush()
    with _interrupt_noted() as interrupted:
        serve(target, host=args.host, port=args.port, base_url=args.base_url or saved or None,
              trusted_proxy=args.trusted_proxy, threads=args.threads, processes=args.processes)
    if interrupted:
        print(_("Survey server stopped."), file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0


def _serving_line(host: str, port: int, card_address: str) -> str:
    """The one line ``serve`` starts with: where it listens, where the cards point, how to stop."""
    if host in ("", "0.0.0.0", "::"):
        where = _("Survey server listening on port {port} of every network address of this computer.").format(
            port=port)
    else:
        shown = f"[{host}]" if ":" in host else host
        where = _("Survey server listening on {url}.").format(url=f"http://{shown}:{port}")
    cards = (_("The cards point to {url}.").format(url=card_address) if card_address
             else _("No survey address is set for the cards yet (Settings)."))
    return " ".join((where, cards, _("Press Ctrl+C to stop.")))


class _Interrupted:
    """Whether Ctrl+C stopped the server (truthy once it has)."""

    def __init__(self) -> None:
        self.seen = False

    def __bool__(self) -> bool:
        return self.seen


@contextlib.contextmanager
def _interrupt_noted() -> Iterator[_Interrupted]:
    """Note a Ctrl+C (SIGINT) while the server runs, and end the server quietly.

    waitress catches the KeyboardInterrupt inside its loop and returns as if it had
    simply finished, so the handler notes it first: the command then exits with 130
    like any interrupted command, not 0.
    """
    noted = _Interrupted()

    def on_interrupt(_signum: int, _frame: FrameType | None) -> None:
        noted.seen = True
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield noted
    except KeyboardInterrupt:
        noted.seen = True
    finally:
        signal.signal(signal.SIGINT, previous)


def _url_port(url: str) -> int | None:
    """The port an address names (None when it names none: a proxy's 80 or 443)."""
    try:
        return urlsplit(url).port
    except ValueError:
        return None


def cmd_db(args: argparse.Namespace) -> int:
    from smallcs.pg_survey_role import set_up_survey_role

    report = set_up_survey_role(
        database_target(args.db), args.name, new_password=args.new_password,
        read_password=lambda: _read_password(_("Password for {user}: ").format(user=args.name), confirm=True))
    print(report.summary())
    return 0


def cmd_cards(args: argparse.Namespace) -> int:
    from smallcs.reports.cards import format_short_code
    from smallcs.reports.print_run import find_survey, print_cards

    _open(args)
    actor = _acting_staff(args.acting)
    survey = find_survey(args.survey)
    run = print_cards(actor, survey_id=survey.id, count=args.count, layout=args.layout,
                      output=args.output, language=args.language)
    # The codes as the cards print them (Y8T6-P522), so the two can be compared at a glance.
    first, last = (format_short_code(card.short_code) for card in (run.cards[0], run.cards[-1]))
    codes = _("codes {first} … {last}").format(first=first, last=last) if len(run.cards) > 1 \
        else _("code {code}").format(code=first)
    cards = ngettext("{n} card", "{n} cards", len(run.cards)).format(n=_count(len(run.cards)))
    pages = ngettext("{n} page", "{n} pages", run.pages).format(n=_count(run.pages))
    print(_("{cards} for '{survey}' in {language} written to {file} ({pages}; {codes}).").format(
        cards=cards, survey=survey.name, language=_language(run.language), file=run.path, pages=pages,
        codes=codes))
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    from smallcs.reports.receipt import find_complaint, write_complaint_receipt

    _open(args)
    actor = _acting_staff(args.acting)
    path = write_complaint_receipt(actor, find_complaint(args.reference), args.output, layout=args.layout)
    print(_("Receipt for {reference} written to {file}.").format(reference=args.reference.upper(), file=path))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    _open(args)
    if args.what == "customer":
        from smallcs.customers import export_customer_data

        if args.customer_id is None:
            raise ValidationError(_("Say whose data with --id N (the customer's number)."))
        actor = _acting_staff(args.acting)
        path = export_customer_data(actor, args.customer_id, args.output)  # type: ignore[arg-type]
        print(_("Customer {number}'s data written to {file}.").format(number=args.customer_id, file=path))
    elif args.what == "complaints":
        from smallcs.complaints import ComplaintFilter, export_complaints_csv

        # Without --as: the database file's owner, audited without a person (docs/security.md).
        actor = _acting_staff(args.acting) if args.acting else None
        count = export_complaints_csv(ComplaintFilter(), args.output, actor=actor)  # type: ignore[arg-type]
        print(ngettext("{n} complaint written to {file}.", "{n} complaints written to {file}.", count).format(
            n=_count(count), file=args.output))
    else:
        from smallcs.surveys.export import export_responses_csv

        actor = _acting_staff(args.acting) if args.acting else None
        count = export_responses_csv(args.output, actor=actor)  # type: ignore[arg-type]
        print(ngettext("{n} survey answer written to {file}.", "{n} survey answers written to {file}.",
                       count).format(n=_count(count), file=args.output))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from smallcs.reports.monthly import build_monthly_report

    _open(args)
    # Without --as: the database file's owner, who gets the owner's report (staff section included).
    actor = _acting_staff(args.acting) if args.acting else None
    if args.figures:
        _print_report_figures(args.month, actor)
        return 0
    path = build_monthly_report(args.month, args.output, actor=actor,  # type: ignore[arg-type]
                                include_comments=not args.no_comments,
                                include_staff=False if args.no_staff else None)
    from smallcs.reports.month_names import month_title

    print(_("Report for {month} written to {file}.").format(month=month_title(args.month.year, args.month.month),
                                                             file=path))
    return 0


def _print_report_figures(month: dt.date, actor: object) -> None:
    """The headline figures of the report's summary page, labelled and written as the report writes them.

    The same checks as the report: who may make one, and a month that is over.
    """
    from smallcs import metrics
    from smallcs.metrics.display import format_value
    from smallcs.permissions import require
    from smallcs.reports.month_names import month_title
    from smallcs.reports.monthly import report_month

    if actor is not None:
        require(actor, "report.generate")  # type: ignore[arg-type]
    period = report_month(month)
    with metrics.memo():
        headlines = metrics.monthly_summary(period).headlines
    print(_("The month at a glance: {month}").format(month=month_title(month.year, month.month)))
    width = max(len(h.label) for h in headlines)
    for headline in headlines:
        print(f"{headline.label.ljust(width)}  {format_value(headline.value, headline.unit)}")


def cmd_import_responses(args: argparse.Namespace) -> int:
    from smallcs.surveys import ImportResult, import_responses, preview_import

    _open(args)
    actor = _acting_staff(args.acting)
    preview = preview_import(args.file)
    if "token" not in preview.mapping:
        raise ValidationError(
            _("No column of {file} looks like the card token (headers: {headers})."
              " Use the Import dialog in the app to choose one.").format(
                file=args.file.name, headers=", ".join(preview.headers)))
    report = import_responses(actor, args.file, mapping=preview.mapping)
    for row in report.rows:
        if row.result != ImportResult.RECORDED:
            reason = f": {row.message}" if row.reason else ""
            print(_("row {n}: {result}{reason}").format(n=row.row, result=_(IMPORT_RESULTS[row.result]),
                                                        reason=reason))
    summary = ", ".join(f"{_count(count)} {_(IMPORT_RESULTS[result])}"
                        for result, count in report.counts.items() if count)
    answers = ngettext("{n} answer", "{n} answers", report.recorded).format(n=_count(report.recorded))
    print(_("{answers} imported from {file} ({summary}).").format(
        answers=answers, file=args.file.name, summary=summary or _("no rows")))
    return 0


# What became of an imported row, as ``import-responses`` lists it.
IMPORT_RESULTS = {"recorded": N_("recorded"), "unknown_token": N_("unknown card"),
                  "already_answered": N_("already answered"), "invalid": N_("refused")}


def _month(text: str) -> dt.date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise argparse.ArgumentTypeError(_("'{text}' is not a month: use YYYY-MM, e.g. 2026-10").format(text=text))
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _past_day(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a day: use YYYY-MM-DD, e.g. 2026-11-30").format(text=text)) from None
    if day > dt.date.today():
        raise argparse.ArgumentTypeError(
            _("{text} is after today: the demo shop's history ends today at the latest").format(text=text))
    return day


def _existing_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(_("no such file: {file}").format(file=text))
    return path


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_("'{text}' is not a positive whole number").format(text=text))
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(_("'{text}' is not a port number (1 to 65535)").format(text=text))
    return int(text)


def _base_url(text: str) -> str:
    """An address phones reach the server at: http:// or https:// and a host (port and path optional)."""
    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a web address: use http:// or https:// and a host, e.g. http://192.168.1.20:8765")
            .format(text=text))
    return text.strip().rstrip("/")


def _server_threads(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_SERVER_THREADS:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a thread count (1 to {most})").format(text=text, most=_count(MAX_SERVER_THREADS)))
    return int(text)


def _server_processes(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_SERVER_PROCESSES:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a process count (1 to {most})").format(text=text, most=_count(MAX_SERVER_PROCESSES)))
    return int(text)


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a number").format(text=text)) from None
    if not 0 < value <= 100:
        raise argparse.ArgumentTypeError(_("the scale must be above 0 and at most 100"))
    return value


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, not the whole usage text."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, _("{prog}: error: {message} (see '{prog} --help')").format(
            prog=self.prog, message=message) + "\n")


def _command(commands: argparse._SubParsersAction, name: str, *, summary: str,
             **options: object) -> argparse.ArgumentParser:
    """A sub-command whose summary (in ``smallcs --help``) also heads its own ``--help``."""
    return commands.add_parser(name, help=summary, description=summary[:1].upper() + summary[1:] + ".",
                               **options)  # type: ignore[arg-type]


def build_parser() -> argparse.ArgumentParser:
    """The command line, as ``smallcs --help`` shows it."""
    speak_the_app_language()  # argparse's own words too ("usage:", "options", its errors)
    db_help = _("database file or URL (default: $SMALLCS_DB or the per-user file)")
    # Sub-commands accept --db too; SUPPRESS keeps them from resetting a --db
    # given before the command name.
    db_opt = _Parser(add_help=False)
    db_opt.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    parser = _Parser(
        prog="smallcs",
        description=_("SmallCS: complaints and customer surveys for small shops."
                      " Without a command, starts the desktop app."),
    )
    parser.add_argument("--db", help=db_help)
    parser.add_argument("--version", action="version", version=f"SmallCS {smallcs.__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help=_("check this install in a temporary folder"
                               " (database, cards, report, survey page, window)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = _command(sub, "demo", parents=[db_opt], summary=_("fill an empty database with realistic demo data"))
    demo.add_argument("--months", type=_positive_int, default=12, help=_("months of history (default 12)"))
    demo.add_argument("--scale", type=_scale, default=1.0, help=_("volume multiplier (default 1)"))
    demo.add_argument("--seed", type=int, default=2026, help=_("random seed (default 2026)"))
    demo.add_argument("--until", type=_past_day, metavar="YYYY-MM-DD",
                      help=_("the history's last day (default today): the same day gives the same shop"))
    demo.set_defaults(func=cmd_demo)

    user = _command(sub, "user", parents=[db_opt], summary=_("manage staff accounts"))
    actions = user.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=_Parser
    )
    add = _command(actions, "add", parents=[db_opt],
        summary=_("add an account (password asked or read from stdin)"))
    add.add_argument("username", help=_("the new account's user name, used to log in"))
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.STAFF.value,
                     help=_("what the account may do (default staff)"))
    add.add_argument("--name", help=_("display name"))
    add.add_argument("--as", dest="acting", metavar="OWNER", help=_("the owner doing it"))
    passwd = _command(actions, "passwd", parents=[db_opt], summary=_("change a password"))
    passwd.add_argument("username", help=_("whose password to change"))
    passwd.add_argument("--as", dest="acting", metavar="OWNER", help=_("an owner resetting someone's password"))
    disable = _command(actions, "disable", parents=[db_opt], summary=_("stop an account from logging in"))
    disable.add_argument("username", help=_("the account to disable"))
    disable.add_argument("--as", dest="acting", metavar="OWNER", required=True, help=_("the owner doing it"))
    _command(actions, "list", parents=[db_opt], summary=_("list accounts"))
    user.set_defaults(func=cmd_user)

    serve = _command(sub, "serve", parents=[db_opt], summary=_("run the survey pages for customers' phones"))
    serve.add_argument("--host", default="0.0.0.0", help=_("address to listen on (default: every address)"))
    serve.add_argument("--port", type=_port, default=8765, help=_("port (default 8765)"))
    serve.add_argument("--base-url", type=_base_url, metavar="URL",
                       help=_("the address customers' phones reach this server at (http:// or https://),"
                              " checked against the survey address the cards print"))
    serve.add_argument("--trusted-proxy", metavar="ADDRESS",
                       help=_("the reverse proxy's address, when one sits in front (its X-Forwarded-For is trusted)"))
    # Help is written without Babel (it stays out of --help): these counts are single digits,
    # which every app language writes alike.
    serve.add_argument("--threads", type=_server_threads, default=SERVER_THREADS,
                       help=_("requests each process handles at once (default {n})").format(n=SERVER_THREADS))
    serve.add_argument("--processes", type=_server_processes, default=default_server_processes(),
                       help=_("server processes sharing the port, one per core by default (at most {n};"
                              " always 1 on Windows)").format(n=DEFAULT_PROCESSES_AT_MOST))
    serve.set_defaults(func=cmd_serve)

    db_cmd = _command(sub, "db", parents=[db_opt], summary=_("PostgreSQL accounts for the shop's database"))
    db_actions = db_cmd.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    survey_role = _command(
        db_actions, "survey-role", parents=[db_opt],
        summary=_("create or update the survey server's restricted PostgreSQL account"
                  " (run as the tables' owner; password asked or read from stdin)"))
    survey_role.add_argument("name", help=_("the account's name, e.g. smallcs_survey"))
    survey_role.add_argument("--new-password", action="store_true",
                             help=_("set a new password on an account that exists"))
    db_cmd.set_defaults(func=cmd_db)

    cards = _command(sub, "cards", parents=[db_opt], summary=_("print QR survey cards to PDF"))
    cards.add_argument("--survey", required=True, help=_("the survey's name"))
    cards.add_argument("--count", type=_positive_int, required=True, help=_("how many cards (1 to 1,000)"))
    cards.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf",
                       help=_("the PDF file to write the cards to, ready to print (replaced if it exists)"))
    cards.add_argument("--layout", choices=["a4", "letter", "receipt-80mm", "receipt-58mm", "poster", "table-tent"],
                       default="a4", help=_("the paper: sheets of cards (a4, letter), receipt strips, a poster"
                                            " or a folded table tent (default a4)"))
    cards.add_argument("--language", metavar="CODE",
                       help=_("the one language of every text on the cards, one of the survey's (e.g. es);"
                            " default: this computer's, when the survey has it, else the survey's first"))
    cards.add_argument("--as", dest="acting", metavar="USERNAME", help=_("the manager or owner printing them"))
    cards.set_defaults(func=cmd_cards)

    receipt = _command(sub, "receipt", parents=[db_opt],
                        summary=_("write a complaint's receipt for the customer to PDF"))
    receipt.add_argument("reference", help=_("the complaint's reference, e.g. C-2026-0042"))
    receipt.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf",
                         help=_("the PDF file to write the receipt to (replaced if it exists)"))
    receipt.add_argument("--layout", choices=["sheet", "receipt-80mm"], default="sheet",
                         help=_("the shop's A4 or Letter page (default), or 80 mm receipt paper"))
    receipt.add_argument("--as", dest="acting", metavar="USERNAME", help=_("the staff member printing it"))
    receipt.set_defaults(func=cmd_receipt)

    report = _command(sub, "report", parents=[db_opt], summary=_("write the monthly PDF service report"))
    report.add_argument("--month", type=_month, required=True, help=_("YYYY-MM"))
    written = report.add_mutually_exclusive_group(required=True)
    written.add_argument("-o", "--output", type=Path, metavar="FILE.pdf",
                         help=_("the PDF file to write the report to (replaced if it exists)"))
    written.add_argument("--figures", action="store_true",
                         help=_("print the month's headline figures, as the report's first page and the"
                                " dashboard show them, instead of writing the PDF"))
    report.add_argument("--no-comments", action="store_true", help=_("leave customers' comments out"))
    report.add_argument("--no-staff", action="store_true",
                        help=_("leave the staff section (figures per person) out"))
    report.add_argument("--as", dest="acting", metavar="USERNAME",
                        help=_("who makes it (password asked or read from stdin): a manager's report has"
                             " no staff section; without --as, the owner's report"))
    report.set_defaults(func=cmd_report)

    export = _command(sub, "export", parents=[db_opt],
                       summary=_("export complaints or answers to CSV, or one customer's data to JSON"))
    export.add_argument("what", choices=["complaints", "responses", "customer"],
                        help=_("the complaint list, the survey answers, or one customer's data"))
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE",
                        help=_("the file to write: a CSV spreadsheet for complaints and responses,"
                               " a JSON file for a customer's data (replaced if it exists)"))
    export.add_argument("--id", dest="customer_id", type=_positive_int, metavar="N",
                        help=_("the customer whose data to export (with 'customer')"))
    export.add_argument("--as", dest="acting", metavar="USERNAME",
                        help=_("who exports (password asked or read from stdin): needed for a customer's"
                             " data; the complaint list needs a manager or owner; without it, the"
                             " audit log records the command line"))
    export.set_defaults(func=cmd_export)

    imp = _command(sub, "import-responses", parents=[db_opt], summary=_("import survey answers from a CSV file"))
    imp.add_argument("file", type=_existing_file, help=_("the CSV file an external survey form exported"))
    imp.add_argument("--as", dest="acting", metavar="USERNAME", help=_("the manager or owner importing"))
    imp.set_defaults(func=cmd_import_responses)

    backup = _command(sub, "backup", parents=[db_opt], summary=_("write a verified copy of the database"))
    backup.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.db",
                        help=_("the backup file to write: a complete SQLite copy of the database, which"
                               " 'smallcs restore' takes back (its folder must exist)"))
    backup.set_defaults(func=cmd_backup)

    copy = _command(sub, "copy-database", parents=[db_opt],
                     summary=_("copy the whole shop into a new database (e.g. to move to PostgreSQL)"))
    copy.add_argument("--to", required=True, metavar="DESTINATION", help=_("a new, empty database: file or URL"))
    copy.set_defaults(func=cmd_copy_database)

    restore = _command(sub, "restore", parents=[db_opt], summary=_("replace the database with a backup"))
    restore.add_argument("file", type=_existing_file,
                         help=_("the backup to restore (a file 'smallcs backup' or the app wrote)"))
    restore.set_defaults(func=cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None, *, collector_paused: bool = False) -> int:
    """Run the command line ``argv`` (the process's own by default).

    ``collector_paused``: loaded by ``smallcs.command``, which paused Python's cycle
    collector. The desktop app's UI thread takes collecting over; what loading made
    lives as long as the app and is frozen first (``gc.freeze``), so that collector never
    walks it (its first collections took 7 to 9 ms instead of about 1 ms). Any other
    command gets the collector back here.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging()
    if args.command is None and not args.self_test:
        font_warm_up.start()  # beside loading Qt and the app (before it: its work overlaps theirs)
        from smallcs.ui.app import run_app

        if collector_paused:
            gc.freeze()
        return run_app(database_target(args.db))
    if collector_paused:
        gc.enable()
    if args.self_test:
        from smallcs import self_test

        return self_test.run()
    try:
        return int(args.func(args))
    except SmallCSError as exc:
        print(_("smallcs: error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(_("smallcs: interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:
        log.exception("unexpected error in 'smallcs %s'", args.command)
        print(_("smallcs: unexpected error; the details are in {file}").format(file=log_file()), file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
