"""The first-run wizard on an empty database, driven from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard
from pytestqt.qtbot import QtBot

from smallcs import accounts, complaints, i18n, seeds, settings, setup
from smallcs.models import Category, Complaint, Staff, Survey
from smallcs.ui.first_run import FirstRunWizard


def _wizard(qtbot: QtBot) -> FirstRunWizard:
    wizard = FirstRunWizard()
    qtbot.add_widget(wizard)
    wizard.show()
    return wizard


def _next(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _fill_business(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    wizard.business.name.insert("Café Ñandú")  # QTest cannot type non-ASCII keys
    wizard.business.timezone.setCurrentText("America/Argentina/Buenos_Aires")
    _next(qtbot, wizard)


def _fill_owner(qtbot: QtBot, wizard: FirstRunWizard, password: str, confirm: str) -> None:
    page = wizard.owner_page
    for field, text in ((page.password, password), (page.confirm, confirm)):
        field.clear()
        qtbot.keyClicks(field, text)
    _next(qtbot, wizard)


def test_wizard_creates_the_owner_and_profile_on_an_empty_database(qtbot: QtBot, db: object) -> None:
    assert setup.is_first_run()
    wizard = _wizard(qtbot)
    _fill_business(qtbot, wizard)
    assert wizard.currentPage() is wizard.owner_page
    qtbot.keyClicks(wizard.owner_page.display_name, "Ines Perez")
    assert wizard.owner_page.username.text() == "ines"  # suggested from the name
    _fill_owner(qtbot, wizard, "cafe-password-1", "cafe-password-1")
    assert wizard.currentPage() is wizard.data
    assert wizard.data.empty.isChecked()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert wizard.owner is not None
    assert (wizard.owner.username, wizard.owner.role, wizard.owner.display_name) == ("ines", "owner", "Ines Perez")
    profile = settings.get_profile()
    assert (profile.name, profile.timezone) == ("Café Ñandú", "America/Argentina/Buenos_Aires")
    assert accounts.authenticate("ines", "cafe-password-1").id == wizard.owner.id
    assert Complaint.select().count() == 0


def test_an_accented_name_suggests_a_user_name_the_wizard_accepts(qtbot: QtBot, db: object) -> None:
    wizard = _wizard(qtbot)
    _fill_business(qtbot, wizard)
    wizard.owner_page.display_name.insert("María José López")  # typed (keyClicks cannot type accents)
    assert wizard.owner_page.username.text() == "maria"
    _fill_owner(qtbot, wizard, "tienda-password-1", "tienda-password-1")
    assert wizard.currentPage() is wizard.data  # the suggestion passed the wizard's own check
    assert not wizard.owner_page.error.isVisible()


def test_wizard_refuses_bad_input_and_creates_nothing(qtbot: QtBot, db: object) -> None:
    wizard = _wizard(qtbot)
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.business
    assert wizard.business.error.text() == "Enter the business name."
    qtbot.keyClicks(wizard.business.name, "Shop")
    wizard.business.timezone.setCurrentText("Nowhere/Special")
    _next(qtbot, wizard)
    assert "Unknown time zone" in wizard.business.error.text()
    wizard.business.timezone.setCurrentText("Europe/Berlin")
    _next(qtbot, wizard)
    wizard.owner_page.username.setText("anna")
    _fill_owner(qtbot, wizard, "short", "short")
    assert wizard.currentPage() is wizard.owner_page
    assert "at least 8 characters" in wizard.owner_page.error.text()
    page = wizard.owner_page
    for box in (page.display_name, page.username, page.password, page.confirm):  # none squashed by the message
        assert box.height() >= box.sizeHint().height()
    _fill_owner(qtbot, wizard, "long-enough-1", "long-enough-2")
    assert wizard.owner_page.error.text() == "The two passwords differ."
    assert wizard.currentPage() is wizard.owner_page
    assert Staff.select().count() == 0


def test_wizard_can_load_demo_data_without_freezing(qtbot: QtBot, db: object) -> None:
    wizard = _wizard(qtbot)
    _fill_business(qtbot, wizard)
    qtbot.keyClicks(wizard.owner_page.display_name, "Ines Perez")
    _fill_owner(qtbot, wizard, "cafe-password-1", "cafe-password-1")
    wizard.data.demo.setChecked(True)
    with qtbot.wait_signal(wizard.accepted, timeout=60_000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
        assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert Complaint.select().count() > 500
    assert settings.get_profile().name == "Café Ñandú"  # the shop's own profile is kept
    owners = Staff.select().where(Staff.role == "owner")
    assert [o.username for o in owners] == ["ines"]


def test_a_shop_set_up_in_spanish_starts_with_spanish_categories(qtbot: QtBot, db: object) -> None:
    """The seeds take the language the wizard is shown in (their Spanish comes from the catalog)."""
    i18n.set_language("es")
    spanish = i18n.translation_for("es")
    wizard = _wizard(qtbot)
    _fill_business(qtbot, wizard)
    qtbot.keyClicks(wizard.owner_page.display_name, "Ines Perez")
    _fill_owner(qtbot, wizard, "cafe-password-1", "cafe-password-1")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.result() == QDialog.DialogCode.Accepted
    names = [c.name for c in Category.select().order_by(Category.sort_order)]
    assert names == [spanish.gettext(name) for name in seeds.CATEGORY_NAMES]
    assert spanish.gettext("Delivery delay") in names
    first = Category.get(Category.sort_order == 0)
    assert [s.text for s in complaints.suggested_steps(first.id)] == [
        spanish.gettext(text) for text in seeds.STEP_TEXTS[:3]]
    assert [s.name for s in Survey.select()] == [spanish.gettext(seeds.SURVEY_NAME)]
