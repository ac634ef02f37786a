"""The survey page's CSS, inlined under the page's CSP nonce, in the shop's accent colour."""

from __future__ import annotations

import re

DEFAULT_ACCENT = "#1F6FB2"
PAGE_BACKGROUND = "#F5F5F4"
INK = "#1B1B1B"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

# Phone first: every tap target at least 44 x 44 CSS px down to a 360 px phone
# (the seven-point scale wraps below that), radio inputs drawn as large boxes,
# no web fonts. The language names wrap onto centred rows on narrow phones.
_CSS = """
*{box-sizing:border-box}
body{margin:0;font:1.05rem/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:%(ink)s;background:%(page)s}
header{background:%(accent)s;color:%(on_accent)s;padding:.9rem 1rem}
header h1{margin:0;font-size:1.3rem;overflow-wrap:anywhere}
main{max-width:40rem;margin:0 auto;padding:1rem}
nav ul{list-style:none;margin:0 auto;max-width:40rem;padding:.25rem .5rem 0;display:flex;
flex-wrap:wrap;justify-content:center;gap:0 .25rem;font-size:.95rem}
nav a,nav [aria-current]{display:flex;align-items:center;min-height:2.75rem;padding:0 .55rem;
color:%(ink)s}
nav [aria-current]{font-weight:700;box-shadow:inset 0 -3px %(accent_ink)s}
fieldset{border:0;margin:0 0 1.4rem;padding:0}
legend{font-weight:600;margin-bottom:.6rem;padding:0}
.scale{display:grid;gap:.35rem}
.s5{grid-template-columns:repeat(5,1fr)}.s7{grid-template-columns:repeat(7,1fr)}
.s11{grid-template-columns:repeat(11,1fr)}
@media (max-width:34rem){.s11{grid-template-columns:repeat(6,1fr)}}
@media (max-width:24rem){main{padding:1rem .75rem}.scale{gap:.25rem}}
@media (max-width:22.2rem){.s7{grid-template-columns:repeat(4,1fr)}}
.scale input{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.scale label{display:flex;align-items:center;justify-content:center;min-height:3rem;
border:2px solid #8a8a8a;border-radius:.5rem;background:#fff;font-weight:600;cursor:pointer;
-webkit-tap-highlight-color:transparent}
.scale input:checked+label{background:%(accent)s;border-color:%(accent)s;color:%(on_accent)s}
.scale input:focus-visible+label,.chk input:focus-visible{outline:3px solid %(ink)s;outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:1rem;margin:.35rem 0 0;font-size:.85rem;color:#4a4a4a}
.ends span:last-child{text-align:right}
.lbl{display:block;font-weight:600;margin-bottom:.5rem}
.hint{font-weight:400;color:#4a4a4a}
textarea{width:100%%;font:inherit;padding:.6rem;border:2px solid #8a8a8a;border-radius:.5rem}
.chk{display:flex;gap:.7rem;align-items:center;margin:1rem 0}
.chk input{width:1.6rem;height:1.6rem;flex:none;margin:0;accent-color:%(accent)s}
.chk label{flex:1;display:flex;align-items:center;min-height:2.75rem;cursor:pointer}
button{width:100%%;min-height:3.2rem;font:inherit;font-weight:700;border:0;border-radius:.5rem;
background:%(accent)s;color:%(on_accent)s;cursor:pointer;margin-top:.4rem}
.err{border:2px solid #b00020;background:#fdecee;border-radius:.5rem;padding:.2rem 1rem;margin-bottom:1rem}
.bad legend{color:#b00020}
.box{background:#fff;border-radius:.75rem;padding:1.5rem 1.25rem;margin-top:1rem;text-align:center;
box-shadow:0 1px 3px rgba(0,0,0,.15)}
.msg{font-size:1.2rem;margin:0}
.box p+p{margin:1rem 0 0}
.done::before{content:"\\2713";content:"\\2713"/"";display:block;width:3.5rem;height:3.5rem;
margin:0 auto 1rem;border-radius:50%%;background:%(accent)s;color:%(on_accent)s;font-size:2rem;
line-height:3.5rem;font-weight:700}
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


def accent_ink(colour: str) -> str:
    """The accent where it marks something on the page's background, if it shows up there.

    WCAG asks 3:1 for such non-text marks; a pale accent (a yellow shop) falls
    back to the text colour.
    """
    return colour if _contrast(colour, PAGE_BACKGROUND) >= 3 else INK


def text_on(colour: str) -> str:
    """White or near-black, whichever reads better on ``colour``."""
    light = _luminance(colour)
    # Contrast with white (1.05/(L+0.05)) against with black ((L+0.05)/0.05).
    return "#FFFFFF" if 1.05 / (light + 0.05) >= (light + 0.05) / 0.06 else "#111111"


def page_css(accent: str) -> str:
    """The page's style sheet in a validated accent colour."""
    colour = safe_colour(accent)
    return _CSS % {"accent": colour, "on_accent": text_on(colour), "accent_ink": accent_ink(colour),
                   "ink": INK, "page": PAGE_BACKGROUND}
