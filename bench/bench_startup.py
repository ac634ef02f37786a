"""Start-up to a usable main window on a --scale 10 demo database, against the floor.

The floor is a bare PySide6 window that opens and closes, run in the same loop,
alternating with SmallCS so machine noise hits both alike. Start-up is the time
from launching the process to the end of the window's first paint with its
opening page's content (the complaint list with its rows); the first paint,
whatever it showed, is reported beside it. SmallCS needs a log-in first, so it
is timed twice:

- with a person at the keyboard, who takes a second to type the password:
  start-up is what that person waits for, launch to the log-in dialog ready
  plus Enter to the main window painted with its content (the typing itself is not counted;
  SmallCS builds the main window behind the dialog meanwhile);
- with an instant typist (credentials typed the moment the dialog has painted),
  launch to the main window painted with its content: nothing can hide behind the typing.

It also reports the whole process with quitting (instant typist), the ratios to
the floor (target: start-up at most 3x) and SmallCS's peak RSS (target: at most
200 MB), while the password is typed, the longest the log-in dialog went without
answering a key (the main window is being built behind it), and in how many runs
the database's integrity check was still running when the window had painted.

SmallCS opens on the page last used on the PC (QSettings ``mainWindow/page``):
``--page`` chooses it (Complaints by default), written into the children's
settings folder before each launch; each child says which page it painted.

    .venv/bin/python bench/bench_startup.py [--runs 7] [--db EXISTING_DEMO_DB] [--page surveys]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROBE = HERE / "startup_probe.py"
# The pages of smallcs.ui.main_window.PAGE_NAMES (not imported: the bench itself loads no Qt).
PAGES = ("complaints", "surveys", "reports", "dashboard", "settings")


# A full-HD screen for the offscreen platform (its own is 800x800): SmallCS's first window is
# 1180x760 where the screen has room, as is the floor's, not shrunk to fit a small screen.
OFFSCREEN_SCREEN = {"screens": [{"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1080,
                                 "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


def child_environment(config_home: str) -> dict[str, str]:
    """As on a shop's PC: bytecode caches allowed (pip writes them at install time;
    this machine's PYTHONDONTWRITEBYTECODE would recompile every module each run),
    a fresh settings folder: nothing set but the page to open on (``write_opening_page``),
    and, offscreen, a 1920x1080 screen (``OFFSCREEN_SCREEN``, in the settings folder)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    if platform == "offscreen":
        screen = Path(config_home) / "offscreen-screen.json"
        screen.write_text(json.dumps(OFFSCREEN_SCREEN), encoding="utf-8")
        platform = f"offscreen:configfile={screen}"
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "XDG_CONFIG_HOME": config_home}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def write_opening_page(config_home: str, page: str) -> None:
    """Make ``page`` the page last used on this "PC": the one setting in the app's QSettings
    (organisation and application "SmallCS", native INI format under $XDG_CONFIG_HOME)."""
    folder = Path(config_home) / "SmallCS"
    folder.mkdir(exist_ok=True)
    (folder / "SmallCS.conf").write_text(f"[mainWindow]\npage={page}\n", encoding="utf-8")


TYPING_SECONDS = 1.0
CHILD_TIMEOUT_SECONDS = 60


def timed_child(args: list[str], env: dict[str, str],
                page: str = "complaints") -> tuple[dict[str, float], float | None, bool, float, float]:
    """The child's moments (seconds after launch), its longest stall at the log-in dialog
    (seconds; None when nobody typed), whether the integrity check was still running at
    the window's first paint, the whole run's seconds, peak RSS (MB). SmallCS opens on ``page``."""
    write_opening_page(env["XDG_CONFIG_HOME"], page)
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, str(PROBE), *args], env=env,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    timer = threading.Timer(CHILD_TIMEOUT_SECONDS, process.kill)  # a probe that never sees its paint
    timer.start()
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    timer.cancel()
    elapsed = time.monotonic() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = dict(line.split() for line in output.splitlines())
    stall = lines.pop("stall", None)
    checking = lines.pop("checking", "0") == "1"
    painted_page = lines.pop("page", page)
    moments = {name: float(at) - start for name, at in lines.items()}
    if process.returncode != 0 or "content" not in moments:
        raise SystemExit(f"probe {args[0]} failed with exit code {process.returncode}")
    if painted_page != page:
        raise SystemExit(f"probe {args[0]} opened on the {painted_page} page, not on {page}")
    return moments, None if stall is None else float(stall), checking, elapsed, usage.ru_maxrss / 1024


