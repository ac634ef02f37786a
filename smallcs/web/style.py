"""The survey page's CSS, light and (for a phone in dark mode) dark, inlined under the page's CSP nonce, in the shop's accent colour."""

from __future__ import annotations

import colorsys
import functools
import re

DEFAULT_ACCENT = "#1F6FB2"
PAGE_BACKGROUND = "#F5F5F4"
INK = "#1B1B1B"
# The phone's dark mode: a near-black page, light grey text (14:1), muted text 8:1,
# answer boxes and the message card a step lighter than the page.
DARK_PAGE = "#121212"
DARK_SURFACE = "#1E1E1E"
DARK_INK = "#E8E8E6"
DARK_MUTED = "#B4B4B0"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# WCAG 2.2 1.4.11: what shows a control's state stands out 3:1 from what surrounds it.
MARK_CONTRAST = 3.0

# Phone first: every tap target at least 44 x 44 CSS px down to a 360 px phone
# (the seven-point scale wraps below that), radio inputs drawn as large boxes,
# no web fonts. The language names wrap onto centred rows on narrow phones. The shop's name
# lines up with the questions below it and, long, is hyphenated in the page's language.
_CSS = """
*{box-sizing:border-box}
body{margin:0;font:1.05rem/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:%(ink)s;background:%(page)s}
header{background:%(accent)s;color:%(on_accent)s;padding:.9rem 0}
header h1{max-width:40rem;margin:0 auto;padding:0 1rem;font-size:1.3rem;overflow-wrap:anywhere;
-webkit-hyphens:auto;hyphens:auto}
main{max-width:40rem;margin:0 auto;padding:1rem}
nav ul{list-style:none;margin:0 auto;max-width:40rem;padding:.25rem .5rem 0;display:flex;
flex-wrap:wrap;justify-content:center;gap:0 .25rem;font-size:.95rem}
nav a,nav [aria-current]{display:flex;align-items:center;min-height:2.75rem;padding:0 .55rem;
color:%(ink)s}
nav [aria-current]{font-weight:700;box-shadow:inset 0 -3px %(mark)s}
nav button{width:auto;min-height:2.75rem;margin:0;padding:0 .55rem;border-radius:0;background:none;
color:%(ink)s;font-weight:400;text-decoration:underline}
.vh{position:absolute;left:-100vw;width:1px;height:1px;overflow:hidden}
fieldset{border:0;margin:0 0 1.4rem;padding:0}
legend{font-weight:600;margin-bottom:.6rem;padding:0;overflow-wrap:break-word;-webkit-hyphens:auto;
hyphens:auto}
.scale{display:grid;gap:.35rem}
.s5{grid-template-columns:repeat(5,1fr)}.s7{grid-template-columns:repeat(7,1fr)}
.s11{grid-template-columns:repeat(11,1fr)}
@media (max-width:34rem){.s11{grid-template-columns:repeat(6,1fr)}}
@media (max-width:24rem){main{padding:1rem .75rem}header h1{padding:0 .75rem}.scale{gap:.25rem}}
@media (max-width:22.2rem){.s7{grid-template-columns:repeat(4,1fr)}}
.scale input{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.scale label{display:flex;align-items:center;justify-content:center;min-height:3rem;
border:2px solid #8a8a8a;border-radius:.5rem;background:#fff;font-weight:600;cursor:pointer;
-webkit-tap-highlight-color:transparent}
.scale input:checked+label{background:%(mark)s;border-color:%(mark)s;color:%(on_mark)s}
.scale input:focus-visible+label,.chk input:focus-visible{outline:3px solid %(ink)s;outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:1rem;margin:.35rem 0 0;font-size:.85rem;color:#4a4a4a}
.ends span:last-child{text-align:right}
.lbl{display:block;font-weight:600;margin-bottom:.5rem}
.hint{font-weight:400;color:#4a4a4a}
textarea{width:100%%;font:inherit;padding:.6rem;border:2px solid #8a8a8a;border-radius:.5rem}
.chk{display:flex;gap:.7rem;align-items:center;margin:1rem 0}
.chk input{width:1.6rem;height:1.6rem;flex:none;margin:0;accent-color:%(mark)s}
.chk label{flex:1;display:flex;align-items:center;min-height:2.75rem;cursor:pointer}
button{width:100%%;min-height:3.2rem;font:inherit;font-weight:700;border:0;border-radius:.5rem;
background:%(mark)s;color:%(on_mark)s;cursor:pointer;margin-top:.4rem}
.err{border:2px solid #b00020;background:#fdecee;border-radius:.5rem;padding:.2rem 1rem;margin-bottom:1rem}
.bad legend{color:#b00020}
.box{background:#fff;border-radius:.75rem;padding:1.5rem 1.25rem;margin-top:1rem;text-align:center;
box-shadow:0 1px 3px rgba(0,0,0,.15)}
.msg{font-size:1.2rem;margin:0}
.box p+p{margin:1rem 0 0}
.done::before{content:"\\2713";content:"\\2713"/"";display:block;width:3.5rem;height:3.5rem;
margin:0 auto 1rem;border-radius:50%%;background:%(mark)s;color:%(on_mark)s;font-size:2rem;
line-height:3.5rem;font-weight:700}
"""

