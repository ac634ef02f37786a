"""Survey answers per second through ``smallcs serve`` against a bare waitress + sqlite3 app.

Two servers run as subprocesses on loopback, each on its own SQLite file (WAL,
synchronous=NORMAL, as SmallCS opens it):

- SmallCS: the real ``smallcs serve`` over a fresh database with the default
  survey and enough single-use cards issued through ``issue_cards``;
- bare: waitress with the same thread count, whose GET returns a tiny form
  with a random nonce and whose POST only parses the body and inserts the row
  with ``sqlite3`` (one connection per thread), then answers 303.

The client is ``wrk`` (Debian: ``apt-get install -y wrk``) with a Lua script:
32 threads with one keep-alive connection each; every connection takes its
own cards in turn, GETs the card's page, reads the form's ``nonce`` field and
POSTs an answer with it. The script times each request itself (LuaJIT's FFI,
CLOCK_MONOTONIC), so GET, POST and GET+POST latencies come out separately.
The servers are measured in turn (each goes first in turn), ``--runs`` times
each, after a warm-up. Besides rates and latencies, each run reports the
server's CPU time (its processes, user + system) per acknowledged answer,
which a busy machine disturbs far less than the rates.

``--variant "LABEL=ARGS"`` adds a SmallCS server started with further ``smallcs
serve`` arguments (e.g. ``--processes 2 --threads 4``), on its own database,
to the same runs; ``--source "LABEL=PATH"`` adds SmallCS run from another source
tree (e.g. ``git worktree add /tmp/before HEAD``: a change's before and after in
the same runs); ``--postgres URL`` adds SmallCS on a new database of that
PostgreSQL server (created for the run and dropped afterwards).

After the runs, every answer a server acknowledged (303) must be in its
database, and no SmallCS card may have two answers. Unacknowledged rows
(requests cut off when a run stops) are reported but are not lost answers.

    .venv/bin/python bench/bench_survey_server.py [--runs 3] [--duration 10] [--connections 32]
        [--threads 8] [--variant "2 processes=--processes 2 --threads 4"] [--source "before=/tmp/before"]
        [--postgres postgresql://user@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import secrets
import shlex
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

from smallcs.web.server import THREADS

BASE = "http://127.0.0.1"
BARE = {"bare", "bare Flask"}  # servers without cards: endless fresh tokens
LUA = r"""
-- One connection per thread: GET a card's page, read its nonce, POST an answer, next card.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

local threads, created = {}, 0
function setup(thread)
  thread:set("id", created)
  created = created + 1
  table.insert(threads, thread)
end

local tokens, index, posting, sent, got_sent, nonce = {}, 1, false, 0, 0, nil
local form = {["Content-Type"] = "application/x-www-form-urlencoded"}
results, exhausted = {}, false

function init(args)
  local line_number, count = 0, tonumber(args[2])
  for line in io.lines(args[1]) do
    if line_number % count == id then table.insert(tokens, line) end
    line_number = line_number + 1
  end
end

function request()
  local token = tokens[index]
  if token == nil then
    exhausted = true
    wrk.thread:stop()
    return wrk.format("GET", "/healthz")
  end
  sent = now_us()
  if posting then
    local score = index % 11
    local body = "csat=" .. (score % 5 + 1) .. "&nps=" .. score .. "&comment=Quick+and+friendly"
                 .. "&lang=en&nonce=" .. nonce
    return wrk.format("POST", "/s/" .. token, form, body)
  end
  got_sent = sent
  return wrk.format("GET", "/s/" .. token)
end

function response(status, headers, body)
  local token = tokens[index]
  if token == nil then return end
  local now = now_us()
  if posting then
    table.insert(results, "P " .. token .. " " .. status .. " " .. (now - sent) .. " " .. (now - got_sent))
    posting = false
    index = index + 1
  else
    table.insert(results, "G " .. token .. " " .. status .. " " .. (now - sent))
    nonce = body:match('name="nonce" value="([^"]+)"')
    if status == 200 and nonce then posting = true else index = index + 1 end
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("BENCH_RESULTS"), "w"))
  out:write("D " .. summary.duration .. "\n")
  for _, thread in ipairs(threads) do
    if thread:get("exhausted") then out:write("X\n") end
    for _, line in ipairs(thread:get("results")) do out:write(line, "\n") end
  end
  out:close()
