"""Pick a QR code's mask the way the ``qrcode`` package does, about a hundred times faster.

``qrcode`` chooses among the eight masks of ISO/IEC 18004 by placing the data
eight times and scoring each result with the standard's penalty rules N1-N4,
one module at a time in pure Python: most of the time it takes to print a
thousand cards. Here the data is placed once per symbol and every mask is
scored on whole rows and columns at a time: the symbol is one Python int
(bit ``r * size + c`` is the module at row ``r``, column ``c``) plus a
transposed copy for the columns, so each rule is a handful of shifts, ANDs
and ``int.bit_count`` calls.

The scores copy ``qrcode``'s own (``qrcode.util.lost_point`` on the symbol
``QRCode.makeImpl(True, mask)`` builds), so the chosen mask is the one
``qrcode`` would choose, ties going to the lowest mask number:

- format and version information and the dark module are light while scoring;
- N1: 3 + (length - 5) for every run of five or more same-coloured modules in
  a row or column;
- N2: 3 for every 2 x 2 block of one colour (overlapping blocks each count);
- N3: 40 for every ``1011101`` with four light modules before or after it,
  inside the symbol (the quiet zone is not looked at);
- N4: 10 for every whole 5 % the dark share is away from 50 %.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from itertools import compress

from qrcode import util

MASKS = range(8)
_FINDER_CORNERS = ((0, 0), (1, 0), (0, 1))  # (row, column) in units of size - 7
_TO_BITS = bytes.maketrans(b"01", b"\x00\x01")


@dataclasses.dataclass(frozen=True)
class _Layout:
    """Everything about a version's symbol that does not depend on the data."""

    size: int
    fixed_rows: int  # dark function modules while scoring, row-major
    fixed_cols: int  # the same, column-major (bit c * size + r)
    row_weights: tuple[int, ...]  # 1 << (r * size + c) for each data module, in placement order
    col_weights: tuple[int, ...]  # 1 << (c * size + r), same order
    mask_rows: tuple[int, ...]  # per mask: the data modules it turns over, row-major
    mask_cols: tuple[int, ...]  # per mask, column-major
    full: int  # every module
    pairs: int  # modules with a right-hand neighbour in their row
    not_last_row: int  # modules with a neighbour below
    finder_before: int  # where 1011101 can start with four modules before it (columns 4..size-7)
    finder_after: int  # where 1011101 can start with four modules after it (columns 0..size-11)
    fours: int  # where four modules in a row fit (columns 0..size-4)