# The same page when the phone is in dark mode: only colours change. The shop's colour
# stays on the header; the marks take ``accent_mark`` of it against the dark page, which
# lightens a dark shop colour instead. ``color-scheme`` gives the tick box and the
# textarea's scroll bar their dark look too.
_DARK_CSS = """
:root{color-scheme:light dark}
@media (prefers-color-scheme:dark){
body{color:%(ink)s;background:%(page)s}
header{border-bottom:1px solid #5A5A58}
nav a,nav [aria-current],nav button{color:%(ink)s}
nav [aria-current]{box-shadow:inset 0 -3px %(mark)s}
nav button{background:none}
a{color:%(link)s}
.scale label{border-color:#8A8A87;background:%(surface)s}
.scale input:checked+label{background:%(mark)s;border-color:%(mark)s;color:%(on_mark)s}
.scale input:focus-visible+label,.chk input:focus-visible{outline-color:%(ink)s}
.ends,.hint{color:%(muted)s}
textarea{color:%(ink)s;background:%(surface)s;border-color:#8A8A87}
.chk input{accent-color:%(mark)s}
button{background:%(mark)s;color:%(on_mark)s}
.err{border-color:#FF8A80;background:#3B1A1C}
.bad legend{color:#FF8A80}
.box{background:%(surface)s;box-shadow:0 0 0 1px #3A3A38}
.done::before{background:%(mark)s;color:%(on_mark)s}
}
"""


def safe_colour(*candidates: str | None) -> str:
    """The first candidate that is a #RRGGBB colour (the default otherwise), safe inside CSS."""
    for colour in candidates:
        if isinstance(colour, str) and _COLOUR.match(colour):
            return colour.upper()
    return DEFAULT_ACCENT


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = []
    for start in (1, 3, 5):
        c = int(colour[start:start + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in (red, green, blue))


def accent_mark(colour: str, page: str = PAGE_BACKGROUND) -> str:
    """The accent as it marks a chosen answer, the Send button and a ticked box.

    Those marks must stand out 3:1 from the page around them (WCAG 1.4.11); a
    pale shop colour (a yellow shop's #FFFF99) would look less marked than the
    grey outline of an answer not chosen. Such a colour is darkened, its hue
    and saturation kept, one step at a time until it does. On a dark ``page``
    a dark shop colour (#222222) is lightened the same way. Text on it is
    ``text_on`` the result, which reads at least 4.5:1 on any colour.
    """
    red, green, blue = (int(colour[start:start + 2], 16) / 255 for start in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    # Away from the page: darker on a light page, lighter on a dark one (0.18 is mid-grey).
    step = -1 / 255 if _luminance(page) > 0.18 else 1 / 255
    candidate = colour.upper()
    while _contrast(candidate, page) < MARK_CONTRAST:
        lightness = min(1.0, max(0.0, lightness + step))
        candidate = _hex(*colorsys.hls_to_rgb(hue, lightness, saturation))
    return candidate


def text_on(colour: str) -> str:
    """White or black, whichever reads better on ``colour``: at least 4.58:1 on any colour."""
    return "#FFFFFF" if _contrast(colour, "#FFFFFF") >= _contrast(colour, "#000000") else "#000000"


@functools.lru_cache(maxsize=64)
def page_css(accent: str) -> str:
    """The page's style sheet in a validated accent colour.

    The header carries the shop's own colour; what marks the customer's choices
    carries ``accent_mark`` of it.
    """
    colour = safe_colour(accent)
    mark = accent_mark(colour)
    light = _CSS % {"accent": colour, "on_accent": text_on(colour), "mark": mark,
                    "on_mark": text_on(mark), "ink": INK, "page": PAGE_BACKGROUND}
    # Against the answer boxes, a step lighter than the dark page, so it stands out from both.
    dark_mark = accent_mark(colour, DARK_SURFACE)
    dark = _DARK_CSS % {"mark": dark_mark, "on_mark": text_on(dark_mark), "ink": DARK_INK,
                        "page": DARK_PAGE, "surface": DARK_SURFACE, "muted": DARK_MUTED,
                        "link": "#9CC8FF"}
    return light + dark