end
"""


@dataclasses.dataclass
class RunResult:
    """What one wrk run against one server measured."""

    seconds: float
    acknowledged: list[str]  # tokens whose POST got 303
    post_ms: list[float]
    get_ms: list[float]
    flow_ms: list[float]  # GET sent to POST answered
    other_statuses: dict[str, int]
    exhausted: bool
    cpu_seconds: float = 0.0  # the server's processes, user + system

    @property
    def per_second(self) -> float:
        return len(self.acknowledged) / self.seconds

    @property
    def cpu_ms_per_answer(self) -> float:
        """Server CPU per acknowledged answer (its GET and POST): steadier than rates on a busy machine."""
        return self.cpu_seconds * 1000 / max(len(self.acknowledged), 1)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(port: int, process: subprocess.Popen[bytes], *, timeout: float = 30) -> None:
    """Return once ``/healthz`` answers 200; fail if the server exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{BASE}:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise SystemExit(f"the server on port {port} did not come up in {timeout:.0f} s")


def smallcs_database(path: Path | str, cards: int) -> list[str]:
    """A new SmallCS database with an owner, the default survey and ``cards`` single-use cards."""
    from smallcs import setup
    from smallcs.models import Survey
    from smallcs.models.connection import close_database, open_database
    from smallcs.surveys import issue_cards
    from smallcs.surveys.cards import MAX_CARDS_PER_BATCH

    open_database(path)
    try:
        owner = setup.initialise_shop(business_name="Corner Shop", timezone="Europe/Madrid",
                                      owner_username="olivia", owner_display_name="Olivia Owner",
                                      owner_password="owner-secret-1")
        survey = Survey.get(Survey.name == "Customer feedback")
        tokens: list[str] = []
        while len(tokens) < cards:
            batch = min(MAX_CARDS_PER_BATCH, cards - len(tokens))
            tokens += [card.token for card in issue_cards(owner, survey_id=survey.id, count=batch,
                                                          expires_in_days=None)]
        return tokens
    finally:
        close_database()


