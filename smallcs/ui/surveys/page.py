"""The Surveys page: the shop's surveys with their cards and answers, and the survey server.

Its dialogs (print cards, paper entry, import, survey editor) load their modules when
they first open: the page itself is quick to show, at start-up too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smallcs import locale_format
from smallcs.i18n import _
from smallcs.models import Staff
from smallcs.models.enums import Question
from smallcs.permissions import allowed
from smallcs.surveys.activity import survey_activity
from smallcs.surveys.definitions import list_surveys
from smallcs.ui.flow_layout import FlowLayout
from smallcs.ui.page import Page
from smallcs.ui.surveys.answers_view import NO_ANSWER, AnswersView, table_cell
from smallcs.ui.surveys.server_control import SurveyServerController
from smallcs.ui.surveys.server_panel import ServerPanel
from smallcs.ui.surveys.survey_table import SurveyTable
from smallcs.ui.theme import scaled


def _question_names(questions: tuple[Question, ...]) -> str:
    names = {Question.CSAT: "CSAT", Question.NPS: "NPS", Question.CES: "CES",
             Question.COMMENT: _("comment"), Question.CONTACT: _("contact")}
    return ", ".join(names[q] for q in questions)


class SurveysPage(Page):
    """Two tabs: the surveys (cards printed, answers, the latest comments) and the survey server.

    The latest answers are an ``AnswersView``: connect its ``open_complaint`` and
    ``complaint_from_answer`` signals to show a complaint or open the complaint form.
    """

    answers_recorded = Signal()  # answers typed in from paper cards or imported here

    def __init__(self, controller: SurveyServerController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveysPage")
        self.controller = controller
        heading = QLabel(_("Surveys"))
        heading.setProperty("role", "title")
        self.tabs = QTabWidget(objectName="surveyTabs")
        self.tabs.addTab(self._surveys_tab(), _("Surveys and answers"))
        self.server_panel = ServerPanel(controller)
        self.tabs.addTab(self.server_panel, _("Survey server"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self.print_dialog: QWidget | None = None
        self.paper_dialog: QWidget | None = None
        self.editor: QWidget | None = None
        self.import_dialog: QWidget | None = None

    def _surveys_tab(self) -> QWidget:
        tab = QWidget()
        self.surveys = SurveyTable([_("Survey"), _("Asks"), _("Languages"), _("Cards printed"),
                                    _("Cards answered"), _("All answers")],
                                   text_columns=(0, 1, 2), number_columns=(3, 4, 5))
        for column, tip in ((4, _("Single-use cards answered, of those printed")),
                            (5, _("Every answer: single-use cards, posters, paper cards typed in and imports"))):
            self.surveys.horizontalHeaderItem(column).setToolTip(tip)
        self.surveys.setAccessibleName(_("Surveys"))
        self.surveys.itemSelectionChanged.connect(self._selection_changed)
        self.surveys.itemDoubleClicked.connect(lambda _item: self.edit_survey())
        self.new_button = QPushButton(_("&New survey…"), objectName="newSurveyButton")
        self.new_button.clicked.connect(self.new_survey)
        self.edit_button = QPushButton(_("&Edit survey…"), objectName="editSurveyButton")
        self.edit_button.setToolTip(_("Change the survey chosen in the list (or double-click it)."))
        self.edit_button.clicked.connect(self.edit_survey)
        self.import_button = QPushButton(_("&Import answers…"), objectName="importAnswersButton")
        self.import_button.setToolTip(_("Answers collected with another form tool, from its CSV export."))
        self.import_button.clicked.connect(self.open_import_dialog)
        self.print_button = QPushButton(_("&Print cards…"), objectName="printCardsButton")
        self.print_button.setProperty("role", "primary")
        self.print_button.clicked.connect(self.open_print_dialog)
        self.paper_button = QPushButton(_("&Type in a paper card…"), objectName="paperEntryButton")
        self.paper_button.clicked.connect(self.open_paper_entry)
        self.cards_note = QLabel(objectName="cardsNote")
        self.cards_note.setProperty("role", "muted")
        self.cards_note.setWordWrap(True)
        # Wrapping into a second row when the page is narrow: at 15 pt, in Spanish, one row clipped the labels.
        buttons = FlowLayout(spacing=scaled(6))
        for button in (self.print_button, self.paper_button, self.import_button, self.new_button,
                       self.edit_button):
            buttons.addWidget(button)

        self.answers_view = AnswersView()
        self.answers_view.answers_changed.connect(self.show_surveys)  # the counts keep up with the list
        # The table and its empty note, by their old names: tests and the import dialog's callers read them.
        self.answers = self.answers_view.table
        self.empty_note = self.answers_view.empty_note

        layout = QVBoxLayout(tab)
        layout.addWidget(self.surveys)
        layout.addLayout(buttons)
        layout.addWidget(self.cards_note)
        layout.addWidget(self.answers_view, 1)
        return tab

    def set_actor(self, actor: Staff) -> None:
        super().set_actor(actor)
        self.server_panel.set_actor(actor)
        self.answers_view.set_actor(actor)
        may_print = allowed(actor, "surveys.cards")
        self.print_button.setVisible(may_print)
        may_edit = allowed(actor, "settings.edit")
        self.new_button.setVisible(may_edit)
        self.edit_button.setVisible(may_edit)
        self.import_button.setVisible(allowed(actor, "surveys.import"))
        self.cards_note.setText("" if may_print else _("Managers and the owner print batches of cards;"
                                                       " a card for one complaint is printed from the complaint."))
        self.cards_note.setVisible(not may_print)

    def forget_user_state(self) -> None:
        """Another person logs in: the first tab, no survey or answer chosen, all answers shown."""
        self.tabs.setCurrentIndex(0)
        self.surveys.clearSelection()
        self.answers.clearSelection()
        self.answers_view.reset_filters()

    def refresh(self) -> None:
        """Re-read the surveys, their counts and the latest answers."""
        self.show_surveys()
        self.answers_view.reload()
        self.server_panel.refresh()

    def show_surveys(self) -> None:
        """Re-read the surveys and their counts (also when new answers came in while on screen)."""
        activity = survey_activity()
        infos = list_surveys()
        selected = self.selected_survey_id()
        self.surveys.setRowCount(len(infos))
        for row, info in enumerate(infos):
            counts = activity.get(info.id)
            definition = info.definition
            name = definition.name if definition.active else _("{name} (switched off)").format(name=definition.name)
            rate = counts.response_rate if counts is not None else None
            answered = NO_ANSWER if rate is None else _("{n} ({rate})").format(
                n=locale_format.number(counts.answered_cards if counts else 0),
                rate=locale_format.percent(rate * 100))
            asks, languages = _question_names(definition.questions), ", ".join(definition.languages)
            cells = [  # the texts carry their whole text as a tip: a narrow list ends them in "…"
                table_cell(name, tip=name),
                table_cell(asks, tip=asks),
                table_cell(languages, tip=languages),
                table_cell(locale_format.number(counts.cards if counts else 0), number=True),
                table_cell(answered, number=True, tip=_("Single-use cards answered, of those printed")),
                table_cell(locale_format.number(counts.answers if counts else 0), number=True),
            ]
            cells[0].setData(Qt.ItemDataRole.UserRole, info.id)
            for column, item in enumerate(cells):
                if not definition.active:  # greyed too: "(switched off)" may be cut from a long name
                    item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
                self.surveys.setItem(row, column, item)
        if selected is not None:
            self.select_survey(selected)
        elif infos:  # so Edit works at once for a shop with one survey
            self.surveys.selectRow(0)
        self._selection_changed()
        self.surveys.fit_columns()
        self.answers_view.show_survey_column(len(infos) > 1)

    def selected_survey_id(self) -> int | None:
        """The id of the survey chosen in the list, or None."""
        rows = self.surveys.selectionModel().selectedRows()
        item = self.surveys.item(rows[0].row(), 0) if rows else None
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if value is not None else None

    def select_survey(self, survey_id: int) -> None:
        """Choose the survey with ``survey_id`` in the list (nothing when it is not there)."""
        for row in range(self.surveys.rowCount()):
            item = self.surveys.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == survey_id:
                self.surveys.selectRow(row)
                return
        self.surveys.clearSelection()

    def _selection_changed(self) -> None:
        self.edit_button.setEnabled(self.selected_survey_id() is not None)

    def open_print_dialog(self) -> None:
        """The Print cards dialog (manager or owner); the counts refresh after each batch."""
        if self.actor is None:
            return
        # reportlab loads on first use
        from smallcs.ui.surveys.print_dialog import PrintCardsDialog

        dialog = PrintCardsDialog(self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.cards_issued.connect(lambda _survey: self.refresh())
        self.print_dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "print_dialog", None))
        dialog.open()

    def open_paper_entry(self) -> None:
        """The paper-card form; each saved card shows up in the latest answers."""
        if self.actor is None:
            return
        from smallcs.ui.surveys.paper_entry import PaperEntryDialog

        dialog = PaperEntryDialog(self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(self.refresh)
        dialog.recorded.connect(self.answers_recorded)
        self.paper_dialog = dialog
        dialog.open()

    def new_survey(self) -> None:
        """The survey editor for a new survey (manager or owner)."""
        self._open_editor(None)

    def edit_survey(self) -> None:
        """The survey editor for the survey chosen in the list (manager or owner)."""
        survey_id = self.selected_survey_id()
        if survey_id is not None:
            self._open_editor(survey_id)

    def _open_editor(self, survey_id: int | None) -> None:
        if self.actor is None or not allowed(self.actor, "settings.edit"):
            return
        if self.editor is not None:  # one editor at a time: a second could save over the first
            self.editor.activateWindow()
            return
        from smallcs.ui.surveys.survey_editor import SurveyEditorDialog

        dialog = SurveyEditorDialog(self.actor, survey_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._survey_saved)
        self.editor = dialog
        dialog.destroyed.connect(lambda: setattr(self, "editor", None))
        dialog.open()

    def _survey_saved(self, survey_id: int) -> None:
        self.refresh()
        self.select_survey(survey_id)

    def open_import_dialog(self) -> None:
        """Import answers from a form tool's CSV export (manager or owner); the counts refresh after."""
        if self.actor is None or not allowed(self.actor, "surveys.import"):
            return
        if self.import_dialog is not None:
            self.import_dialog.activateWindow()
            return
        from smallcs.ui.surveys.import_dialog import ImportAnswersDialog

        dialog = ImportAnswersDialog(self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda _count: self.refresh())
        dialog.imported.connect(self.answers_recorded)
        self.import_dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "import_dialog", None))
        dialog.open()
