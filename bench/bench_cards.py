"""Time 1,000 single-use survey cards to PDF (A4 sheets and 80 mm receipts) against qrcode's own mask search.

For each layout the script renders the same 1,000 cards with ``render_cards``
``--runs`` times on each of two paths, alternating so both see the same noise:

- SmallCS: ``qr_symbol`` as shipped (the mask chosen by ``qr_masks.best_mask``);
- baseline: the same render with ``qr_symbol`` swapped for the old encoder,
  ``QRCode.make()`` with its own mask search (``best_mask_pattern``).

Everything else (layout, fonts, PDF writing) is the same code on both paths.
It prints a markdown table of median seconds, file sizes and the ratio, then
the mask search on its own (median microseconds per symbol, same URLs).
``--profile`` adds the top functions of one SmallCS render.

    .venv/bin/python bench/bench_cards.py [--runs 3] [--count 1000] [--layouts a4 receipt-80mm] [--profile]
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import cProfile
import pstats
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import qrcode
from qrcode import util
from qrcode.constants import ERROR_CORRECT_M

from smallcs.reports import cards as cards_module
from smallcs.reports import qr_masks
from smallcs.reports.cards import CardContent, CardStyle, render_cards
from smallcs.reports.qr_symbol import QRSymbol

BASE_URL = "http://192.168.1.20:8765"
QUESTIONS = (
    ("csat", "How satisfied were you with Corner Shop?"),
    ("nps", "How likely are you to recommend Corner Shop to a friend or colleague?"),
    ("ces", "Corner Shop made it easy to handle my issue."),
)
STYLE = CardStyle(shop_name="Corner Shop", accent_colour="#1F6FB2", questions=QUESTIONS)


def qrcode_symbol(data: str) -> QRSymbol:
    """The encoder before issue #5's speed work: qrcode picks the mask itself."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
    return QRSymbol(data=data, version=int(code.version), matrix=matrix)


@contextlib.contextmanager
def qrcode_mask_search() -> Iterator[None]:
    """Make ``render_cards`` encode with ``qrcode_symbol`` for the duration."""
    shipped = cards_module.qr_symbol
    cards_module.qr_symbol = qrcode_symbol
    try:
        yield
    finally:
        cards_module.qr_symbol = shipped


def make_cards(count: int, seed: int) -> list[CardContent]:
    """Cards shaped like real ones: 128-bit URL-safe tokens, 8-character short codes."""
    rng = random.Random(seed)
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return [CardContent(url=f"{BASE_URL}/s/{base64.urlsafe_b64encode(rng.randbytes(16)).rstrip(b'=').decode()}",
                        short_code="".join(rng.choice(alphabet) for _i in range(8)))
            for _n in range(count)]


def timed_render(cards: list[CardContent], layout: str, path: Path) -> tuple[float, int]:
    """Seconds for one ``render_cards`` to a file, and the file's size in bytes."""
    start = time.perf_counter()
    render_cards(cards, STYLE, layout=layout, output=path)
    return time.perf_counter() - start, path.stat().st_size


def mask_search_us(urls: list[str]) -> tuple[float, float]:
    """Median microseconds per symbol: qrcode's ``best_mask_pattern`` and ``qr_masks.best_mask``."""
    theirs, ours = [], []
    for url in urls:
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
        code.add_data(url)
        version = code.best_fit()
        codewords = util.create_data(version, code.error_correction, code.data_list)
        start = time.perf_counter()
        expected = code.best_mask_pattern()
        middle = time.perf_counter()
        chosen = qr_masks.best_mask(version, codewords)
        end = time.perf_counter()
        if chosen != expected:
            raise SystemExit(f"mask {chosen} differs from qrcode's {expected} for {url}")
        theirs.append(middle - start)
        ours.append(end - middle)
    return statistics.median(theirs) * 1e6, statistics.median(ours) * 1e6


def profile_render(cards: list[CardContent], layout: str, path: Path) -> None:
    """Print the 25 functions with the most cumulative time in one SmallCS render."""
    profiler = cProfile.Profile()
    profiler.runcall(render_cards, cards, STYLE, layout=layout, output=path)
    print(f"\nProfile of one SmallCS render, {layout}:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--layouts", nargs="+", default=["a4", "receipt-80mm"])
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    cards = make_cards(args.count, args.seed)
    paths: dict[str, Callable[[], contextlib.AbstractContextManager[None]]] = {
        "baseline": qrcode_mask_search, "smallcs": contextlib.nullcontext}
    print("| layout | cards | baseline median | SmallCS median | ratio | SmallCS size | baseline size "
          "| SmallCS runs (s) | baseline runs (s) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for layout in args.layouts:
            for name, swap in paths.items():  # warm up: fonts, the per-version layouts, qrcode's caches
                with swap():
                    render_cards(cards[:8], STYLE, layout=layout, output=folder / "warm.pdf")
            seconds: dict[str, list[float]] = {name: [] for name in paths}
            sizes: dict[str, int] = {}
            for run in range(args.runs):
                order = list(paths.items()) if run % 2 == 0 else list(reversed(paths.items()))
                for name, swap in order:
                    with swap():
                        spent, sizes[name] = timed_render(cards, layout, folder / f"{name}.pdf")
                    seconds[name].append(spent)
            ours, theirs = statistics.median(seconds["smallcs"]), statistics.median(seconds["baseline"])
            print(f"| {layout} | {args.count} | {theirs:.2f} s | {ours:.2f} s | {ours / theirs:.2f} "
                  f"| {sizes['smallcs'] / 1e6:.2f} MB | {sizes['baseline'] / 1e6:.2f} MB "
                  f"| {', '.join(f'{s:.2f}' for s in seconds['smallcs'])} "
                  f"| {', '.join(f'{s:.2f}' for s in seconds['baseline'])} |")
        theirs_us, ours_us = mask_search_us([card.url for card in cards[:200]])
        print(f"\nMask search alone, median of 200 card URLs: qrcode {theirs_us:.0f} us, "
              f"qr_masks {ours_us:.0f} us per symbol ({theirs_us / ours_us:.0f}x), same mask every time.")
        if args.profile:
            for layout in args.layouts:
                profile_render(cards, layout, folder / "profile.pdf")


if __name__ == "__main__":
    main()
