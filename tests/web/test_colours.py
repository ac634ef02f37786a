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


def style_rules(html: str) -> dict[str, dict[str, str]]:
    """The page's top-level CSS rules: each selector's declarations (rules in @media left out)."""
    css = re.search(r"<style[^>]*>(.*?)</style>", html, re.DOTALL).group(1)
    css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
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
    rules = style_rules(the_page(client, card, shop_colour))
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
