"""Whether a word printed in a PDF is drawn with the glyphs of a given font file, as poppler rasterises it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

from smallcs import paths
from smallcs.reports import fonts
from tests.reports import poppler

EMOJI_FONT = paths.resources_dir() / "fonts" / fonts.EMOJI_FILE


def ink(image: Image.Image) -> Image.Image:
    """The pixels of a grey image that stand out from its background (its commonest shade), cropped to them.

    Text may be dark on paper or white on the shop's colour band.
    """
    histogram = image.histogram()
    background = histogram.index(max(histogram))
    mask = image.point(lambda value: 255 if abs(value - background) > 64 else 0)
    box = mask.getbbox()
    assert box is not None, "nothing is printed there"
    return mask.crop(box)


def likeness(path: Path, words: Iterable[str], *, font_file: Path = EMOJI_FONT,
             dpi: int = 200) -> dict[str, float]:
    """How much each printed word looks like that word drawn by FreeType from ``font_file``: its least alike print.

    Both are reduced to their ink and scaled to the same box; the score is the
    share of ink they have in common (intersection over union), upright or
    turned over (the table tent's upper half). The same emoji from the two
    rasterisers scores about 0.7 to 0.85 at 200 dpi and up; the missing glyph's
    empty box about 0.15, DejaVu's own 😀 about 0.45. Chinese or Japanese words
    from the CJK font score about 0.8, DejaVu's empty boxes about 0.2.
    """
    wanted = set(words)
    scale = dpi / 72
    pages: dict[int, Image.Image] = {}
    scores: dict[str, float] = {}
    for found in poppler.words(path):
        if found.text not in wanted:
            continue
        if found.page not in pages:
            pages[found.page] = poppler.page_image(path, found.page, dpi=dpi)
        page = pages[found.page]
        printed = ink(page.crop((int(found.left * scale) - 2, int(found.top * scale) - 2,
                                 int(found.right * scale) + 2, int(found.bottom * scale) + 2))).convert("1")
        size = printed.height
        drawn = Image.new("L", (size * (len(found.text) + 2) * 2, size * 3), 255)
        ImageDraw.Draw(drawn).text((size // 2, size // 2), found.text,
                                   font=ImageFont.truetype(str(font_file), size), fill=0)
        upright = ink(drawn)
        best = 0.0
        for reference in (upright, upright.rotate(180)):
            mask = reference.resize(printed.size).point(lambda value: 255 if value > 127 else 0).convert("1")
            both = ImageChops.logical_and(printed, mask).histogram()[-1]
            either = ImageChops.logical_or(printed, mask).histogram()[-1]
            best = max(best, both / either)
        scores[found.text] = min(best, scores.get(found.text, 1.0))
    assert wanted <= scores.keys(), f"{sorted(wanted - scores.keys())} not on any page"
    return scores
