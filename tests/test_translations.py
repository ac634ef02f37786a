"""The gettext catalog: current, complete in Spanish, and used by every text the desktop shows."""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smallcs import i18n
from smallcs.models import Category, Staff, Survey
from smallcs.surveys.wordings import LANGUAGE_NAMES, wordings

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "resources" / "locale"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
OPEN, CLOSE = "⟪", "⟫"


def _key(message: Message) -> tuple[str | None, str]:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def _strings(message: Message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def _ids(message: Message) -> tuple[str, ...]:
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The catalog template extracted from the code now, as `scripts/translations extract` does."""
    pot = tmp_path_factory.mktemp("pot") / "smallcs.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_", "-k", "NC_:1c,2",
                    "-k", "ngettext:1,2", "-o", str(pot), str(ROOT / "smallcs")], check=True)
    with pot.open("rb") as handle:
        return read_po(handle)


def _catalog(language: str) -> Catalog:
    with (LOCALES / language / "LC_MESSAGES" / "smallcs.po").open("rb") as handle:
        return read_po(handle)


def test_spanish_translates_every_text_in_the_code(template: Catalog) -> None:
    """Extraction finds no text the Spanish catalog lacks, and none left fuzzy or empty."""
    spanish = {_key(m): m for m in _catalog("es") if m.id}
    missing = [_key(m) for m in template if m.id and _key(m) not in spanish]
    untranslated = [key for key, m in spanish.items() if not all(_strings(m)) or m.fuzzy]
    assert missing == [], "run scripts/translations update and translate these"
    assert untranslated == []
    assert len(template) > 900  # extraction really ran over the code


@pytest.mark.parametrize("language", ["es", "fr", "de", "pt"])
def test_translations_keep_placeholders_and_shortcut_letters(language: str) -> None:
    """A lost {placeholder} crashes the text's format(); a lost & loses its keyboard shortcut."""
    problems = []
    for message in _catalog(language):
        if not message.id:
            continue
        english = _ids(message)
        for index, text in enumerate(_strings(message)):
            if not text:
                continue
            source = english[min(index, len(english) - 1)]
            if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(text)):
                problems.append((source, text, "placeholders"))
            if source.replace("&&", "").count("&") != text.replace("&&", "").count("&"):
                problems.append((source, text, "shortcut letter"))
    assert problems == []


def test_spanish_has_one_word_for_a_complaint() -> None:
    """"Queja" everywhere: a counter that reads "reclamación" in one message and "queja" in the next
    wonders whether they are two things."""
    mixed = [_ids(m)[0] for m in _catalog("es") if m.id and any("reclamaci" in t.lower() for t in _strings(m))]
    assert mixed == []


def test_the_survey_page_is_translated_in_every_shipped_language() -> None:
    for language in ("es", "fr", "de", "pt"):
        survey_page = [m for m in _catalog(language) if m.context == "survey page"]
        assert len(survey_page) >= 30
        assert all(all(_strings(m)) for m in survey_page), language


# --- Every text the desktop shows goes through the catalog -----------------------------

def _pseudo_translation(template: Catalog) -> gettext.GNUTranslations:
    """A catalog that wraps every text in ⟪ ⟫: a text shown without them bypassed gettext."""
    pseudo = Catalog(locale="es")
    for message in template:
        if message.id:
            ids = _ids(message)
            strings = tuple(f"{OPEN}{ids[min(i, len(ids) - 1)]}{CLOSE}" for i in range(3)) \
                if len(ids) > 1 else f"{OPEN}{ids[0]}{CLOSE}"
            pseudo.add(message.id, strings, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, pseudo)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@pytest.fixture
