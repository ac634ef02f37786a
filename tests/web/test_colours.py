"""Whatever colour a shop picks, a customer sees which answer they chose, the Send button and the tick.

Read off the style sheet the server actually sends with the page, with WCAG's
own formulas written out here: marks (fills, borders, a ticked box) at least
3:1 against the page around them (1.4.11), text at least 4.5:1 (1.4.3).
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Callable
from pathlib import Path

from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smallcs.models import Survey, SurveyCard
from tests.web.conftest import contrast

MARK, TEXT = 3.0, 4.5
# Pale, loud and dark shop colours a reviewer found or that sit at the edges.
SHOP_COLOURS = ("#FFFF99", "#FFD700", "#F4B400", "#7FDBFF", "#FFFFFF", "#F5F5F4", "#000000",
                "#808080", "#1F6FB2")


def colour_of(value: str) -> str:
    """A #RRGGBB colour as the style sheet writes it (#fff included)."""
    value = value.strip()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", value), value
    return value.upper()


_MEDIA = r"@media([^{]*)\{((?:[^{}]*\{[^{}]*\})*[^{}]*)\}"


def style_rules(html: str, dark: bool = False) -> dict[str, dict[str, str]]:
    """The page's top-level CSS rules: each selector's declarations (rules in @media left out).

    With ``dark``, the rules of ``@media (prefers-color-scheme:dark)`` override them,
    as a phone in dark mode applies them.
    """
    css = re.search(r"<style[^>]*>(.*?)</style>", html, re.DOTALL).group(1)
    dark_blocks = [body for query, body in re.findall(_MEDIA, css)
                   if re.sub(r"\s", "", query) == "(prefers-color-scheme:dark)"]
    if dark:
        assert dark_blocks, "the page has no dark style"
    css = re.sub(_MEDIA, "", css) + ("".join(dark_blocks) if dark else "")
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = dict(part.split(":", 1) for part in body.split(";") if ":" in part)
        for selector in selectors.split(","):
            rules.setdefault(selector.strip(), {}).update(
                (name.strip(), value.strip()) for name, value in declarations.items())
    return rules


def the_page(client: FlaskClient, card: SurveyCard, colour: str) -> str:
    Survey.update(colour=colour).execute()
    response = client.get(f"/s/{card.token}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def the_shop_colours(test: Callable[..., None]) -> Callable[..., None]:
    """Always try ``SHOP_COLOURS`` besides hypothesis's own."""
    for colour in SHOP_COLOURS:
        test = example(shop_colour=colour)(test)
    return test


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shop_colour=st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}"))
@the_shop_colours
def test_choices_stand_out_in_any_shop_colour(
    client: FlaskClient, card: SurveyCard, db_path: Path, shop_colour: str
) -> None:
    html = the_page(client, card, shop_colour)
    for dark in (False, True):
        marks_stand_out(style_rules(html, dark=dark), shop_colour)


def marks_stand_out(rules: dict[str, dict[str, str]], shop_colour: str) -> None:
    """Choices, Send, the tick and the header as WCAG asks, in one colour scheme's rules."""
    page = colour_of(rules["body"]["background"])
    answer_box = colour_of(rules[".scale label"]["background"])

    chosen = rules[".scale input:checked+label"]
    fill, border = colour_of(chosen["background"]), colour_of(chosen["border-color"])
    assert contrast(fill, page) >= MARK and contrast(border, page) >= MARK
    assert contrast(fill, answer_box) >= MARK  # a chosen answer stands out from the others
    assert contrast(colour_of(chosen["color"]), fill) >= TEXT

    send = rules["button"]
    assert contrast(colour_of(send["background"]), page) >= MARK
    assert contrast(colour_of(send["color"]), colour_of(send["background"])) >= TEXT

    assert contrast(colour_of(rules[".chk input"]["accent-color"]), page) >= MARK

    header = rules["header"]  # the shop's own colour, its name readable on it
    assert colour_of(header["background"]) == shop_colour
    assert contrast(colour_of(header["color"]), shop_colour) >= TEXT


def test_dark_mode_text_is_readable(client: FlaskClient, card: SurveyCard, db_path: Path) -> None:
    """Body, muted, error and link text read 4.5:1 on a dark page; focus rings show 3:1."""
    rules = style_rules(the_page(client, card, "#222222"), dark=True)
    page, ink = colour_of(rules["body"]["background"]), colour_of(rules["body"]["color"])
    assert contrast(page, "#000000") < 1.5, "the dark style's page is not dark"
    assert contrast(ink, page) >= TEXT
    for selector in (".ends", ".hint", "a", ".bad legend"):
        assert contrast(colour_of(rules[selector]["color"]), page) >= TEXT, selector
    for surface in (".box", ".scale label", ".err"):
        assert contrast(ink, colour_of(rules[surface]["background"])) >= TEXT, surface
    assert contrast(colour_of(rules["textarea"]["color"]),
                    colour_of(rules["textarea"]["background"])) >= TEXT
    assert contrast(colour_of(rules[".err"]["border-color"]), page) >= MARK
    focus = rules[".scale input:focus-visible+label"]
    assert contrast(colour_of(focus["outline-color"]), page) >= MARK


def test_a_dark_shop_colour_is_lightened_in_dark_mode(
    client: FlaskClient, card: SurveyCard, db_path: Path
) -> None:
    """#222222 marks choices in light mode as it is and, on a dark page, lightened."""
    html = the_page(client, card, "#222222")
    assert colour_of(style_rules(html)["button"]["background"]) == "#222222"
    dark = colour_of(style_rules(html, dark=True)["button"]["background"])
    assert contrast(dark, "#222222") > 1.5 and contrast(dark, "#000000") > 3


def test_a_colour_that_stands_out_already_is_kept(
    client: FlaskClient, card: SurveyCard, db_path: Path
) -> None:
    rules = style_rules(the_page(client, card, "#1F6FB2"))
    assert colour_of(rules[".scale input:checked+label"]["background"]) == "#1F6FB2"
    assert colour_of(rules["button"]["background"]) == "#1F6FB2"


def test_a_pale_colour_is_darkened_keeping_its_hue(
    client: FlaskClient, card: SurveyCard, db_path: Path
) -> None:
    rules = style_rules(the_page(client, card, "#7FDBFF"))
    fill = colour_of(rules["button"]["background"])
    hue_of = [colorsys.rgb_to_hls(*(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)))[0]
              for c in ("#7FDBFF", fill)]
    assert fill != "#7FDBFF" and abs(hue_of[0] - hue_of[1]) < 0.01
