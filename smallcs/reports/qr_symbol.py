"""A QR code's symbol: the module matrix ``qrcode`` encodes, without anything drawn.

Printed cards (``qr.py``, reportlab) and the on-screen test code
(``ui/surveys/qr_view.py``, Qt) draw the same symbol, so its encoding lives apart
from either: showing a code on screen loads no reportlab.

The symbol uses error correction M. Its quiet zone (``QUIET_ZONE`` modules of
white on every side) is not part of the matrix; whoever draws the symbol keeps
that much room around it.
"""

from __future__ import annotations

import dataclasses

import qrcode
from qrcode import util
from qrcode.constants import ERROR_CORRECT_M

from smallcs.reports.qr_masks import best_mask

QUIET_ZONE = 4


@dataclasses.dataclass(frozen=True)
class QRSymbol:
    """One encoded QR code: its data, version and module matrix (True = dark)."""

    data: str
    version: int
    matrix: tuple[tuple[bool, ...], ...]

    @property
    def modules(self) -> int:
        """Modules along one side, without the quiet zone (21 for version 1)."""
        return len(self.matrix)


def qr_symbol(data: str) -> QRSymbol:
    """Encode ``data`` at the lowest version that fits, error correction M.

    The matrix is the one ``qrcode`` makes on its own; only its mask search is
    replaced by ``qr_masks.best_mask``, which picks the same mask far faster.

    Args:
        data: the text to encode, usually a card's URL.

    Returns:
        The symbol, without quiet zone.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    version = code.best_fit()
    codewords = util.create_data(version, code.error_correction, code.data_list)
    code.mask_pattern = best_mask(version, codewords)
    # Hand over the codewords so qrcode does not compute the Reed-Solomon blocks twice.
    code.data_cache = codewords
    code.make(fit=False)
    # qrcode fills every module with a bool once the matrix is made.
    matrix = tuple(map(tuple, code.get_matrix()))
    return QRSymbol(data=data, version=version, matrix=matrix)


def qr_matrix(data: str) -> list[list[bool]]:
    """The module matrix for ``data`` (error correction M, no border); True is dark."""
    return [list(row) for row in qr_symbol(data).matrix]