def _function_modules(version: int) -> list[list[bool | None]]:
    """The symbol before data placement: True/False for function modules, None for data.

    Format and version information and the dark module are light, as ``qrcode``
    has them while it scores masks.
    """
    size = version * 4 + 17
    grid: list[list[bool | None]] = [[None] * size for _r in range(size)]
    for corner_row, corner_col in _FINDER_CORNERS:
        top, left = corner_row * (size - 7), corner_col * (size - 7)
        for r in range(-1, 8):
            for c in range(-1, 8):
                if 0 <= top + r < size and 0 <= left + c < size:
                    ring = (0 <= r <= 6 and c in (0, 6)) or (0 <= c <= 6 and r in (0, 6))
                    grid[top + r][left + c] = ring or (2 <= r <= 4 and 2 <= c <= 4)
    centres = util.pattern_position(version)
    for row in centres:
        for col in centres:
            if grid[row][col] is not None:  # under a finder pattern
                continue
            for r in range(-2, 3):
                for c in range(-2, 3):
                    grid[row + r][col + c] = max(abs(r), abs(c)) != 1
    for i in range(8, size - 8):
        if grid[i][6] is None:
            grid[i][6] = i % 2 == 0
        if grid[6][i] is None:
            grid[6][i] = i % 2 == 0
    for i in (0, 1, 2, 3, 4, 5, 7, 8):  # format information around the top-left finder
        grid[i][8] = grid[8][i] = False
    for i in range(8):  # its copies by the other finders, and the dark module
        grid[size - 1 - i][8] = grid[8][size - 1 - i] = False
    if version >= 7:
        for i in range(18):
            grid[i // 3][size - 11 + i % 3] = grid[size - 11 + i % 3][i // 3] = False
    return grid


def _placement(grid: list[list[bool | None]]) -> list[tuple[int, int]]:
    """The data modules in the order codeword bits fill them (two-column zigzag from bottom right)."""
    size = len(grid)
    order = []
    row, step = size - 1, -1
    for right in range(size - 1, 0, -2):
        if right <= 6:  # skip the vertical timing pattern
            right -= 1
        while 0 <= row < size:
            for col in (right, right - 1):
                if grid[row][col] is None:
                    order.append((row, col))
            row += step
        row -= step
        step = -step
    return order


def _bits(size: int, cells: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """``cells`` as a row-major and a column-major bitset."""
    rows = cols = 0
    for r, c in cells:
        rows |= 1 << (r * size + c)
        cols |= 1 << (c * size + r)
    return rows, cols


@functools.cache
def _layout(version: int) -> _Layout:
    grid = _function_modules(version)
    size = len(grid)
    order = _placement(grid)
    fixed_rows, fixed_cols = _bits(size, [(r, c) for r in range(size) for c in range(size) if grid[r][c]])
    masks = [_bits(size, [(r, c) for r, c in order if util.mask_func(m)(r, c)]) for m in MASKS]

    def columns(wanted: range) -> int:
        return _bits(size, [(r, c) for r in range(size) for c in wanted])[0]

    return _Layout(
        size=size, fixed_rows=fixed_rows, fixed_cols=fixed_cols,
        row_weights=tuple(1 << (r * size + c) for r, c in order),
        col_weights=tuple(1 << (c * size + r) for r, c in order),
        mask_rows=tuple(rows for rows, _cols in masks), mask_cols=tuple(cols for _rows, cols in masks),
        full=(1 << size * size) - 1, pairs=columns(range(size - 1)),
        not_last_row=(1 << size * (size - 1)) - 1, finder_before=columns(range(4, size - 6)),
        finder_after=columns(range(size - 10)), fours=columns(range(size - 3)),
    )


def _lines_penalty(modules: int, layout: _Layout) -> int:
    """N1 and N3 over the lines of ``modules`` (the rows, or the columns of a transposed copy)."""
    light = ~modules & layout.full
    # N1: ``same`` marks modules equal to their right-hand neighbour; ``fives``
    # marks where five equal modules start. A run of length L >= 5 has L - 4
    # such starts in one unbroken group and costs (L - 4) + 2.
    same = ~(modules ^ (modules >> 1)) & layout.pairs
    fives = same & (same >> 1) & (same >> 2) & (same >> 3)
    runs = fives & ~(fives << 1)
    n1 = fives.bit_count() + 2 * runs.bit_count()
    # N3: dark-light-dark-dark-dark-light-dark with four light modules after or before.
    core = (modules & (light >> 1) & (modules >> 2) & (modules >> 3) & (modules >> 4)
            & (light >> 5) & (modules >> 6))
    four_light = light & (light >> 1) & (light >> 2) & (light >> 3) & layout.fours
    n3 = ((core & (four_light >> 7) & layout.finder_after).bit_count()
          + (core & (four_light << 4) & layout.finder_before).bit_count())
    return n1 + 40 * n3


def _score(rows: int, cols: int, layout: _Layout) -> int:
    size = layout.size
    same_right = ~(rows ^ (rows >> 1)) & layout.pairs
    same_below = ~(rows ^ (rows >> size)) & layout.not_last_row
    blocks = same_right & same_below & (same_below >> 1)
    # N4 with qrcode's own float arithmetic, so a boundary case rounds the same way.
    percent = float(rows.bit_count()) / (size**2)
    n4 = int(abs(percent * 100 - 50) / 5) * 10
    return _lines_penalty(rows, layout) + _lines_penalty(cols, layout) + 3 * blocks.bit_count() + n4


def _placed_data(version: int, codewords: Sequence[int]) -> tuple[_Layout, int, int]:
    layout = _layout(version)
    bits = format(int.from_bytes(bytes(codewords), "big"), f"0{8 * len(codewords)}b").encode().translate(_TO_BITS)
    # Remainder modules past the last codeword stay light, as in qrcode.
    return layout, sum(compress(layout.row_weights, bits)), sum(compress(layout.col_weights, bits))


def penalty(version: int, codewords: Sequence[int], mask: int) -> int:
    """The penalty ``qrcode`` scores for ``codewords`` placed with ``mask``.

    Args:
        version: the symbol version, 1 to 40.
        codewords: the final codewords, data and error correction interleaved
            (``qrcode.util.create_data``).
        mask: the mask number, 0 to 7.

    Returns:
        The sum of N1 to N4, as ``qrcode.util.lost_point`` gives it.
    """
    layout, data_rows, data_cols = _placed_data(version, codewords)
    return _score(layout.fixed_rows | (data_rows ^ layout.mask_rows[mask]),
                  layout.fixed_cols | (data_cols ^ layout.mask_cols[mask]), layout)


def best_mask(version: int, codewords: Sequence[int]) -> int:
    """The mask ``qrcode`` would choose for these codewords: the lowest penalty, lowest number on ties.

    Args:
        version: the symbol version, 1 to 40.
        codewords: the final codewords (``qrcode.util.create_data``).

    Returns:
        The mask number, 0 to 7.
    """
    layout, data_rows, data_cols = _placed_data(version, codewords)
    scores = [_score(layout.fixed_rows | (data_rows ^ layout.mask_rows[m]),
                     layout.fixed_cols | (data_cols ^ layout.mask_cols[m]), layout) for m in MASKS]
    return scores.index(min(scores))