def bare_database(path: Path) -> None:
    """The bare app's file: one answers table, SmallCS's pragmas."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=wal")
        connection.execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE,"
                           " csat INTEGER, nps INTEGER, comment TEXT, language TEXT, submitted_at REAL)")
        connection.commit()


def bare_tokens() -> Iterator[str]:
    """Endless fresh tokens for the bare app (it has no cards to issue)."""
    for _n in itertools.count():
        yield secrets.token_urlsafe(16)


def bare_app(db_path: str) -> Any:
    """The WSGI baseline: a form page with a nonce, and a POST that inserts one row."""
    from urllib.parse import parse_qs

    local = threading.local()

    def connection() -> sqlite3.Connection:
        if not hasattr(local, "connection"):
            local.connection = sqlite3.connect(db_path, timeout=10, isolation_level=None)
            local.connection.execute("PRAGMA synchronous=NORMAL")
        return local.connection

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        token = path.removeprefix("/s/")
        if method == "GET":
            page = (f'<form method="post" action="/s/{token}"><input type="hidden" name="nonce" '
                    f'value="{secrets.token_urlsafe(16)}"><button>Send</button></form>').encode()
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Content-Length", str(len(page)))])
            return [page]
        size = int(environ.get("CONTENT_LENGTH") or 0)
        form = parse_qs(environ["wsgi.input"].read(size).decode())
        connection().execute(
            "INSERT INTO answer (token, csat, nps, comment, language, submitted_at) VALUES (?, ?, ?, ?, ?, ?)",
            (token, int(form["csat"][0]), int(form["nps"][0]), form["comment"][0], form["lang"][0], time.time()))
        start_response("303 See Other", [("Location", f"/s/{token}/thanks"), ("Content-Length", "0")])
        return [b""]

    return app


def bare_flask_app(db_path: str) -> Any:
    """The baseline's two routes as a minimal Flask app: the floor Flask alone sets."""
    from flask import Flask, Response, request

    app = Flask("bare_flask")
    local = threading.local()

    def connection() -> sqlite3.Connection:
        if not hasattr(local, "connection"):
            local.connection = sqlite3.connect(db_path, timeout=10, isolation_level=None)
            local.connection.execute("PRAGMA synchronous=NORMAL")
        return local.connection

    @app.get("/healthz")
    def healthz() -> str:
        return "ok\n"

    @app.get("/s/<token>")
    def show(token: str) -> str:
        return (f'<form method="post" action="/s/{token}"><input type="hidden" name="nonce" '
                f'value="{secrets.token_urlsafe(16)}"><button>Send</button></form>')

    @app.post("/s/<token>")
    def submit(token: str) -> Response:
        form = request.form
        connection().execute(
            "INSERT INTO answer (token, csat, nps, comment, language, submitted_at) VALUES (?, ?, ?, ?, ?, ?)",
            (token, int(form["csat"]), int(form["nps"]), form["comment"], form["lang"], time.time()))
        return Response(b"", 303, [("Location", f"/s/{token}/thanks")])

    return app


def run_bare_server(db_path: str, port: int, threads: int, *, flask: bool = False) -> None:
    """``--bare-server``: serve the baseline (or its Flask twin) until killed."""
    import waitress

    app = bare_flask_app(db_path) if flask else bare_app(db_path)
    waitress.serve(app, host="127.0.0.1", port=port, threads=threads, ident="bare")


@dataclasses.dataclass
class Server:
    """A server under test: its process, port, database and unused cards."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    db: Path | str  # a SQLite file or a PostgreSQL URL
    tokens: Iterator[str]


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its children still running (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(process_cpu(int(child)) for child in children)


def drive(server: Server, folder: Path, *, seconds: int, connections: int, cards: int) -> RunResult:
    """One wrk run of ``seconds`` against ``server`` with ``cards`` fresh cards."""
    token_file = folder / f"{server.name}-tokens.txt"
    token_file.write_text("".join(f"{next(server.tokens)}\n" for _i in range(cards)))
    results_file = folder / f"{server.name}-results.txt"
    script = folder / "flow.lua"
    script.write_text(LUA)
    command = ["wrk", "-t", str(connections), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(script), f"{BASE}:{server.port}", "--", str(token_file), str(connections)]
    cpu_before = process_cpu(server.process.pid)
    finished = subprocess.run(command, check=False, capture_output=True, text=True,
                              env={**os.environ, "BENCH_RESULTS": str(results_file)})
    cpu_seconds = process_cpu(server.process.pid) - cpu_before
    if finished.returncode != 0:
        raise SystemExit(f"wrk failed ({finished.returncode}): {finished.stderr or finished.stdout}")
    result = RunResult(seconds=0.0, acknowledged=[], post_ms=[], get_ms=[], flow_ms=[], other_statuses={},
                       exhausted=False, cpu_seconds=cpu_seconds)
    for line in results_file.read_text().splitlines():
        kind, *fields = line.split()
        if kind == "D":
            result.seconds = int(fields[0]) / 1e6
        elif kind == "X":
            result.exhausted = True
        elif kind == "G":
            result.get_ms.append(float(fields[2]) / 1000)
            if fields[1] != "200":
                result.other_statuses[f"GET {fields[1]}"] = result.other_statuses.get(f"GET {fields[1]}", 0) + 1
        elif kind == "P":
            result.post_ms.append(float(fields[2]) / 1000)
            result.flow_ms.append(float(fields[3]) / 1000)
            if fields[1] == "303":
                result.acknowledged.append(fields[0])
            else:
                key = f"POST {fields[1]}"
                result.other_statuses[key] = result.other_statuses.get(key, 0) + 1
    return result


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0..1) by the nearest-rank method."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))] if ordered else float("nan")


def connect(db: Path | str) -> Any:
    """A DB-API connection to a SQLite file or a ``postgresql://`` URL."""
    if isinstance(db, str) and "://" in db:
        import psycopg

        return psycopg.connect(db)
    return sqlite3.connect(db)


