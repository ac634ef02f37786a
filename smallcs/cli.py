"""The ``smallcs`` command: the desktop app and its sub-commands."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import smallcs
from smallcs import paths
from smallcs.errors import SmallCSError, ValidationError
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
        raise SmallCSError(f"No database at {describe(target)} (check --db or SMALLCS_DB).")


def _read_password(prompt: str, *, confirm: bool = False) -> str:
    """From the terminal (hidden, asked twice when confirming) or one line of stdin."""
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Again: ") != first:
            raise ValidationError("The two passwords differ.")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise ValidationError(f"No password given on standard input ({prompt.strip()}).")
    return line.rstrip("\r\n")


def _acting_staff(username: str | None) -> object:
    from smallcs import accounts

    if not username:
        raise ValidationError("Say who is acting with --as USERNAME (their password is asked).")
    return accounts.authenticate(username, _read_password(f"Password for {username}: "))


def cmd_user(args: argparse.Namespace) -> int:
    from smallcs import accounts

    _open(args, create=args.action == "add")  # the first owner of a new shop's database
    if args.action == "list":
        for staff in accounts.list_staff(include_disabled=True):
            state = "active" if staff.active else "disabled"
            print(f"{staff.username}\t{staff.role}\t{state}\t{staff.display_name}")
        return 0
    if args.action == "add":
        role = Role(args.role)
        if not accounts.has_staff():
            if role is not Role.OWNER:
                raise ValidationError("The first account must be an owner: use --role owner.")
            password = _read_password(f"New password for {args.username}: ", confirm=True)
            staff = accounts.create_first_owner(
                username=args.username, display_name=args.name or args.username, password=password
            )
        else:
            actor = _acting_staff(args.acting)
            password = _read_password(f"New password for {args.username}: ", confirm=True)
            staff = accounts.create_staff(
                actor, username=args.username, display_name=args.name or args.username,  # type: ignore[arg-type]
                role=role, password=password,
            )
        print(f"Added {staff.username} ({staff.role}).")
        return 0
    if args.action == "passwd":
        if args.acting:
            actor = _acting_staff(args.acting)
            current = None
        else:
            current = _read_password(f"Current password for {args.username}: ")
            actor = accounts.authenticate(args.username, current)
        new = _read_password(f"New password for {args.username}: ", confirm=True)
        accounts.change_password(actor, args.username, new, current_password=current)  # type: ignore[arg-type]
        print(f"Password changed for {accounts.normalise_username(args.username)}.")
        return 0
    actor = _acting_staff(args.acting)
    accounts.disable_staff(actor, args.username)  # type: ignore[arg-type]
    print(f"Disabled {accounts.normalise_username(args.username)}.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from smallcs import demo

    _open(args, create=True)
    summary = demo.load_demo(months=args.months, scale=args.scale, seed=args.seed, today=args.until)
    print(
        f"Demo data loaded: {summary.complaints} complaints, {summary.customers} customers,"
        f" {summary.responses} survey answers."
    )
    if summary.owner_password:
        print(f"Log in as '{summary.owner_username}' with the password '{summary.owner_password}'.")
    return 0


def cmd_copy_database(args: argparse.Namespace) -> int:
    from smallcs.database_copy import copy_database

    report = copy_database(database_target(args.db), args.to)
    for table, count in report.tables:
        print(f"{table:>16}: {count:,}")
    print(f"Copied {report.rows:,} rows from {report.source} to {report.destination}."
          " Point every counter at the new database (--db or SMALLCS_DB).")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from smallcs import backup

    _open(args)
    info = backup.write_backup(args.output, actor=None)
    print(f"Backup written and verified: {info.path} ({info.size_bytes:,} bytes).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from smallcs import audit, backup
    from smallcs.models import write_transaction
    from smallcs.models.connection import close_database, open_database

    target = database_target(args.db)
    if "://" in target:
        raise ValidationError("Restore works on the built-in SQLite database; use pg_restore for PostgreSQL.")
    backup.check_database_file(args.file)
    kept = backup.restore_database(Path(target), args.file)
    open_database(target)
    with write_transaction():
        audit.record(None, "backup.restore", entity="database", detail={"file": args.file.name})
    close_database()
    print(f"Restored {target} from {args.file}.")
    print(f"The database as it was before is kept in {kept}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from smallcs import settings
    from smallcs.pg_survey_role import open_for_survey_server
    from smallcs.web.server import serve

    target = database_target(args.db)
    _require_existing(target)
    open_for_survey_server(target)  # a clear message now if the database cannot be served
    saved = settings.get_profile().survey_base_url
    base_url = args.base_url or saved or None
    print(f"Listening on {args.host}:{args.port} — press Ctrl+C to stop.")
    if base_url:
        print(f"Customers' phones reach it at {base_url}.")
    if args.base_url and saved and args.base_url.rstrip("/") != saved.rstrip("/"):
        print(f"Note: cards print {saved} (the survey address in Settings), not {args.base_url}.")
    elif not args.base_url and saved and _url_port(saved) not in (None, args.port):
        print(f"Note: cards print {saved} (the survey address in Settings), but this server listens on"
              f" port {args.port}: start it with --port {_url_port(saved)}, or behind a proxy, for cards to reach it.")
    sys.stdout.flush()
    serve(target, host=args.host, port=args.port, base_url=base_url, trusted_proxy=args.trusted_proxy,
          threads=args.threads, processes=args.processes)
    return 0


def _url_port(url: str) -> int | None:
    """The port an address names (None when it names none: a proxy's 80 or 443)."""
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).port
    except ValueError:
        return None


