"""A corpus of hostile text for every entry point (named strings, used as pytest ids), and what
each kind of field is documented to make of text.

Each string is something a shop really meets: a bad paste, a prankster on a
survey card, a spreadsheet that runs formulas, a customer whose name is written
right to left. ``CORPUS`` holds them all; ``SHORT`` leaves out the ones that only
matter where a length limit is checked (so slow doors, such as the PDF, stay fast).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

ONE_MB = 1024 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclasses.dataclass(frozen=True)
class Hostile:
    """One hostile string and what makes it hostile."""

    name: str
    text: str

    @property
    def has_nul(self) -> bool:
        return "\x00" in self.text

    @property
    def broken(self) -> bool:
        """Lone surrogates: what Python makes of bytes that are not UTF-8 (surrogateescape)."""
        return any(0xD800 <= ord(ch) <= 0xDFFF for ch in self.text)

    @property
    def raw(self) -> bytes:
        """The bytes a browser, a file or a terminal would carry: broken text stays broken."""
        try:
            return self.text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return self.text.encode("utf-8", "surrogatepass")

    @property
    def formula(self) -> bool:
        """A spreadsheet would run this cell as a formula."""
        return self.text.startswith(("=", "+", "-", "@", "\t", "\r"))


# Bytes that are not UTF-8, decoded the way Python decodes file names and argv.
_BROKEN = b"caf\xe9 \xff\xfe bad paste".decode("utf-8", "surrogateescape")

CORPUS: list[Hostile] = [
    Hostile("sql-quote", "'; DROP TABLE complaint; --"),
    Hostile("sql-or", '" OR 1=1 --'),
    Hostile("sql-union", "x' UNION SELECT password_hash FROM staff --"),
    Hostile("html-script", "<script>alert(1)</script>"),
    Hostile("html-img", "<img src=x onerror=alert(1)>"),
    Hostile("html-textarea-break", "</textarea><script>alert('x')</script>"),
    Hostile("html-entities", "&lt;b&gt; &amp;amp; &#60;script&#62; &"),
    Hostile("rl-markup", "<b>bold</b> & <font color=red>x</font>"),
    Hostile("rl-para", "<para>inner</para> <br/> <seq id=x/>"),
    Hostile("rl-unclosed", "<b>never closed <i>nor this"),
    Hostile("rl-font-size", '<font size="400" name="Nope">huge</font>'),
    Hostile("broken-utf8", _BROKEN),
    Hostile("lone-surrogate", "half \ud83d a smiley"),
    Hostile("nul", "before\x00after"),
    Hostile("only-nul", "\x00"),
    Hostile("one-megabyte", "A" * ONE_MB),
    Hostile("emoji", "Great 😀👍🏽 service ❤️"),
    Hostile("emoji-zwj", "👩‍👩‍👧‍👦 family 🏳️‍🌈 🧑🏿‍💻"),
    Hostile("emoji-flags", "🇪🇸🇵🇹🇫🇷🇩🇪 🏴󠁧󠁢󠁳󠁣󠁴󠁿"),
    Hostile("arabic", "مريم الحسن: الخدمة كانت بطيئة"),
    Hostile("hebrew", "שירות מצוין, תודה"),
    Hostile("rtl-override", "invoice \u202egnp.exe\u202c total"),
    Hostile("mixed-direction", "Order #42 \u05d4\u05d6\u05de\u05e0\u05d4 ok 123"),
    Hostile("zero-width", "zero\u200bwidth\u200c\u200djoin\ufeffbom\u2060"),
    Hostile("combining", "Zalgo: Z\u0351\u036b\u0343a\u0310\u0361l\u0322g\u0351o\u0489 e\u0301\u0301\u0301"),
    Hostile("csv-hyperlink", '=HYPERLINK("http://x","y")'),
    Hostile("csv-plus", "+1"),
    Hostile("csv-minus", "-1"),
    Hostile("csv-at", "@SUM(A1)"),
    Hostile("csv-tab", "\t=1"),
    Hostile("csv-cr", "\r=1+1"),
    Hostile("csv-dde", "=cmd|' /C calc'!A0"),
    Hostile("long-word", "Supercalifragilistic" * 500),
    Hostile("only-whitespace", " \t\n\u3000\u00a0 "),
    Hostile("newlines", "line one\r\nline two\rline three\n"),
    Hostile("control-chars", "bell\x07 esc\x1b[31m red\x1b[0m \x7f del"),
    Hostile("format-string", "{0} {name} %s %(x)s %d {{}}"),
    Hostile("path-traversal", "../../etc/passwd"),
    Hostile("cjk", "服务很好，谢谢！お待たせしました"),
    Hostile("astral-math", "𝕳𝖊𝖑𝖑𝖔 𝟘𝟙𝟚"),
]

# Strings that only a length limit catches; the others cover everything else.
LONG = frozenset({"one-megabyte", "long-word"})
SHORT: list[Hostile] = [h for h in CORPUS if h.name not in LONG]


def params(items: list[Hostile]) -> list[object]:
    """The strings as pytest parameters, each with its name as id."""
    return [pytest.param(h, id=h.name) for h in items]


def by_name(name: str) -> Hostile:
    """One corpus entry."""
    return next(h for h in CORPUS if h.name == name)


# What each kind of field is documented to do with text: the expected stored value, or
# None when the service must refuse it.


def storable(text: str) -> bool:
    """No NUL and valid Unicode: what every service insists on before storing."""
    return "\x00" not in text and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def kept(limit: int, *, required: bool = False) -> Callable[[str], str | None]:
    """A field cleaned by ``clean_text``: stripped, refused if broken, blank when required, or long."""
    def expect(text: str) -> str | None:
        value = text.strip()
        if not storable(value) or len(value) > limit or (required and not value):
            return None
        return value
    return expect


def squashed(limit: int, *, required: bool = False, squash_first: bool = False) -> Callable[[str], str | None]:
    """A one-line field: runs of white space become one space (before or after the length check)."""
    def expect(text: str) -> str | None:
        value = " ".join(text.split()) if squash_first else text.strip()
        if not storable(value) or len(value) > limit or (required and not value):
            return None
        return " ".join(value.split())
    return expect


def comment_kept(text: str) -> str | None:
    """A customer's comment: NUL dropped, line ends made LF, stripped; broken or > 2,000 refused."""
    value = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not storable(value) or len(value) > 2000:
        return None
    return value


def neutralised(value: str) -> str:
    """How a cell must read in an exported CSV: formulas get a leading quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