def check_smallcs_rows(name: str, db: Path | str, acknowledged: set[str]) -> str:
    """Every acknowledged answer stored, no card answered twice; a line saying so."""
    with closing(connect(db)) as connection:
        def one(sql: str) -> Any:
            return connection.execute(sql).fetchone()[0]

        stored = {token for (token,) in connection.execute(
            "SELECT c.token FROM survey_response r JOIN survey_card c ON c.id = r.card_id")}
        doubles = one("SELECT COUNT(*) FROM (SELECT card_id FROM survey_response"
                      " GROUP BY card_id HAVING COUNT(*) > 1) AS doubled")
        answered = one("SELECT COUNT(*) FROM survey_card WHERE answered_at IS NOT NULL")
        rows = one("SELECT COUNT(*) FROM survey_response")
    lost = len(acknowledged - stored)
    return (f"{name}: {len(acknowledged)} acknowledged, {rows} rows, {lost} lost, {doubles} cards answered "
            f"twice, {answered} cards marked answered, {len(stored - acknowledged)} stored but not "
            f"acknowledged (cut off at a run's end)")


def check_bare_rows(name: str, db: Path | str, acknowledged: set[str]) -> str:
    """Every acknowledged answer stored by a bare app; a line saying so."""
    with closing(sqlite3.connect(db)) as connection:
        stored = {token for (token,) in connection.execute("SELECT token FROM answer")}
    return (f"{name}: {len(acknowledged)} acknowledged, {len(stored)} rows, {len(acknowledged - stored)} lost, "
            f"{len(stored - acknowledged)} stored but not acknowledged")


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start a server process with its output in ``log``."""
    with log.open("wb") as sink:
        return subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env)


def smallcs_command() -> list[str]:
    """The installed ``smallcs`` script beside this Python, else ``python -m smallcs``."""
    script = Path(sys.executable).with_name("smallcs")
    return [str(script)] if script.exists() else [sys.executable, "-m", "smallcs"]


def summary_row(name: str, results: list[RunResult]) -> str:
    """One markdown row: medians over the runs of rate and latency percentiles."""
    def median_of(values: list[float]) -> float:
        return statistics.median(values)

    rate = median_of([r.per_second for r in results])
    cells = [f"{rate:.0f}"]
    for pick in ("post_ms", "flow_ms", "get_ms"):
        cells.append(f"{median_of([percentile(getattr(r, pick), 0.5) for r in results]):.1f}")
        cells.append(f"{median_of([percentile(getattr(r, pick), 0.99) for r in results]):.1f}")
    cells.append(f"{median_of([r.cpu_ms_per_answer for r in results]):.2f}")
    runs = ", ".join(f"{r.per_second:.0f}" for r in results)
    return f"| {name} | " + " | ".join(cells) + f" | {runs} |"


def create_pg_database(server_url: str) -> str:
    """A new, empty database on the PostgreSQL server of ``server_url``; its URL."""
    import psycopg

    name = f"smallcs_bench_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    base, _slash, _old = server_url.partition("?")[0].rpartition("/")
    return f"{base}/{name}"


def drop_pg_database(server_url: str, url: str) -> None:
    """Drop the bench's database again (its servers have stopped)."""
    import psycopg

    from smallcs.models.connection import close_database

    close_database()
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {url.rpartition('/')[2]} WITH (FORCE)")


