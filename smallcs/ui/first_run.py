"""The first-run wizard: business, owner account, empty shop or demo data."""

from __future__ import annotations

from PySide6.QtCore import QTimeZone
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from smallcs import accounts, clock, setup
from smallcs.errors import SmallCSError, ValidationError
from smallcs.i18n import _, pgettext
from smallcs.models import Staff
from smallcs.ui import workers
from smallcs.ui.error_dialog import show_error
from smallcs.ui.form_rows import form_widget, label_for, with_notes
from smallcs.ui.theme import scaled
from smallcs.ui.time_zone_chooser import TimeZoneChooser


def _error_label() -> QLabel:
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label


def _hint(text: str) -> QLabel:
    label = QLabel(text, wordWrap=True)
    label.setProperty("role", "muted")
    return label


def _under_option(option: QRadioButton, note: QLabel) -> QLabel:
    """``note`` wrapping under its option's text, not under its round indicator.

    An option's own text does not wrap, so it is kept short and explained here (a long one
    was cut off at the window's edge in Spanish).
    """
    style = option.style()
    indent = style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, option) + \
        style.pixelMetric(QStyle.PixelMetric.PM_RadioButtonLabelSpacing, None, option)
    note.setIndent(indent)
    return note


def _stack(page: QWizardPage, form: QFormLayout, error: QLabel) -> None:
    """The page's form with its error message under it. (A wrapped message as a row of the
    form made the form under-count its height and squash the boxes above.)"""
    layout = QVBoxLayout(page)
    layout.addWidget(form_widget(form))
    layout.addWidget(error)
    layout.addStretch()


def system_time_zone() -> str:
    """The computer's IANA time zone, or UTC when it cannot be told."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    try:
        clock.zone(name)
    except ValidationError:
        return "UTC"
    return name


class BusinessPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Welcome to SmallCS"))
        self.setSubTitle(_("Tell us about your shop. You can change this later in Settings."))
        self.name = QLineEdit()
        self.name.setObjectName("businessName")
        self.name.setMaxLength(120)
        self.name.setPlaceholderText(_("e.g. Harbour Street Hardware"))
        self.timezone = TimeZoneChooser(objectName="timezone")
        self.timezone.set_zone(system_time_zone())
        self.error = _error_label()
        form = QFormLayout()
        form.addRow(label_for(pgettext("first-run wizard, beside &Next", "Business na&me"), self.name), self.name)
        form.addRow(label_for(_("&Time zone"), self.timezone),
                    with_notes(self.timezone, self.timezone.note,
                               _hint(_("Months and days in reports are cut in this time zone."))))
        _stack(self, form, self.error)

    def validatePage(self) -> bool:
        if not self.name.text().strip():
            return self._fail(_("Enter the business name."))
        try:
            clock.zone(self.timezone.zone())
        except ValidationError as exc:
            return self._fail(str(exc))
        self.error.hide()
        return True

    def _fail(self, message: str) -> bool:
        self.error.setText(message)
        self.error.show()
        return False


class OwnerPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Your owner account"))
        self.setSubTitle(
            _("The owner can do everything, including adding staff accounts. Keep the password safe.")
        )
        self.display_name = QLineEdit()
        self.display_name.setObjectName("ownerName")
        self.display_name.setMaxLength(80)
        self.username = QLineEdit()
        self.username.setObjectName("ownerUsername")
        self.username.setMaxLength(40)
        self.password = QLineEdit()
        self.password.setObjectName("ownerPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("ownerConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _error_label()
        form = QFormLayout()
        form.addRow(label_for(_("Your na&me"), self.display_name), self.display_name)
        form.addRow(label_for(_("&User name"), self.username), self.username)
        form.addRow(label_for(_("&Password"), self.password),
                    with_notes(self.password, _hint(_("At least {n} characters.").format(
                        n=accounts.MIN_PASSWORD_LENGTH))))
        form.addRow(label_for(_("&Repeat password"), self.confirm), self.confirm)
        _stack(self, form, self.error)
        self.display_name.textEdited.connect(self._suggest_username)

    def _suggest_username(self, text: str) -> None:
        if not self.username.isModified():
            self.username.setText(accounts.suggest_username(text))

    def validatePage(self) -> bool:
        try:
            name = accounts.validate_username(self.username.text())
            accounts.validate_password(self.password.text(), username=name)
        except ValidationError as exc:
            return self._fail(str(exc))
        if self.password.text() != self.confirm.text():
            return self._fail(_("The two passwords differ."))
        self.error.hide()
        return True

    def _fail(self, message: str) -> bool:
        self.error.setText(message)
        self.error.show()
        return False


class DataPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("How would you like to start?"))
        self.setSubTitle(_("Your own shop from the first complaint, or a sample shop to look around first."))
        self.empty = QRadioButton(_("&Start empty"))
        self.empty.setObjectName("startEmpty")
        self.demo = QRadioButton(_("Load &demo data"))
        self.demo.setObjectName("loadDemo")
        self.empty.setChecked(True)
        layout = QVBoxLayout(self)
        for choice, explained in (
            (self.empty, _("Your shop's own complaints and surveys, from the first one.")),
            (self.demo, _("Demo data fills this database with made-up customers, complaints and survey"
                          " answers. Use a separate database for your real shop.")),
        ):
            layout.addWidget(choice)
            layout.addWidget(_under_option(choice, _hint(explained)))
            layout.addSpacing(6)
        layout.addStretch()
        self.setFinalPage(True)


class FirstRunWizard(QWizard):
    """Sets up a brand-new database; ``owner`` is the logged-in owner afterwards."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner: Staff | None = None
        self.setWindowTitle(_("Set up SmallCS"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setMinimumSize(scaled(560), scaled(420))
        self.business = BusinessPage()
        self.owner_page = OwnerPage()
        self.data = DataPage()
        for page in (self.business, self.owner_page, self.data):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Open SmallCS"))

    def accept(self) -> None:
        """Create the shop, then (if asked) load demo data without freezing the window."""
        if self.owner is None:
            try:
                self.owner = setup.initialise_shop(
                    business_name=self.business.name.text(),
                    timezone=self.business.timezone.zone(),
                    owner_username=self.owner_page.username.text(),
                    owner_display_name=self.owner_page.display_name.text(),
                    owner_password=self.owner_page.password.text(),
                )
            except SmallCSError as exc:
                show_error(self, exc)
                return
        if self.data.demo.isChecked():
            self._load_demo(self.owner)
        else:
            super().accept()

    def _load_demo(self, owner: Staff) -> None:
        from smallcs import demo

        self._progress = QProgressDialog(_("Loading demo data…"), "", 0, 100, self)
        self._progress.setObjectName("demoProgress")
        self._progress.setWindowTitle(_("Set up SmallCS"))
        self._progress.setCancelButton(None)
        self._progress.setMinimumDuration(0)
        self._progress.setAutoClose(False)
        task = workers.Task(lambda report: demo.load_demo(owner=owner, progress=report))
        task.signals.progress.connect(self._demo_progress)
        task.signals.finished.connect(self._demo_loaded)
        task.signals.failed.connect(self._demo_failed)
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self._progress.show()
        workers.start(task)

    def _demo_progress(self, percent: int, message: str) -> None:
        self._progress.setValue(percent)
        self._progress.setLabelText(message)

    def _demo_loaded(self, _summary: object) -> None:
        self._progress.close()
        super().accept()

    def _demo_failed(self, error: BaseException) -> None:
        """The shop and owner exist; say what went wrong and let them try again or start empty."""
        self._progress.close()
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        show_error(self, error)