def cmd_db(args: argparse.Namespace) -> int:
    from smallcs.pg_survey_role import set_up_survey_role

    report = set_up_survey_role(
        database_target(args.db), args.name, new_password=args.new_password,
        read_password=lambda: _read_password(f"Password for {args.name}: ", confirm=True))
    print(report.summary())
    return 0


def cmd_cards(args: argparse.Namespace) -> int:
    from smallcs.reports.print_run import find_survey, print_cards
    from smallcs.surveys.wordings import LANGUAGE_NAMES

    _open(args)
    actor = _acting_staff(args.acting)
    survey = find_survey(args.survey)
    run = print_cards(actor, survey_id=survey.id, count=args.count, layout=args.layout,
                      output=args.output, language=args.language)
    codes = f"{run.cards[0].short_code} … {run.cards[-1].short_code}" if len(run.cards) > 1 \
        else run.cards[0].short_code
    cards = "1 card" if len(run.cards) == 1 else f"{len(run.cards)} cards"
    pages = "1 page" if run.pages == 1 else f"{run.pages} pages"
    print(f"{cards} for '{survey.name}' in {LANGUAGE_NAMES[run.language]} written to {run.path}"
          f" ({pages}; codes {codes}).")
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    from smallcs.reports.receipt import find_complaint, write_complaint_receipt

    _open(args)
    actor = _acting_staff(args.acting)
    path = write_complaint_receipt(actor, find_complaint(args.reference), args.output, layout=args.layout)
    print(f"Receipt for {args.reference.upper()} written to {path}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    _open(args)
    if args.what == "customer":
        from smallcs.customers import export_customer_data

        if args.customer_id is None:
            raise ValidationError("Say whose data with --id N (the customer's number).")
        actor = _acting_staff(args.acting)
        path = export_customer_data(actor, args.customer_id, args.output)  # type: ignore[arg-type]
        print(f"Customer {args.customer_id}'s data written to {path}.")
    elif args.what == "complaints":
        from smallcs.complaints import ComplaintFilter, export_complaints_csv

        # Without --as: the database file's owner, audited without a person (docs/security.md).
        actor = _acting_staff(args.acting) if args.acting else None
        count = export_complaints_csv(ComplaintFilter(), args.output, actor=actor)  # type: ignore[arg-type]
        print(f"{count} complaints written to {args.output}.")
    else:
        from smallcs.surveys.export import export_responses_csv

        actor = _acting_staff(args.acting) if args.acting else None
        count = export_responses_csv(args.output, actor=actor)  # type: ignore[arg-type]
        print(f"{count} survey answers written to {args.output}.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from smallcs.reports.monthly import build_monthly_report

    _open(args)
    # Without --as: the database file's owner, who gets the owner's report (staff section included).
    actor = _acting_staff(args.acting) if args.acting else None
    path = build_monthly_report(args.month, args.output, actor=actor,  # type: ignore[arg-type]
                                include_comments=not args.no_comments,
                                include_staff=False if args.no_staff else None)
    print(f"Report for {args.month:%Y-%m} written to {path}.")
    return 0


def cmd_import_responses(args: argparse.Namespace) -> int:
    from smallcs.surveys import ImportResult, import_responses, preview_import

    _open(args)
    actor = _acting_staff(args.acting)
    preview = preview_import(args.file)
    if "token" not in preview.mapping:
        raise ValidationError(
            f"No column of {args.file.name} looks like the card token (headers: "
            + ", ".join(preview.headers) + "). Use the Import dialog in the app to choose one.")
    report = import_responses(actor, args.file, mapping=preview.mapping)
    for row in report.rows:
        if row.result != ImportResult.RECORDED:
            reason = f": {row.reason}" if row.reason else ""
            print(f"row {row.row}: {row.result.value.replace('_', ' ')}{reason}")
    summary = ", ".join(f"{count} {result.value.replace('_', ' ')}"
                        for result, count in report.counts.items() if count)
    answers = "1 answer" if report.recorded == 1 else f"{report.recorded} answers"
    print(f"{answers} imported from {args.file.name} ({summary or 'no rows'}).")
    return 0


def _month(text: str) -> dt.date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month: use YYYY-MM, e.g. 2026-10")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _past_day(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a day: use YYYY-MM-DD, e.g. 2026-11-30") from None
    if day > dt.date.today():
        raise argparse.ArgumentTypeError(f"{text} is after today: the demo shop's history ends today at the latest")
    return day


def _existing_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    return path


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive whole number")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1 to 65535)")
    return int(text)


