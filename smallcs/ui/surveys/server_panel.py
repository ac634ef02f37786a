"""The Survey server tab: switch the built-in server on and off and check a phone reaches it."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smallcs import settings
from smallcs.errors import SmallCSError
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.permissions import allowed
from smallcs.ui.flow_layout import FlowLayout
from smallcs.ui.screen_fit import ScrollingContent
from smallcs.ui.surveys.lan_address import (
    LOOPBACK,
    address_host,
    base_url,
    candidate_addresses,
    card_address_warning,
    primary_address,
)
from smallcs.ui.surveys.qr_view import QrCodeView
from smallcs.ui.surveys.server_control import (
    DEFAULT_PORT,
    EVERY_ADDRESS,
    SurveyServerController,
)
from smallcs.ui.theme import scaled

HEALTH_PATH = "/healthz"


class ServerPanel(QWidget):
    """Address and port, the on/off button, the address for new cards and a QR to test with a phone.

    Until the panel is first shown, the address list holds the primary address (the one
    proposed) and "this PC only"; the other interfaces' addresses join it then, so that a
    Surveys page opened at start-up loads no QtNetwork.
    """

    def __init__(self, controller: SurveyServerController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.actor: Staff | None = None
        intro = QLabel(_("Customers' phones open the survey from this PC while the server is on. The PC and"
                         " the phones must be on the same network (the shop's Wi-Fi)."))
        intro.setWordWrap(True)
        self.address = QComboBox(objectName="serverAddress")
        self.address.setAccessibleName(_("Address phones use"))
        # Narrower than its longest entry, so the port and the switch keep their room at a large font.
        self.address.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.address.setMinimumContentsLength(15)
        self.port = QSpinBox(objectName="serverPort", minimum=1024, maximum=65535, value=DEFAULT_PORT)
        self.port.setGroupSeparatorShown(False)
        self.port.setAccessibleName(_("Port"))
        self.toggle = QPushButton(_("&Start the server"), objectName="serverToggle")
        self.toggle.setProperty("role", "primary")
        self.toggle.clicked.connect(self.toggle_server)
        # The label centred on its box (the flow below stands them on one bottom line, where the
        # shorter label sat low), and the two wrap to a new row together.
        port_field = QWidget(objectName="serverPortField")
        port_row = QHBoxLayout(port_field)
        port_row.setContentsMargins(0, 0, 0, 0)
        port_row.setSpacing(scaled(6))
        self.port_label = QLabel(_("P&ort:"), buddy=self.port)
        port_row.addWidget(self.port_label)
        port_row.addWidget(self.port)
        # Rows that wrap on a narrow page, so the switch never clips its label at a large font.
        where = FlowLayout(spacing=scaled(6), bottom=True)
        for widget in (self.address, port_field, self.toggle):
            where.addWidget(widget)
        self.state = QLabel(objectName="serverState")
        self.state.setProperty("role", "section")
        self.error = QLabel(objectName="serverError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()

        self.proposed = QLabel(objectName="proposedUrl")
        self.proposed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_button = QPushButton(_("&Use for new cards"), objectName="useUrlButton")
        self.use_button.clicked.connect(self.use_for_cards)
        proposal = FlowLayout(spacing=scaled(6), bottom=True)
        proposal.addWidget(self.proposed)
        proposal.addWidget(self.use_button)
        self.current = QLabel(objectName="currentUrl")
        self.current.setWordWrap(True)
        self.current.setProperty("role", "muted")
        self.card_warning = QLabel(objectName="cardAddressWarning")
        self.card_warning.setProperty("role", "warning")
        self.card_warning.setWordWrap(True)
        self.card_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.card_warning.hide()
        # Each label above its row (a form's label column left the wrapping rows too little room).
        form = QVBoxLayout()
        form.addWidget(QLabel(_("&Address phones use:"), buddy=self.address))
        form.addLayout(where)
        form.addSpacing(scaled(6))
        form.addWidget(QLabel(_("This PC's address, for survey cards:")))
        form.addLayout(proposal)
        form.addWidget(self.current)

        self.qr = QrCodeView()
        self.qr.setObjectName("testQr")
        self.qr_caption = QLabel(objectName="testQrCaption")
        self.qr_caption.setWordWrap(True)
        self.qr_caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test = QHBoxLayout()
        test.addWidget(self.qr)
        test.addWidget(self.qr_caption, 1)

        body = QWidget(objectName="serverPanelBody")
        layout = QVBoxLayout(body)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.card_warning)
        layout.addWidget(self.state)
        layout.addWidget(self.error)
        layout.addLayout(test)
        layout.addStretch()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(ScrollingContent(body))  # a short window at a large font: it scrolls, nothing overlaps

        primary = primary_address()
        if primary != LOOPBACK:
            self.address.addItem(primary, primary)
        self.address.addItem(_("{address} (this PC only)").format(address=LOOPBACK), LOOPBACK)
        self._every_address_listed = False
        self.address.currentIndexChanged.connect(self.refresh)
        self.port.valueChanged.connect(self.refresh)
        controller.state_changed.connect(self._state_changed)
        controller.failed.connect(self._failed)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._every_address_listed:
            self._list_every_address()
        super().showEvent(event)

    def _list_every_address(self) -> None:
        """Every interface's address before "this PC only"; where there was no primary address,
        the first of them is proposed instead."""
        self._every_address_listed = True
        had_only_loopback = self.address.count() == 1
        listed = {self.address.itemData(row) for row in range(self.address.count())}
        row = self.address.findData(LOOPBACK)
        for address in candidate_addresses():
            if address not in listed:
                self.address.insertItem(row, address, address)
                row += 1
        if had_only_loopback and self.address.count() > 1:
            self.address.setCurrentIndex(0)

    def set_actor(self, actor: Staff) -> None:
        self.actor = actor
        self.use_button.setVisible(allowed(actor, "settings.edit"))

    @property
    def proposed_url(self) -> str:
        """``http://<address>:<port>`` for the address and port chosen."""
        return base_url(str(self.address.currentData()), self.port.value())

    def refresh(self) -> None:
        """Show the state, the proposal and the address new cards get now."""
        running = self.controller.running
        self.state.setText(self.controller.state_text())
        self.toggle.setText(_("&Stop the server") if running else _("&Start the server"))
        self.toggle.setEnabled(not self.controller.busy)
        self.address.setEnabled(not running)
        self.port.setEnabled(not running)
        self.proposed.setText(self.proposed_url)
        stored = settings.get_profile().survey_base_url
        if not stored:
            self.current.setText(_("No address is set for cards yet: cards cannot be printed until one is."))
        elif stored == self.proposed_url:
            self.current.setText(_("New cards lead here."))
        else:
            self.current.setText(_("Cards printed now lead elsewhere, to {url}. If this PC is the shop's survey"
                                   " server, press “Use for new cards”.").format(url=stored))
        self.use_button.setEnabled(stored != self.proposed_url)
        warning = card_address_warning(
            stored, this_pc=candidate_addresses(),
            server_only_here=address_host(self.controller.url) == LOOPBACK) if running and stored else ""
        self.card_warning.setText(warning)
        self.card_warning.setVisible(bool(warning))
        if running:
            test_url = self.controller.url + HEALTH_PATH
            self.qr.set_data(test_url)
            self.qr_caption.setText(_("Scan this code with a phone on the shop's Wi-Fi. The phone should show"
                                      " \"ok\"; then customers' phones reach the survey too.\n{url}")
                                    .format(url=test_url))
        else:
            self.qr.set_data("")
            self.qr_caption.setText(_("Once the server is on, a code to test it with a phone appears here."))

    def toggle_server(self) -> None:
        self.error.hide()
        if self.controller.running:
            self.controller.stop()
        else:
            # Listening on every address lets phones in; "this PC only" keeps the server private.
            host = LOOPBACK if self.address.currentData() == LOOPBACK else EVERY_ADDRESS
            self.controller.start(host=host, port=self.port.value(), public_url=self.proposed_url)
        self.toggle.setEnabled(False)

    def use_for_cards(self) -> None:
        """Store the proposed address as the survey base URL (manager or owner)."""
        if self.actor is None:
            return
        try:
            profile = settings.get_profile()
            settings.save_profile(self.actor, dataclasses.replace(profile, survey_base_url=self.proposed_url))
        except SmallCSError as exc:
            self._failed(str(exc))
            return
        self.refresh()

    def _state_changed(self, _text: str) -> None:
        self.refresh()

    def _failed(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.refresh()
