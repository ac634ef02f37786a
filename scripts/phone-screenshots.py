"""Make docs/images/survey-phone.png and survey-thanks.png: the survey page on a phone.

Runs the real survey server over a temporary demo database and photographs it
in headless Chromium at 390 x 844 CSS px (an everyday phone), 3 device pixels
per CSS pixel. Needs /usr/bin/chromium and /usr/bin/chromedriver
(``scripts/ensure-chromium``).

    .venv/bin/python scripts/phone-screenshots.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from smallcs import accounts, demo
from smallcs.models import Survey
from smallcs.models.connection import close_database, open_database
from smallcs.surveys import issue_cards
from smallcs.web.server import SurveyServer

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
PHONE = {"width": 390, "height": 844, "pixelRatio": 3, "touch": True}


def start_phone(profile_dir: Path) -> WebDriver:
    """Headless Chromium emulating the phone; Debian's driver, so nothing is downloaded."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions",
                 "--hide-scrollbars", "--lang=en-GB", f"--user-data-dir={profile_dir}"):
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-GB,en"})
    os.environ["SE_OFFLINE"] = "true"
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def demo_card_url(db_file: Path) -> str:
    """A fresh demo shop in ``db_file`` and the path of one unanswered card of its survey."""
    open_database(db_file)
    summary = demo.load_demo(months=1, today=dt.date(2026, 11, 20))
    owner = accounts.authenticate(summary.owner_username, summary.owner_password or "")
    survey = Survey.get(Survey.name == demo.DEFAULT_SURVEY)
    card = issue_cards(owner, survey_id=survey.id, count=1)[0]
    return f"/s/{card.token}"


def shoot(phone: WebDriver, name: str) -> None:
    phone.execute_script("window.scrollTo(0, 0)")
    (OUT / name).write_bytes(phone.get_screenshot_as_png())
    print("wrote", OUT / name)


def photograph(phone: WebDriver, url: str) -> None:
    """The form with two answers picked, then the thank-you page after sending it."""
    phone.get(url)
    for label in ("csat-5", "nps-9"):
        phone.find_element(By.CSS_SELECTOR, f"label[for={label}]").click()
    shoot(phone, "survey-phone.png")
    phone.find_element(By.CSS_SELECTOR, "form#answer button[type=submit]").click()  # not the hidden Enter one
    WebDriverWait(phone, 10).until(lambda d: "/thanks" in d.current_url)
    shoot(phone, "survey-thanks.png")


def main() -> int:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        print(f"{', '.join(missing)} missing: run scripts/ensure-chromium", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db_file = Path(tmp) / "demo.db"
        path = demo_card_url(db_file)
        server = SurveyServer(str(db_file), host="127.0.0.1", port=0)
        server.start()
        phone = start_phone(Path(tmp) / "chromium-profile")
        try:
            photograph(phone, server.url + path)
        finally:
            phone.quit()
            server.stop()
            close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