def pseudo_language(template: Catalog, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(i18n, "_translation", _pseudo_translation(template))
    yield


def _texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for what a person sees or hears on ``widget``."""
    name = f"{type(widget).__name__}#{widget.objectName()}"
    if isinstance(widget, QLabel):
        yield name, re.sub(r"<[^>]+>", " ", widget.text())
    if isinstance(widget, QAbstractButton):
        yield name, widget.text()
    if isinstance(widget, QGroupBox):
        yield name, widget.title()
    if isinstance(widget, QLineEdit):
        yield name + ".placeholder", widget.placeholderText()
    if isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield name + ".tab", widget.tabText(index)
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield name + ".item", widget.itemText(index)
    if isinstance(widget, QListWidget):
        for index in range(widget.count()):
            yield name + ".item", widget.item(index).text()
    header_view = widget.horizontalHeader() if isinstance(widget, QTableView) else \
        widget.header() if isinstance(widget, QTreeView) else None
    if header_view is not None and widget.model() is not None:
        for column in range(header_view.count()):
            if not header_view.isSectionHidden(column):
                header = widget.model().headerData(column, Qt.Orientation.Horizontal)
                yield name + ".header", "" if header is None else str(header)
    yield name + ".tooltip", widget.toolTip()
    yield name + ".accessibleName", widget.accessibleName()


def _untranslated(root: QWidget, data: set[str]) -> list[tuple[str, str]]:
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if isinstance(widget, QAbstractButton) and isinstance(widget.parent(), QDialogButtonBox):
            continue  # standard buttons: Qt's own catalog (test_qt_translates_its_standard_buttons)
        for where, text in _texts(widget):
            if OPEN in text or not re.search(r"[A-Za-z]{2}", text) or text in data or text.startswith("http"):
                continue
            rest = text
            for known in sorted(data, key=len, reverse=True):
                rest = rest.replace(known, "")
            if re.search(r"[A-Za-z]{2}", rest):
                found.append((where, text))
    return found


# Names, not words: they read the same in every language.
NOT_WORDS = {"SmallCS", "CSAT", "NPS", "CES", "PDF", "CSV", "URL", "QR", "UTC", "Ctrl", "Esc", "Shift", "Alt",
             "Enter", "PgUp", "PgDown", "Del", "Tab", "English", "Español", "Français", "Deutsch", "Português"}


def _shop_data(owner: Staff, db_label: str) -> set[str]:
    """What the shop typed (names) rather than the app's own words."""
    data = {owner.display_name, owner.username, db_label, "Corner Shop"} | NOT_WORDS
    data |= {c.name for c in Category.select()} | {s.name for s in Survey.select()}
    data |= {f"{name} ({code})" for code, name in LANGUAGE_NAMES.items()}
    # The survey editor previews the customer's wording, from the survey page's catalog.
    data |= {f"“{wording}”" for wording in wordings("en", shop="Corner Shop").values()}
    return data | zoneinfo.available_timezones()  # IANA names such as "Europe/Madrid" are identifiers


def _visible_dialogs(window: QWidget) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]


def test_every_text_on_every_page_goes_through_the_catalog(
    qtbot: QtBot, owner: Staff, db_path: Path, pseudo_language: None
) -> None:
    from smallcs.ui.main_window import MainWindow

    window = MainWindow(owner, str(db_path))
    qtbot.add_widget(window)
    window.show()
    qtbot.wait_exposed(window)
    assert all(OPEN in window.navigation.item(row).text() for row in range(window.navigation.count()))
    data = _shop_data(owner, str(db_path))
    problems = []
    for page in range(window.pages.count()):
        window.show_page(page)
        QApplication.processEvents()
        problems += _untranslated(window, data)
    surveys = window.pages.widget(1)
    openers = [window.new_complaint, window.show_shortcuts, window.show_customers, surveys.open_print_dialog,
               surveys.open_paper_entry, surveys.new_survey, surveys.open_import_dialog]
    for open_dialog in openers:
        open_dialog()
        QApplication.processEvents()
        dialogs = _visible_dialogs(window)
        assert dialogs, open_dialog.__name__
        for dialog in dialogs:
            problems += _untranslated(dialog, data)
            dialog.close()
        QApplication.processEvents()
    assert sorted(set(problems)) == []


def test_qt_translates_its_standard_buttons_in_spanish(qapp: QApplication) -> None:
    """Cancel, Close, the print dialog: Qt's own texts follow the app's language too."""
    from smallcs.ui.language import apply_language, choose_language

    choose_language("es")
    try:
        assert apply_language(qapp) == "es"
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Close)
        texts = {box.button(b).text().replace("&", "") for b in (QDialogButtonBox.StandardButton.Cancel,
                                                                   QDialogButtonBox.StandardButton.Close)}
        assert texts == {"Cancelar", "Cerrar"}
        assert i18n._("Complaints") == "Quejas"
    finally:
        choose_language("en")
        apply_language(qapp)
    assert i18n._("Complaints") == "Complaints"
