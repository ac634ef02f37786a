"""The survey page on a phone in dark mode, in a real headless Chromium at 360 x 740 CSS px.

A customer answering at night with their phone in dark mode gets a dark page, not
a bright white one, and still sees the shop's colour, which answer they chose,
Send and the tick, whatever colour the shop picked. Dark mode is the phone's
``prefers-color-scheme: dark``, emulated through the DevTools protocol. The
screenshots stay in the test's folder for a person to look at.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from smallcs.models import Survey, SurveyCard
from smallcs.web.server import SurveyServer
from tests.web import test_browser
from tests.web.conftest import contrast
from tests.web.test_browser import (
    open_page,
    phone_options,
    tap,
    viewport_rect,
    wait_for_url,
)

WIDTH, HEIGHT, RATIO = 360, 740, 2
SHOP_COLOURS = ("#1F6FB2", "#FFFF99", "#222222")  # the default blue, a pale and a dark shop

server = test_browser.server  # the survey server on a loopback port (a fixture)


@pytest.fixture(scope="module")
def dark_phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """A small phone (360 x 740) whose owner has switched it to dark mode."""
    options = phone_options(tmp_path_factory.mktemp("chromium-dark-profile"))
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {
        "width": WIDTH, "height": HEIGHT, "pixelRatio": RATIO, "touch": True}})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")  # Selenium Manager never downloads anything
        driver = webdriver.Chrome(service=Service(str(test_browser.CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(test_browser.WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def open_in_dark(phone: WebDriver, url: str) -> None:
    """Open the page with the phone in dark mode."""
    phone.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    open_page(phone, url)


def screenshot(phone: WebDriver, path: Path) -> Image.Image:
    path.write_bytes(phone.get_screenshot_as_png())
    image = Image.open(io.BytesIO(path.read_bytes())).convert("RGB")
    assert image.size == (WIDTH * RATIO, HEIGHT * RATIO)
    return image


def pixel(image: Image.Image, x: float, y: float) -> str:
    """The screenshot's colour at a point in CSS px of the viewport, as #RRGGBB."""
    red, green, blue = image.getpixel((round(x * RATIO), round(y * RATIO)))
    return f"#{red:02X}{green:02X}{blue:02X}"


def middle_left(image: Image.Image, rect: tuple[float, float, float, float], inset: float) -> str:
    """A point inside a shape, ``inset`` px from its left edge, clear of its text."""
    left, top, _, height = rect
    return pixel(image, left + inset, top + height / 2)


def rect_of(phone: WebDriver, selector: str) -> tuple[float, float, float, float]:
    element: WebElement = phone.find_element(By.CSS_SELECTOR, selector)
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    return viewport_rect(phone, element)