def make_demo(path: Path, scale: float) -> float:
    start = time.perf_counter()
    smallcs = Path(sys.executable).with_name("smallcs")
    subprocess.run([str(smallcs), "demo", "--db", str(path), "--scale", str(scale)],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, help="an existing demo database (owner / demo-owner)")
    parser.add_argument("--page", choices=PAGES, default="complaints",
                        help="the page SmallCS opens on (the page last used on the PC)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "scale10.db"
            seconds = make_demo(db, 10)
            print(f"made a --scale 10 demo database in {seconds:.1f} s")
        env = child_environment(tmp)
        login = [str(db), "owner", "demo-owner"]
        runs: dict[str, list[str]] = {
            "bare": ["bare"],
            "app": ["app", *login, "0"],
            "app-typed": ["app", *login, str(TYPING_SECONDS)],
            "app-pg": ["app-pg", *login, "0"],
            "app-pg-typed": ["app-pg", *login, str(TYPING_SECONDS)],
        }
        startup: dict[str, list[float]] = {kind: [] for kind in runs}
        first_paint: dict[str, list[float]] = {kind: [] for kind in runs}
        whole: dict[str, list[float]] = {kind: [] for kind in runs}
        rss: dict[str, list[float]] = {kind: [] for kind in runs}
        stalls: dict[str, list[float]] = {kind: [] for kind in runs}
        checking: dict[str, int] = {kind: 0 for kind in runs}
        for args_of_kind in runs.values():  # warm the file and bytecode caches for all
            timed_child(args_of_kind, env, args.page)
        for _ in range(args.runs):
            for kind, args_of_kind in runs.items():
                moments, stall, still_checking, seconds, peak = timed_child(args_of_kind, env, args.page)
                checking[kind] += still_checking
                if stall is not None:
                    stalls[kind].append(stall)
                typing = moments["enter"] - moments["dialog"] if kind.endswith("-typed") else 0.0
                startup[kind].append(moments["content"] - typing)
                first_paint[kind].append(moments["painted"] - typing)
                whole[kind].append(seconds)
                rss[kind].append(peak)
    floor, floor_whole = statistics.median(startup["bare"]), statistics.median(whole["bare"])
    print(f"opening on the {args.page} page; medians of {args.runs} runs;"
          " target: start-up at most 3x the floor, peak RSS at most 200 MB")
    print("| what | start-up (painted with its content) | ÷ floor | first paint | ÷ floor "
          "| whole process, with quitting | ÷ floor | peak RSS |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| bare PySide6 window (floor) | {floor:.3f} s | 1.00x | {floor:.3f} s | 1.00x "
          f"| {floor_whole:.3f} s | 1.00x | {max(rss['bare']):.0f} MB |")
    for install, suffix in (("SQLite install", ""), ("with the PostgreSQL driver installed", "-pg")):
        for kind, who in ((f"app{suffix}-typed", f"password typed in {TYPING_SECONDS:.0f} s (typing not counted)"),
                          (f"app{suffix}", "instant typist")):
            content, painted = statistics.median(startup[kind]), statistics.median(first_paint[kind])
            process = "| |" if kind.endswith("-typed") else \
                f"| {statistics.median(whole[kind]):.3f} s | {statistics.median(whole[kind]) / floor_whole:.2f}x |"
            print(f"| SmallCS, {install}: {who} | {content:.3f} s | {content / floor:.2f}x "
                  f"| {painted:.3f} s | {painted / floor:.2f}x {process} {max(rss[kind]):.0f} MB |")
    print()
    print(f"While the password is typed ({TYPING_SECONDS:.0f} s), the longest the log-in dialog went without"
          " answering a key (median and worst of the runs' longest):")
    print("| install | median | worst |")
    print("| --- | ---: | ---: |")
    for install, kind in (("SQLite", "app-typed"), ("with the PostgreSQL driver", "app-pg-typed")):
        print(f"| {install} | {1000 * statistics.median(stalls[kind]):.0f} ms | {1000 * max(stalls[kind]):.0f} ms |")
    print()
    print("Runs in which the integrity check was still running when the main window had first painted:")
    for kind, name in (("app", "SQLite, instant typist"), ("app-typed", "SQLite, typed"),
                       ("app-pg", "PostgreSQL driver, instant typist"), ("app-pg-typed", "PostgreSQL driver, typed")):
        print(f"- {name}: {checking[kind]} of {args.runs}")


if __name__ == "__main__":
    main()
