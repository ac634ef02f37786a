"""The survey page in a real headless Chromium at a phone's viewport (390 x 844 CSS px).

A customer scans a card with their own phone: these tests open the page the way
that phone does, through real waitress on a loopback port, and tap, type and
send as the customer would. Chromium and chromedriver come from Debian
(``scripts/ensure-chromium``, run by ``./test``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from smallcs.models import Staff, Survey, SurveyCard, SurveyResponse
from smallcs.surveys import issue_cards
from smallcs.web.server import SurveyServer
from tests.web.conftest import contrast

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PHONE_WIDTH, PHONE_HEIGHT, PIXEL_RATIO = 390, 844, 3
MIN_TAP = 44  # CSS px: Apple's and WCAG 2.5.5's smallest comfortable target
WAIT = 10.0


def phone_options(profile_dir: Path) -> webdriver.ChromeOptions:
    """Headless Chromium emulating a 390 x 844 phone, quiet and offline apart from our server."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions",
                 "--disable-dev-shm-usage", "--lang=en-GB", f"--user-data-dir={profile_dir}"):
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {
        "width": PHONE_WIDTH, "height": PHONE_HEIGHT, "pixelRatio": PIXEL_RATIO, "touch": True}})
    # The page's language comes from Accept-Language; start every visit in English.
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-GB,en"})
    return options


def start_phone(profile_dir: Path) -> WebDriver:
    """Start Chromium through Debian's chromedriver; Selenium Manager never downloads anything."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: run ./scripts/ensure-chromium (./test does)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)),
                                  options=phone_options(profile_dir))
    driver.set_page_load_timeout(WAIT)
    return driver


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """One browser for the module (starting Chromium costs a second or two)."""
    driver = start_phone(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def server(server: SurveyServer, db_path: Path, db_target: str) -> SurveyServer:
    """The real survey server of tests/web/conftest.py, over the test's SQLite file.

    Asking for ``db_path`` keeps these tests on SQLite only: the browser adds
    nothing to what test_server.py already checks on PostgreSQL.
    """
    assert Path(db_target) == db_path
    return server


@pytest.fixture
def card(owner: Staff, survey: Survey) -> SurveyCard:
    return issue_cards(owner, survey_id=survey.id, count=1)[0]


def open_page(phone: WebDriver, url: str) -> None:
    phone.delete_all_cookies()
    phone.get(url)


def body_text(phone: WebDriver) -> str:
    return phone.find_element(By.TAG_NAME, "body").text


def page_width(phone: WebDriver) -> int:
    return int(phone.execute_script("return document.documentElement.scrollWidth"))


def size_of(element: WebElement) -> tuple[float, float]:
    """The element's rendered size in CSS px (not rounded, unlike ``element.size``)."""
    rect = element.parent.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", element)
    return float(rect[0]), float(rect[1])


def tap(phone: WebDriver, element: WebElement) -> None:
    """Scroll the element into the middle of the screen and tap it."""
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def wait_for_url(phone: WebDriver, ending: str) -> None:
    WebDriverWait(phone, WAIT).until(lambda d: d.current_url.split("?")[0].endswith(ending))


def save_screenshot(phone: WebDriver, path: Path) -> Image.Image:
    """Save what the phone shows and check it is a real picture, not a blank screen."""
    path.write_bytes(phone.get_screenshot_as_png())
    image = Image.open(io.BytesIO(path.read_bytes()))
    assert image.format == "PNG"
    assert image.size == (PHONE_WIDTH * PIXEL_RATIO, PHONE_HEIGHT * PIXEL_RATIO)
    colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 10, f"{path.name} is (nearly) a single colour"
    return image