def parse_source(text: str) -> tuple[str, Path]:
    """``--source "LABEL=PATH"``: SmallCS from the source tree at PATH (its ``smallcs`` package)."""
    label, sep, path = text.partition("=")
    tree = Path(path).expanduser().resolve()
    if not sep or not label.strip() or not (tree / "smallcs" / "__init__.py").is_file():
        raise argparse.ArgumentTypeError("use LABEL=PATH, PATH a source tree with smallcs/ in it")
    return label.strip(), tree


def parse_variant(text: str) -> tuple[str, list[str]]:
    """``--variant "LABEL=ARGS"``: a further SmallCS server started with ``smallcs serve ARGS``."""
    label, sep, extra = text.partition("=")
    if not sep or not label.strip():
        raise argparse.ArgumentTypeError("use LABEL=ARGS, e.g. 'threads 4=--threads 4'")
    return label.strip(), shlex.split(extra)


def main() -> None:
    """Run the benchmark and print the table and the lost-answer check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per server")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=THREADS,
                        help=f"waitress threads of the bare server and of SmallCS (default {THREADS})")
    parser.add_argument("--cards-per-run", type=int, default=20000,
                        help="cards handed to each SmallCS run (a run that uses them all is reported)")
    parser.add_argument("--variant", type=parse_variant, action="append", default=[], metavar="LABEL=ARGS",
                        help="also measure SmallCS started with further 'smallcs serve' arguments, on its "
                             "own database, in the same runs (repeatable), e.g. 'threads 4=--threads 4'")
    parser.add_argument("--source", type=parse_source, action="append", default=[], metavar="LABEL=PATH",
                        help="also measure SmallCS run from another source tree (e.g. a git worktree of "
                             "the previous commit), on its own database, in the same runs (repeatable)")
    parser.add_argument("--postgres", metavar="SERVER_URL",
                        help="also measure SmallCS on PostgreSQL in the same runs: the URL of a database "
                             "on a server where the bench may create (and afterwards drop) its own database, "
                             "e.g. postgresql://smallcs@127.0.0.1:5432/postgres")
    parser.add_argument("--flask-floor", action="store_true",
                        help="also measure the bare app written as a minimal Flask app on the same waitress")
    parser.add_argument("--bare-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--flask", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        run_bare_server(args.db, args.port, args.threads, flask=args.flask)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "HOME": str(folder)}
        for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            env[var] = str(folder / var.lower())
            os.environ[var] = env[var]  # this process issues the cards: its log goes there too
        env.pop("SMALLCS_DB", None)
        needed = args.cards_per_run * (args.runs + 1)
        threads = ["--threads", str(args.threads)]
        # name, further arguments, database, source tree (None: this one)
        smallcs_servers: list[tuple[str, list[str], Path | str, Path | None]] = [
            ("smallcs", threads, folder / "smallcs-0.db", None),
            *((label, [*threads, *extra], folder / f"smallcs-{number}.db", None)
              for number, (label, extra) in enumerate(args.variant, start=1)),
            *((label, threads, folder / f"smallcs-source-{number}.db", tree)
              for number, (label, tree) in enumerate(args.source, start=1))]
        pg_database = create_pg_database(args.postgres) if args.postgres else None
        if pg_database is not None:
            smallcs_servers.append(("smallcs on PostgreSQL", threads, pg_database, None))
        tokens: dict[str, list[str]] = {}
        servers: list[Server] = []
        rows_checked: list[str] = []
        try:
            for name, _extra, db, _tree in smallcs_servers:
                started = time.perf_counter()
                tokens[name] = smallcs_database(db, needed)
                print(f"{name}: issued {needed} cards in {time.perf_counter() - started:.1f} s.", file=sys.stderr)
            bare_database(folder / "bare.db")
            if args.flask_floor:
                bare_database(folder / "bare-flask.db")
            for number, (name, extra, db, tree) in enumerate(smallcs_servers):
                port = free_port()
                command = smallcs_command() if tree is None else [sys.executable, "-m", "smallcs"]
                server_env = env if tree is None else {**env, "PYTHONPATH": str(tree)}
                servers.append(Server(name, start([*command, "serve", "--db", str(db), "--host", "127.0.0.1",
                                                   "--port", str(port), *extra], server_env,
                                                  folder / f"smallcs-{number}.log"),
                                      port, db, iter(tokens[name])))
            if args.flask_floor:
                port = free_port()
                servers.append(Server("bare Flask", start([sys.executable, __file__, "--bare-server", "--flask",
                                                           "--db", str(folder / "bare-flask.db"), "--port",
                                                           str(port), "--threads", str(args.threads)],
                                                          env, folder / "bare-flask.log"),
                                      port, folder / "bare-flask.db", bare_tokens()))
            port = free_port()
            servers.append(Server("bare", start([sys.executable, __file__, "--bare-server", "--db",
                                                 str(folder / "bare.db"), "--port", str(port),
                                                 "--threads", str(args.threads)],
                                                env, folder / "bare.log"),
                                  port, folder / "bare.db", bare_tokens()))
            for server in servers:
                wait_healthy(server.port, server.process)
            acknowledged: dict[str, set[str]] = {server.name: set() for server in servers}
            results: dict[str, list[RunResult]] = {server.name: [] for server in servers}
            for server in servers:  # warm-up: imports, templates, the page cache of the database
                warm = drive(server, folder, seconds=args.warmup, connections=args.connections,
                             cards=args.cards_per_run)
                acknowledged[server.name].update(warm.acknowledged)
            for run in range(args.runs):
                shift = run % len(servers)  # every server goes first in turn
                order = servers[shift:] + servers[:shift]
                for server in order:
                    result = drive(server, folder, seconds=args.duration, connections=args.connections,
                                   cards=200_000 if server.name in BARE else args.cards_per_run)
                    acknowledged[server.name].update(result.acknowledged)
                    results[server.name].append(result)
                    print(f"run {run + 1} {server.name}: {result.per_second:.0f}/s, "
                          f"POST p99 {percentile(result.post_ms, 0.99):.1f} ms, "
                          f"server CPU {result.cpu_ms_per_answer:.2f} ms/answer"
                          + (f", other answers {result.other_statuses}" if result.other_statuses else "")
                          + (" — RAN OUT OF CARDS, raise --cards-per-run" if result.exhausted else ""),
                          file=sys.stderr)
            for server in servers:
                check = check_bare_rows if server.name in BARE else check_smallcs_rows
                rows_checked.append(check(server.name, server.db, acknowledged[server.name]))
        finally:
            for server in servers:
                server.process.terminate()
                server.process.wait(timeout=10)
            if pg_database is not None:
                drop_pg_database(args.postgres, pg_database)
        print("| server | answers/s | POST p50 ms | POST p99 ms | GET+POST p50 ms | GET+POST p99 ms "
              "| GET p50 ms | GET p99 ms | server CPU ms/answer | runs (answers/s) |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for server in [servers[-1], *servers[:-1]]:
            print(summary_row(server.name, results[server.name]))
        print()
        bare_median = statistics.median(r.per_second for r in results["bare"])
        for name in [*(name for name, _extra, _db, _tree in smallcs_servers),
                     *(["bare Flask"] if args.flask_floor else [])]:
            ratios = [s.per_second / b.per_second for s, b in zip(results[name], results["bare"], strict=True)]
            ratio = statistics.median(r.per_second for r in results[name]) / bare_median
            print(f"{name} / bare: {ratio:.2f} (ratio of medians); per run pair: "
                  + ", ".join(f"{r:.2f}" for r in ratios))
        print(f"Client: wrk, {args.connections} threads x 1 keep-alive connection; servers: waitress, "
              f"{args.threads} threads each; {args.runs} runs of {args.duration:g} s each, alternating.")
        for line in rows_checked:
            print(line)


if __name__ == "__main__":
    main()
