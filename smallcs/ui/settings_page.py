"""Settings: the business profile (name, address, logo, time zone, colour, URL), the idle
lock, this computer's language, staff, texts and backups."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from smallcs import settings
from smallcs.complaints.canned import canned_texts
from smallcs.errors import SmallCSError
from smallcs.i18n import _, ngettext
from smallcs.models import Staff
from smallcs.os_errors import os_error_reason
from smallcs.permissions import allowed
from smallcs.settings import BusinessProfile
from smallcs.ui.backup_panel import BackupPanel
from smallcs.ui.complaint_texts_panel import ComplaintTextsPanel
from smallcs.ui.form_rows import (
    form_widget,
    label_for,
    readable_column,
    share_label_column,
    with_notes,
)
from smallcs.ui.language import LANGUAGE_NAMES, choose_language, chosen_language
from smallcs.ui.page import Page
from smallcs.ui.staff_panel import StaffPanel
from smallcs.ui.theme import scaled
from smallcs.ui.time_zone_chooser import TimeZoneChooser
from smallcs.ui.unsaved_edits import Box, UnsavedEdits

IDLE_LOCK_CHOICES = (1, 2, 5, 10, 15, 30, 60)  # minutes, then "Never"


class SettingsPage(Page):
    """Edits the business profile; only managers and the owner may save.

    Edits not saved yet stay when the page comes to the front again (Revert drops
    them); when another person logs in they are put aside for the person who typed
    them and come back at that person's next log-in (``ui/unsaved_edits.py``).
    """

    saved = Signal(object)  # BusinessProfile
    idle_lock_changed = Signal(object)  # minutes (int), or None for never

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._logo_b64 = ""
        heading = QLabel(_("Settings"))
        heading.setProperty("role", "title")
        section = QLabel(_("Business profile"))
        section.setProperty("role", "section")

        self.name = QLineEdit(objectName="profileName", maxLength=120)
        self.address = QPlainTextEdit(objectName="profileAddress")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(scaled(64))
        self.logo_preview = QLabel(objectName="logoPreview")
        self.logo_preview.setFixedSize(scaled(96), scaled(48))
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.hide()  # until a logo is shown in it
        # Without a logo, a line of text where the values start (not centred in the preview's box),
        # as tall as the buttons: its row is no taller than they are and "Logo" sits level with it.
        self.no_logo = QLabel(_("no logo"), objectName="noLogo")
        self.no_logo.setProperty("role", "muted")
        self.choose_logo = QPushButton(_("Choose logo…"), objectName="chooseLogo")
        self.remove_logo = QPushButton(_("Remove logo"), objectName="removeLogo")
        self.timezone = TimeZoneChooser(objectName="profileTimezone")
        self.colour = QLineEdit(objectName="profileColour", maxLength=7)
        self.colour.setFixedWidth(scaled(100))
        self.colour_swatch = QLabel(objectName="colourSwatch")
        self.colour_swatch.setFixedSize(28, 22)
        self.pick_colour = QPushButton(_("Pick…"), objectName="pickColour")
        self.survey_url = QLineEdit(objectName="profileSurveyUrl", maxLength=300)
        self.survey_url.setPlaceholderText("http://192.168.1.20:8765")
        self.survey_url.setToolTip(_("The web address in the QR codes of the survey cards: where customers' phones"
                                     " find the survey server (Surveys › Survey server proposes this PC's)."))
        self.currency = QLineEdit(objectName="profileCurrency", maxLength=3)
        self.currency.setFixedWidth(scaled(70))
        self.page_size = QComboBox(objectName="profilePageSize")
        for size in settings.PAGE_SIZES:
            self.page_size.addItem(_(size), size)  # "Letter" is a word; the stored value is not translated
        self.message = QLabel(objectName="settingsMessage")
        self.message.setWordWrap(True)
        self.read_only_note = QLabel(_("Only a manager or the owner can change these settings."))
        self.read_only_note.setProperty("role", "muted")
        self.save_button = QPushButton(_("&Save"), objectName="saveSettings")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton(_("&Revert"), objectName="revertSettings")
        self.security_section = QLabel(_("Security"))
        self.security_section.setProperty("role", "section")
        self.idle_lock = QComboBox(objectName="idleLockMinutes")
        self.idle_lock.activated.connect(lambda _index: self._idle_lock_chosen())
        self.idle_lock_note = QLabel(_(
            "With no key pressed and no mouse moved for this long, SmallCS locks itself as Ctrl+L"
            " does. Other counters follow a change from their next log-in or unlock."))
        self.idle_lock_note.setProperty("role", "muted")
        self.idle_lock_note.setWordWrap(True)
        self.idle_lock_message = QLabel(objectName="idleLockMessage", wordWrap=True)
        self.language_section = QLabel(_("This computer"))
        self.language_section.setProperty("role", "section")
        self.language = QComboBox(objectName="appLanguage")
        self.language.addItem(_("The system's language"), "")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(chosen_language())))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.language_note = QLabel(objectName="languageNote")
        self.language_note.setProperty("role", "muted")
        self.language_note.hide()  # until a language is chosen
        self.staff_section = QLabel(_("Staff accounts"))
        self.staff_section.setProperty("role", "section")
        self.staff_panel = StaffPanel()
        self.audit_button = QPushButton(_("&View the audit log…"), objectName="viewAuditLog")
        self.audit_button.clicked.connect(self.show_audit_log)
        self.audit_dialog: QWidget | None = None
        self.texts_section = QLabel(_("Complaint categories and texts"))
        self.texts_section.setProperty("role", "section")
        self.texts_panel = ComplaintTextsPanel()
        self.backup_section = QLabel(_("Backups"))
        self.backup_section.setProperty("role", "section")
        self.backup_panel = BackupPanel()

        logo_row = QHBoxLayout()
        for widget in (self.logo_preview, self.no_logo, self.choose_logo, self.remove_logo):
            logo_row.addWidget(widget)
        logo_row.addStretch()
        colour_row = QHBoxLayout()
        for widget in (self.colour, self.colour_swatch, self.pick_colour):
            colour_row.addWidget(widget)
        colour_row.addStretch()
        form = QFormLayout()  # one form for the sections above the tables, so their labels line up
        form.addRow(section)
        form.addRow(label_for(_("Business na&me"), self.name), self.name)
        form.addRow(label_for(_("&Address"), self.address), self.address)
        form.addRow(label_for(_("Logo"), self.choose_logo), logo_row)
        form.addRow(label_for(_("&Time zone"), self.timezone), with_notes(self.timezone, self.timezone.note))
        form.addRow(label_for(_("Accent &colour"), self.colour), colour_row)
        form.addRow(label_for(_("Survey card &URL"), self.survey_url), self.survey_url)
        form.addRow(label_for(_("Currency"), self.currency), self.currency)
        form.addRow(label_for(_("Report &page size"), self.page_size), self.page_size)
        form.addRow(self.read_only_note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        form.addRow(self.security_section)
        form.addRow(label_for(_("Lock when &idle for"), self.idle_lock),
                    with_notes(self.idle_lock, self.idle_lock_note, self.idle_lock_message))
        form.addRow(self.language_section)
        form.addRow(label_for(_("&Language of SmallCS"), self.language), with_notes(self.language, self.language_note))
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(form_widget(form))
        body_layout.addSpacing(12)
        body_layout.addWidget(self.staff_section)
        body_layout.addWidget(self.staff_panel)
        audit_row = QHBoxLayout()
        audit_row.addWidget(self.audit_button)
        audit_row.addStretch()
        body_layout.addLayout(audit_row)
        body_layout.addSpacing(12)
        body_layout.addWidget(self.texts_section)
        body_layout.addWidget(self.texts_panel)
        body_layout.addSpacing(12)
        body_layout.addWidget(self.backup_section)
        body_layout.addWidget(self.backup_panel)
        # Backups' own form, below the tables (which stay out of forms), starts its fields at the same x.
        share_label_column(form, self.backup_panel.schedule)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(24, 20, 24, 20)
        content_layout.setSpacing(14)
        content_layout.addWidget(heading)
        content_layout.addLayout(readable_column(body, scaled(720)))
        content_layout.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no invisible Tab stop: a control Tab reaches scrolls into sight
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.load)
        self.choose_logo.clicked.connect(self._choose_logo)
        self.remove_logo.clicked.connect(lambda: self._set_logo(""))
        self.pick_colour.clicked.connect(self._pick_colour)
        self.colour.textChanged.connect(self._show_swatch)
        self.unsaved = UnsavedEdits(self._boxes(), self._stored)

    def _boxes(self) -> dict[str, Box]:
        """The boxes kept with Save (or Save texts): the idle lock and the language are kept
        as soon as they are chosen."""
        return {
            "name": Box(self.name.text, self.name.setText),
            "address": Box(self.address.toPlainText, self.address.setPlainText),
            "logo": Box(lambda: self._logo_b64, self._set_logo),
            "timezone": Box(self.timezone.zone, self.timezone.set_zone),
            "colour": Box(self.colour.text, self.colour.setText),
            "survey_url": Box(self.survey_url.text, self.survey_url.setText),
            "currency": Box(self.currency.text, self.currency.setText),
            "page_size": Box(self.page_size.currentData,
                             lambda value: self.page_size.setCurrentIndex(max(0, self.page_size.findData(value)))),
            "canned_texts": Box(self.texts_panel.texts.toPlainText, self.texts_panel.texts.setPlainText),
        }

    @staticmethod
    def _stored() -> dict[str, object]:
        profile = settings.get_profile()
        return {"name": profile.name, "address": profile.address, "logo": profile.logo_png_base64,
                "timezone": profile.timezone, "colour": profile.accent_colour,
                "survey_url": profile.survey_base_url, "currency": profile.currency,
                "page_size": profile.page_size, "canned_texts": "\n".join(canned_texts())}

    def _language_chosen(self) -> None:
        choose_language(self.language.currentData())
        self.language_note.setText(_("SmallCS shows the new language the next time it starts."))
        self.language_note.show()

    def set_actor(self, actor: Staff) -> None:
        """Who is using the page; decides whether the form can be saved. Edits this person left
        unsaved when someone else logged in come back (``forget_user_state``)."""
        super().set_actor(actor)
        editable = allowed(actor, "settings.edit")
        for widget in (self.name, self.address, self.timezone, self.colour, self.survey_url,
                       self.currency, self.page_size, self.choose_logo, self.remove_logo,
                       self.pick_colour, self.save_button, self.revert_button, self.idle_lock):
            widget.setEnabled(editable)
        self.read_only_note.setVisible(not editable)
        manages_staff = allowed(actor, "staff.manage")
        self.staff_section.setVisible(manages_staff)
        self.staff_panel.setVisible(manages_staff)
        self.audit_button.setVisible(allowed(actor, "audit.view"))
        if manages_staff:
            self.staff_panel.set_actor(actor)
        self.texts_section.setVisible(editable)
        self.texts_panel.setVisible(editable)
        self.texts_panel.set_actor(actor)
        self.backup_section.setVisible(editable)
        self.backup_panel.setVisible(editable)
        if editable:
            self.backup_panel.set_actor(actor)
            back = self.unsaved.take_back(actor)
            if self.backup_panel.unsaved.take_back(actor) or back:
                self._say(_("The changes you left unsaved are back; they are not saved yet."), error=False,
                          role="muted")  # (no success: nothing was done)

    def has_unsaved_edits(self) -> bool:
        return bool(self.unsaved.edits() or self.backup_panel.unsaved.edits())

    def refresh(self) -> None:
        """Coming to the front: the stored settings, with any edits not saved yet typed back over them."""
        if self.has_unsaved_edits():
            self.unsaved.reload(self._show_stored)  # (messages stay: "your changes are back")
            self.backup_panel.unsaved.reload(self.backup_panel.reload)
        else:
            self.load()

    def forget_user_state(self) -> None:
        """Another person logs in: the last one's unsaved edits are put aside for them, and the
        page shows what is stored, with none of their messages."""
        if self.actor is not None:
            self.unsaved.put_aside(self.actor)
            self.backup_panel.unsaved.put_aside(self.actor)
        self.load()
        self.backup_panel.reload()
        self.backup_panel.message.clear()

    def show_audit_log(self) -> None:
        """The audit log (owner only; the service checks again)."""
        if self.actor is None or not allowed(self.actor, "audit.view"):
            return
        from smallcs.ui.audit_log_dialog import AuditLogDialog

        dialog = AuditLogDialog(self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "audit_dialog", None))
        self.audit_dialog = dialog
        dialog.open()

    def load(self) -> None:
        """Show the stored profile, discarding unsaved edits."""
        self._show_stored()
        self.message.clear()
        self.idle_lock_message.clear()

    def _show_stored(self) -> None:
        """The stored profile and canned texts in the boxes (the messages stay as they are)."""
        profile = settings.get_profile()
        self.name.setText(profile.name)
        self.address.setPlainText(profile.address)
        self.timezone.set_zone(profile.timezone)
        self.colour.setText(profile.accent_colour)
        self.survey_url.setText(profile.survey_base_url)
        self.currency.setText(profile.currency)
        self.page_size.setCurrentIndex(max(0, self.page_size.findData(profile.page_size)))
        self._set_logo(profile.logo_png_base64)
        self._show_idle_lock(settings.idle_lock_minutes())
        self.texts_panel.load()
        self.unsaved.mark_read()

    def profile_from_form(self) -> BusinessProfile:
        return dataclasses.replace(
            settings.get_profile(),
            name=self.name.text(),
            address=self.address.toPlainText(),
            logo_png_base64=self._logo_b64,
            timezone=self.timezone.zone(),
            accent_colour=self.colour.text().strip(),
            survey_base_url=self.survey_url.text().strip(),
            currency=self.currency.text().strip().upper(),
            page_size=self.page_size.currentData(),
        )

    def save(self) -> None:
        """Store the profile through the service; a refusal is shown, nothing changes."""
        if self.actor is None:
            return
        try:
            profile = settings.save_profile(self.actor, self.profile_from_form())
        except SmallCSError as exc:
            self._say(str(exc), error=True)
            return
        self.unsaved.reload(self._show_stored)  # canned texts typed but not saved with their own button stay
        self._say(_("Saved."), error=False)
        self.saved.emit(profile)

    def _say(self, text: str, *, error: bool, label: QLabel | None = None, role: str | None = None) -> None:
        label = label or self.message
        label.setText(text)
        label.setProperty("role", role or ("error" if error else "ok"))
        label.style().unpolish(label)
        label.style().polish(label)

    def _show_idle_lock(self, minutes: int | None) -> None:
        """List the choices (and a stored value that is not one of them), ``minutes`` chosen."""
        self.idle_lock.clear()
        choices = set(IDLE_LOCK_CHOICES) | ({minutes} if minutes is not None else set())
        for choice in sorted(choices):
            self.idle_lock.addItem(ngettext("{n} minute", "{n} minutes", choice).format(n=choice), choice)
        self.idle_lock.addItem(_("Never"), None)
        self.idle_lock.setCurrentIndex(self.idle_lock.findData(minutes))

    def _idle_lock_chosen(self) -> None:
        """Saved as soon as it is chosen; a refusal is shown and the stored choice put back."""
        if self.actor is None:
            return
        try:
            minutes = settings.save_idle_lock_minutes(self.actor, self.idle_lock.currentData())
        except SmallCSError as exc:
            self._show_idle_lock(settings.idle_lock_minutes())
            self._say(str(exc), error=True, label=self.idle_lock_message)
            return
        self._say(_("Saved."), error=False, label=self.idle_lock_message)
        self.idle_lock_changed.emit(minutes)

    def _set_logo(self, b64: str) -> None:
        self._logo_b64 = b64
        pixmap = QPixmap()
        shown = bool(b64) and pixmap.loadFromData(settings.BusinessProfile(logo_png_base64=b64).logo_bytes)
        if shown:  # scaled for the screen's pixels, not its logical points: sharp at 150 % and 200 %
            ratio = self.logo_preview.devicePixelRatioF()
            pixmap = pixmap.scaled(self.logo_preview.size() * ratio, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
            pixmap.setDevicePixelRatio(ratio)
        self.logo_preview.setPixmap(pixmap if shown else QPixmap())
        self.logo_preview.setVisible(shown)
        self.no_logo.setVisible(not shown)
        self.remove_logo.setEnabled(bool(b64) and self.choose_logo.isEnabled())

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the shop's logo"), "", _("Images (*.png *.jpg *.jpeg)")
        )
        if not path:
            return
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self._say(_("The file could not be read: {reason}").format(reason=os_error_reason(exc)), error=True)
            return
        candidate = settings.logo_to_base64(data)
        try:
            settings.validate_profile(dataclasses.replace(self.profile_from_form(), logo_png_base64=candidate))
        except SmallCSError as exc:
            if getattr(exc, "field", None) == "logo":
                self._say(str(exc), error=True)
                return
        self._set_logo(candidate)
        self._say(_("Logo chosen; press Save to keep it."), error=False)

    def _pick_colour(self) -> None:
        colour = QColorDialog.getColor(QColor(self.colour.text()), self, _("Accent colour"))
        if colour.isValid():
            self.colour.setText(colour.name().upper())

    def _show_swatch(self, text: str) -> None:
        colour = QColor(text)
        shown = colour.name() if colour.isValid() and len(text) == 7 else "transparent"
        self.colour_swatch.setStyleSheet(f"background: {shown}; border: 1px solid #888; border-radius: 3px;")