def test_a_customer_answers_on_a_phone(
    phone: WebDriver, server: SurveyServer, complaint_card: SurveyCard, tmp_path: Path
) -> None:
    card = complaint_card  # asks "May we contact you?"
    open_page(phone, f"{server.url}/s/{card.token}")

    # Too wide a page scrolls sideways, or the phone zooms it out until it fits.
    assert page_width(phone) <= PHONE_WIDTH, "the page scrolls sideways on a phone"
    assert phone.execute_script("return window.innerWidth") == PHONE_WIDTH
    assert phone.find_element(By.TAG_NAME, "h1").text == "Corner Shop"
    legends = [legend.text for legend in phone.find_elements(By.TAG_NAME, "legend")]
    assert legends == [
        "How satisfied were you with Corner Shop?",
        "How likely are you to recommend Corner Shop to a friend or colleague?",
        "Corner Shop made it easy to handle my issue.",
    ]
    assert all(legend.is_displayed() for legend in phone.find_elements(By.TAG_NAME, "legend"))
    assert phone.find_element(By.CSS_SELECTOR, "label[for=comment]").is_displayed()

    score_labels = phone.find_elements(By.CSS_SELECTOR, ".scale label")
    assert len(score_labels) == 5 + 11 + 7
    language_links = phone.find_elements(By.CSS_SELECTOR, "nav button")
    assert [link.text for link in language_links] == ["Español", "Français", "Deutsch", "Português"]
    for element in [*score_labels, *language_links,
                    phone.find_element(By.CSS_SELECTOR, "label[for=contact]"),
                    phone.find_element(By.CSS_SELECTOR, "main button[type=submit]")]:
        width, height = size_of(element)
        assert width >= MIN_TAP and height >= MIN_TAP, f"{element.text!r} is {width}x{height} px"

    for question, score in (("csat", 4), ("nps", 9), ("ces", 6)):
        tap(phone, phone.find_element(By.CSS_SELECTOR, f"label[for={question}-{score}]"))
        assert phone.find_element(By.ID, f"{question}-{score}").is_selected()
    tap(phone, phone.find_element(By.CSS_SELECTOR, "label[for=nps-10]"))  # changed their mind
    assert phone.find_element(By.ID, "nps-10").is_selected()
    assert not phone.find_element(By.ID, "nps-9").is_selected()

    comment = phone.find_element(By.ID, "comment")
    tap(phone, comment)
    comment.send_keys("Señora Müller was très gentille, ¡gracias! ")
    # chromedriver cannot type characters outside the BMP; add the emoji as a paste would.
    phone.execute_script("arguments[0].value += arguments[1]", comment, "\U0001F44D")
    tap(phone, phone.find_element(By.CSS_SELECTOR, "label[for=contact]"))
    assert phone.find_element(By.ID, "contact").is_selected()
    phone.execute_script("window.scrollTo(0, 0)")
    save_screenshot(phone, tmp_path / "survey.png")

    tap(phone, phone.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
    wait_for_url(phone, f"/s/{card.token}/thanks")
    assert "Thank you! Your answer has been received." in body_text(phone)
    assert page_width(phone) <= PHONE_WIDTH
    save_screenshot(phone, tmp_path / "thanks.png")

    row = SurveyResponse.get(SurveyResponse.card == card.id)
    assert (row.csat, row.nps, row.ces, row.comment, row.language, row.contact_requested) == (
        4, 10, 6, "Señora Müller was très gentille, ¡gracias! \U0001F44D", "en", True)

    # The customer scans the same card again: a kind message, not an error or a new form.
    open_page(phone, f"{server.url}/s/{card.token}")
    assert "This card has already been answered. Thank you!" in body_text(phone)
    assert not phone.find_elements(By.TAG_NAME, "form")
    assert SurveyResponse.select().where(SurveyResponse.card == card.id).count() == 1


def test_the_language_switcher_gives_a_spanish_survey_keeping_what_was_ticked(
    phone: WebDriver, server: SurveyServer, card: SurveyCard
) -> None:
    """A customer who ticks and types before finding their language loses none of it (no script)."""
    open_page(phone, f"{server.url}/s/{card.token}")
    assert phone.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    tap(phone, phone.find_element(By.CSS_SELECTOR, "label[for=csat-2]"))
    tap(phone, phone.find_element(By.CSS_SELECTOR, "label[for=nps-7]"))
    phone.find_element(By.ID, "comment").send_keys("La cola era larga")

    switch = phone.find_element(By.XPATH, "//nav//*[normalize-space()='Español']")
    assert size_of(switch)[1] >= MIN_TAP
    tap(phone, switch)
    # (while the new page loads, the old page's elements go stale, and a script asking for an
    # attribute may find the page it ran in gone: Chrome's "unhandled inspector error")
    WebDriverWait(phone, WAIT, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es")
    assert phone.find_element(By.TAG_NAME, "legend").text == \
        "¿Cuál es su grado de satisfacción con Corner Shop?"
    assert phone.find_element(By.ID, "csat-2").is_selected()
    assert phone.find_element(By.ID, "nps-7").is_selected()
    assert phone.find_element(By.ID, "comment").get_attribute("value") == "La cola era larga"
    assert "Enviar" in [b.text for b in phone.find_elements(By.CSS_SELECTOR, "main button")]
    assert page_width(phone) <= PHONE_WIDTH
    assert SurveyResponse.select().where(SurveyResponse.card == card.id).count() == 0

    tap(phone, phone.find_element(By.CSS_SELECTOR, "label[for=csat-4]"))
    tap(phone, phone.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
    wait_for_url(phone, f"/s/{card.token}/thanks")
    assert "¡Gracias! Hemos recibido su respuesta." in body_text(phone)
    row = SurveyResponse.get(SurveyResponse.card == card.id)
    assert (row.csat, row.nps, row.ces, row.comment, row.language) == (4, 7, None, "La cola era larga", "es")


def test_enter_on_an_answer_sends_it_rather_than_switching_language(
    phone: WebDriver, server: SurveyServer, card: SurveyCard
) -> None:
    """The switcher's buttons come first on the page; Enter must still mean Send."""
    open_page(phone, f"{server.url}/s/{card.token}")
    tap(phone, phone.find_element(By.CSS_SELECTOR, "label[for=csat-5]"))
    phone.find_element(By.ID, "csat-5").send_keys(Keys.ENTER)
    wait_for_url(phone, f"/s/{card.token}/thanks")
    assert "Thank you! Your answer has been received." in body_text(phone)
    row = SurveyResponse.get(SurveyResponse.card == card.id)
    assert (row.csat, row.language) == (5, "en")


def test_an_unknown_card_gets_a_friendly_page(
    phone: WebDriver, server: SurveyServer, tmp_path: Path
) -> None:
    open_page(phone, f"{server.url}/s/NoSuchTokenAnywhere12")

    assert phone.find_element(By.TAG_NAME, "h1").text == "Corner Shop"
    assert "We could not find this survey. Please check the address on your card." in \
        body_text(phone)
    assert not phone.find_elements(By.TAG_NAME, "form")
    assert page_width(phone) <= PHONE_WIDTH
    save_screenshot(phone, tmp_path / "not-found.png")


def pixel_at(image: Image.Image, x: float, y: float) -> str:
    """The screenshot's colour at a point given in CSS px of the viewport, as #RRGGBB."""
    red, green, blue = image.convert("RGB").getpixel((round(x * PIXEL_RATIO), round(y * PIXEL_RATIO)))
    return f"#{red:02X}{green:02X}{blue:02X}"


def viewport_rect(phone: WebDriver, element: WebElement) -> tuple[float, float, float, float]:
    """Left, top, width and height of the element in the viewport, in CSS px."""
    rect = phone.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height];",
        element)
    return float(rect[0]), float(rect[1]), float(rect[2]), float(rect[3])


def test_a_pale_shop_colour_still_shows_the_chosen_answer(
    phone: WebDriver, server: SurveyServer, complaint_card: SurveyCard, survey: Survey, tmp_path: Path
) -> None:
    card = complaint_card  # with the contact box
    Survey.update(colour="#FFFF99").where(Survey.id == survey.id).execute()
    open_page(phone, f"{server.url}/s/{card.token}")
    tap(phone, phone.find_element(By.CSS_SELECTOR, "label[for=csat-4]"))
    tap(phone, phone.find_element(By.CSS_SELECTOR, "label[for=contact]"))
    send = phone.find_element(By.CSS_SELECTOR, "main button[type=submit]")
    phone.execute_script("arguments[0].scrollIntoView({block: 'end'})", send)
    image = save_screenshot(phone, tmp_path / "pale-yellow.png")

    chosen = viewport_rect(phone, phone.find_element(By.CSS_SELECTOR, "label[for=csat-4]"))
    other = viewport_rect(phone, phone.find_element(By.CSS_SELECTOR, "label[for=csat-3]"))
    button = viewport_rect(phone, send)
    tick = viewport_rect(phone, phone.find_element(By.ID, "contact"))
    page = pixel_at(image, 3, chosen[1] + chosen[3] / 2)  # the margin left of the answers
    # Inside each shape, clear of its text, its rounded corners and the tick's mark.
    chosen_fill = pixel_at(image, chosen[0] + 5, chosen[1] + chosen[3] / 2)
    chosen_edge = pixel_at(image, chosen[0] + 1, chosen[1] + chosen[3] / 2)
    other_fill = pixel_at(image, other[0] + 5, other[1] + other[3] / 2)
    send_fill = pixel_at(image, button[0] + 10, button[1] + button[3] / 2)
    tick_fill = pixel_at(image, tick[0] + 3, tick[1] + tick[3] - 3)

    assert contrast(chosen_fill, page) >= 3 and contrast(chosen_edge, page) >= 3
    assert contrast(chosen_fill, other_fill) >= 3, "the chosen answer looks like the others"
    assert contrast(send_fill, page) >= 3
    assert contrast(tick_fill, page) >= 3, f"the ticked box is {tick_fill} on {page}"


def test_the_shop_name_lines_up_with_the_questions(
    phone: WebDriver, server: SurveyServer, card: SurveyCard
) -> None:
    text_left = ("const r = document.createRange(); r.selectNodeContents(arguments[0]);"
                 " return r.getBoundingClientRect().left;")
    try:
        for width in (PHONE_WIDTH, 768):  # a phone and a small tablet, where the column is centred
            phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": PHONE_HEIGHT, "deviceScaleFactor": PIXEL_RATIO,
                "mobile": True})
            open_page(phone, f"{server.url}/s/{card.token}")
            name = phone.find_element(By.CSS_SELECTOR, "header h1")
            question = phone.find_element(By.TAG_NAME, "legend")
            assert phone.execute_script(text_left, name) == pytest.approx(
                phone.execute_script(text_left, question), abs=0.5), f"at {width} px"
            # A long shop name is hyphenated by the phone's dictionary for the page's language.
            assert phone.execute_script("return getComputedStyle(arguments[0]).hyphens", name) == "auto"
            assert phone.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    finally:
        phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": PHONE_WIDTH, "height": PHONE_HEIGHT, "deviceScaleFactor": PIXEL_RATIO,
            "mobile": True})