def _server_threads(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_SERVER_THREADS:
        raise argparse.ArgumentTypeError(f"'{text}' is not a thread count (1 to {MAX_SERVER_THREADS})")
    return int(text)


def _server_processes(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_SERVER_PROCESSES:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a process count (1 to {MAX_SERVER_PROCESSES})")
    return int(text)


def _scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 < value <= 100:
        raise argparse.ArgumentTypeError("the scale must be above 0 and at most 100")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, not the whole usage text."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The command line, as ``smallcs --help`` shows it."""
    db_help = "database file or URL (default: $SMALLCS_DB or the per-user file)"
    # Sub-commands accept --db too; SUPPRESS keeps them from resetting a --db
    # given before the command name.
    db_opt = _Parser(add_help=False)
    db_opt.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    parser = _Parser(
        prog="smallcs",
        description="SmallCS: complaints and customer surveys for small shops."
        " Without a command, starts the desktop app.",
    )
    parser.add_argument("--db", help=db_help)
    parser.add_argument("--version", action="version", version=f"SmallCS {smallcs.__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this install in a temporary folder (database, cards, report, survey page, window)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = sub.add_parser("demo", parents=[db_opt], help="fill an empty database with realistic demo data")
    demo.add_argument("--months", type=_positive_int, default=12, help="months of history (default 12)")
    demo.add_argument("--scale", type=_scale, default=1.0, help="volume multiplier (default 1)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    demo.add_argument("--until", type=_past_day, metavar="YYYY-MM-DD",
                      help="the history's last day (default today): the same day gives the same shop")
    demo.set_defaults(func=cmd_demo)

    user = sub.add_parser("user", parents=[db_opt], help="manage staff accounts")
    actions = user.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=_Parser
    )
    add = actions.add_parser("add", parents=[db_opt], help="add an account (password asked or read from stdin)")
    add.add_argument("username")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.STAFF.value)
    add.add_argument("--name", help="display name")
    add.add_argument("--as", dest="acting", metavar="OWNER", help="the owner doing it")
    passwd = actions.add_parser("passwd", parents=[db_opt], help="change a password")
    passwd.add_argument("username")
    passwd.add_argument("--as", dest="acting", metavar="OWNER", help="an owner resetting someone's password")
    disable = actions.add_parser("disable", parents=[db_opt], help="stop an account from logging in")
    disable.add_argument("username")
    disable.add_argument("--as", dest="acting", metavar="OWNER", required=True, help="the owner doing it")
    actions.add_parser("list", parents=[db_opt], help="list accounts")
    user.set_defaults(func=cmd_user)

    serve = sub.add_parser("serve", parents=[db_opt], help="run the survey pages for customers' phones")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default: every address)")
    serve.add_argument("--port", type=_port, default=8765, help="port (default 8765)")
    serve.add_argument("--base-url", help="the address customers' phones use, for the message")
    serve.add_argument("--trusted-proxy", metavar="ADDRESS",
                       help="the reverse proxy's address, when one sits in front (its X-Forwarded-For is trusted)")
    serve.add_argument("--threads", type=_server_threads, default=SERVER_THREADS,
                       help=f"requests each process handles at once (default {SERVER_THREADS})")
    serve.add_argument("--processes", type=_server_processes, default=default_server_processes(),
                       help="server processes sharing the port, one per core by default (at most "
                            f"{DEFAULT_PROCESSES_AT_MOST}; always 1 on Windows)")
    serve.set_defaults(func=cmd_serve)

    db_cmd = sub.add_parser("db", parents=[db_opt], help="PostgreSQL accounts for the shop's database")
    db_actions = db_cmd.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    survey_role = db_actions.add_parser(
        "survey-role", parents=[db_opt],
        help="create or update the survey server's restricted PostgreSQL account"
             " (run as the tables' owner; password asked or read from stdin)")
    survey_role.add_argument("name", help="the account's name, e.g. smallcs_survey")
    survey_role.add_argument("--new-password", action="store_true",
                             help="set a new password on an account that exists")
    db_cmd.set_defaults(func=cmd_db)

    cards = sub.add_parser("cards", parents=[db_opt], help="print QR survey cards to PDF")
    cards.add_argument("--survey", required=True, help="the survey's name")
    cards.add_argument("--count", type=_positive_int, required=True, help="how many cards (1 to 1,000)")
    cards.add_argument("-o", "--output", required=True, type=Path)
    cards.add_argument("--layout", choices=["a4", "letter", "receipt-80mm", "receipt-58mm", "poster", "table-tent"],
                       default="a4")
    cards.add_argument("--language", metavar="CODE",
                       help="the one language of every text on the cards, one of the survey's (e.g. es);"
                            " default: this computer's, when the survey has it, else the survey's first")
    cards.add_argument("--as", dest="acting", metavar="USERNAME", help="the manager or owner printing them")
    cards.set_defaults(func=cmd_cards)

    receipt = sub.add_parser("receipt", parents=[db_opt], help="write a complaint's receipt for the customer to PDF")
    receipt.add_argument("reference", help="the complaint's reference, e.g. C-2026-0042")
    receipt.add_argument("-o", "--output", required=True, type=Path)
    receipt.add_argument("--layout", choices=["sheet", "receipt-80mm"], default="sheet",
                         help="the shop's A4 or Letter page (default), or 80 mm receipt paper")
    receipt.add_argument("--as", dest="acting", metavar="USERNAME", help="the staff member printing it")
    receipt.set_defaults(func=cmd_receipt)

    report = sub.add_parser("report", parents=[db_opt], help="write the monthly PDF service report")
    report.add_argument("--month", type=_month, required=True, help="YYYY-MM")
    report.add_argument("-o", "--output", required=True, type=Path)
    report.add_argument("--no-comments", action="store_true", help="leave customers' comments out")
    report.add_argument("--no-staff", action="store_true",
                        help="leave the staff section (figures per person) out")
    report.add_argument("--as", dest="acting", metavar="USERNAME",
                        help="who makes it (password asked or read from stdin): a manager's report has"
                             " no staff section; without --as, the owner's report")
    report.set_defaults(func=cmd_report)

    export = sub.add_parser("export", parents=[db_opt],
                            help="export complaints or answers to CSV, or one customer's data to JSON")
    export.add_argument("what", choices=["complaints", "responses", "customer"])
    export.add_argument("-o", "--output", required=True, type=Path)
    export.add_argument("--id", dest="customer_id", type=_positive_int, metavar="N",
                        help="the customer whose data to export (with 'customer')")
    export.add_argument("--as", dest="acting", metavar="USERNAME",
                        help="who exports (password asked or read from stdin): needed for a customer's"
                             " data; the complaint list needs a manager or owner; without it, the"
                             " audit log records the command line")
    export.set_defaults(func=cmd_export)

    imp = sub.add_parser("import-responses", parents=[db_opt], help="import survey answers from a CSV file")
    imp.add_argument("file", type=_existing_file)
    imp.add_argument("--as", dest="acting", metavar="USERNAME", help="the manager or owner importing")
    imp.set_defaults(func=cmd_import_responses)

    backup = sub.add_parser("backup", parents=[db_opt], help="write a verified copy of the database")
    backup.add_argument("-o", "--output", required=True, type=Path)
    backup.set_defaults(func=cmd_backup)

    copy = sub.add_parser("copy-database", parents=[db_opt],
                          help="copy the whole shop into a new database (e.g. to move to PostgreSQL)")
    copy.add_argument("--to", required=True, metavar="DESTINATION", help="a new, empty database: file or URL")
    copy.set_defaults(func=cmd_copy_database)

    restore = sub.add_parser("restore", parents=[db_opt], help="replace the database with a backup")
    restore.add_argument("file", type=_existing_file)
    restore.set_defaults(func=cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``smallcs`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging()
    if args.self_test:
        from smallcs import self_test

        return self_test.run()
    if args.command is None:
        from smallcs.ui.app import run_app

        return run_app(database_target(args.db))
    try:
        return int(args.func(args))
    except SmallCSError as exc:
        print(f"smallcs: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("smallcs: interrupted", file=sys.stderr)
        return 130
    except Exception:
        log.exception("unexpected error in 'smallcs %s'", args.command)
        print(f"smallcs: unexpected error; the details are in {log_file()}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
