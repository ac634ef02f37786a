"""The desktop bundle against the source install: folder size and start-up, in one run.

Build the bundle first (``./scripts/bundle``). Each figure alternates the two
installs, several runs, and reports the median: ``--version`` is the bare
start of the program (interpreter, imports, argument parsing); ``--self-test``
starts everything a shop uses once (database, PDF, survey page, Qt window).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_bundle.py --runs 7
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import smallcs


def timed(command: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a shop's install keeps its bytecode caches
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bundle = ROOT / "dist" / f"smallcs-{smallcs.__version__}"
    if not (bundle / "smallcs-cli").exists():
        raise SystemExit(f"no bundle at {bundle}: run ./scripts/bundle first")
    installs = {"source install (.venv)": [str(ROOT / ".venv" / "bin" / "smallcs")],
                "bundle": [str(bundle / "smallcs-cli")]}
    print("| what | source install | bundle | bundle ÷ source |")
    print("| --- | ---: | ---: | ---: |")
    for flag in ("--version", "--self-test"):
        for command in installs.values():
            timed([*command, flag])  # warm the file cache once
        times: dict[str, list[float]] = {name: [] for name in installs}
        for _ in range(args.runs):
            for name, command in installs.items():
                times[name].append(timed([*command, flag]))
        source, packed = (statistics.median(times[name]) for name in installs)
        print(f"| `{flag}` (median of {args.runs}) | {source:.2f} s | {packed:.2f} s | {packed / source:.2f}x |")
    site = Path(sys.prefix)
    print(f"| size on disk | {folder_size(site) / 1e6:.0f} MB (.venv with test tools) | "
          f"{folder_size(bundle) / 1e6:.0f} MB | |")


if __name__ == "__main__":
    main()