@pytest.mark.parametrize("shop_colour", SHOP_COLOURS)
def test_a_customer_in_dark_mode_sees_a_dark_page_and_their_choices(
    dark_phone: WebDriver, server: SurveyServer, complaint_card: SurveyCard, survey: Survey,
    shop_colour: str, tmp_path: Path,
) -> None:
    phone = dark_phone
    Survey.update(colour=shop_colour).where(Survey.id == survey.id).execute()
    open_in_dark(phone, f"{server.url}/s/{complaint_card.token}")
    assert phone.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= WIDTH

    image = screenshot(phone, tmp_path / f"dark-{shop_colour[1:]}-top.png")
    header = viewport_rect(phone, phone.find_element(By.TAG_NAME, "header"))
    assert pixel(image, 3, header[1] + 3) == shop_colour, "the header lost the shop's colour"
    legend = viewport_rect(phone, phone.find_element(By.TAG_NAME, "legend"))
    page = pixel(image, 3, legend[1] + legend[3] / 2)
    assert contrast(page, "#000000") < 1.5, f"the page is {page}, not dark"

    tap(phone, phone.find_element(By.CSS_SELECTOR, "label[for=csat-4]"))
    tap(phone, phone.find_element(By.CSS_SELECTOR, "label[for=contact]"))
    chosen, other = rect_of(phone, "label[for=csat-4]"), viewport_rect(
        phone, phone.find_element(By.CSS_SELECTOR, "label[for=csat-3]"))
    image = screenshot(phone, tmp_path / f"dark-{shop_colour[1:]}-chosen.png")
    chosen_fill = middle_left(image, chosen, 5)
    assert contrast(chosen_fill, page) >= 3 and contrast(middle_left(image, chosen, 1), page) >= 3
    assert contrast(chosen_fill, middle_left(image, other, 5)) >= 3, \
        "the chosen answer looks like the others"

    tick = rect_of(phone, "#contact")
    send = viewport_rect(phone, phone.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
    image = screenshot(phone, tmp_path / f"dark-{shop_colour[1:]}-send.png")
    tick_fill = pixel(image, tick[0] + 3, tick[1] + tick[3] - 3)
    assert contrast(tick_fill, page) >= 3, f"the ticked box is {tick_fill} on {page}"
    assert contrast(middle_left(image, send, 10), page) >= 3

    phone.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    wait_for_url(phone, "/thanks")
    image = screenshot(phone, tmp_path / f"dark-{shop_colour[1:]}-thanks.png")
    box = viewport_rect(phone, phone.find_element(By.CLASS_NAME, "box"))
    card_fill = pixel(image, box[0] + 4, box[1] + box[3] / 2)
    assert contrast(card_fill, "#000000") < 1.5, f"the thank-you card is {card_fill}, not dark"
    assert "Thank you" in phone.find_element(By.TAG_NAME, "main").text


def test_an_unknown_card_in_dark_mode_gets_a_dark_page(
    dark_phone: WebDriver, server: SurveyServer, tmp_path: Path
) -> None:
    open_in_dark(dark_phone, f"{server.url}/s/NoSuchTokenAnywhere12")
    image = screenshot(dark_phone, tmp_path / "dark-not-found.png")
    box = viewport_rect(dark_phone, dark_phone.find_element(By.CLASS_NAME, "box"))
    assert contrast(pixel(image, 3, box[1] + box[3] / 2), "#000000") < 1.5
    assert contrast(pixel(image, box[0] + 4, box[1] + box[3] / 2), "#000000") < 1.5


def test_a_problem_and_the_focus_ring_show_in_dark_mode(
    dark_phone: WebDriver, server: SurveyServer, card: SurveyCard, tmp_path: Path
) -> None:
    """Sending with a question left out shows the error box, readable; the keyboard's
    focus ring stands out from the dark page."""
    phone = dark_phone
    open_in_dark(phone, f"{server.url}/s/{card.token}")
    phone.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    problem = WebDriverWait(phone, test_browser.WAIT).until(
        lambda driver: driver.find_element(By.ID, "problem"))
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", problem)
    image = screenshot(phone, tmp_path / "dark-problem.png")
    box = viewport_rect(phone, problem)
    page = pixel(image, 3, box[1] + box[3] / 2)
    assert contrast(pixel(image, box[0] + 0.5, box[1] + box[3] / 2), page) >= 3, "no edge"
    fill = pixel(image, box[0] + 6, box[1] + 4)
    ink = phone.execute_script("return getComputedStyle(arguments[0]).color", problem)
    assert contrast(rgb_hex(ink), fill) >= 4.5, f"the problem reads {ink} on {fill}"

    phone.execute_script("document.querySelector('nav li:last-child button').focus()")
    ActionChains(phone).send_keys(Keys.TAB).perform()  # from the last language to the first answer
    focused = phone.switch_to.active_element
    assert focused.get_attribute("id") == "csat-1"
    answer = viewport_rect(phone, phone.find_element(By.CSS_SELECTOR, "label[for=csat-1]"))
    image = screenshot(phone, tmp_path / "dark-focus.png")
    ring = pixel(image, answer[0] + answer[2] / 2, answer[1] - 3.5)  # 2 px off, 3 px wide
    assert contrast(ring, page) >= 3, f"the focus ring is {ring} on {page}"


def rgb_hex(css: str) -> str:
    """``rgb(232, 232, 230)`` as #E8E8E6."""
    red, green, blue = (int(part) for part in css[css.index("(") + 1:css.index(")")].split(",")[:3])
    return f"#{red:02X}{green:02X}{blue:02X}"
