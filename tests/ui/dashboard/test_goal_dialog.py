"""Setting and changing a goal from the Dashboard, as an owner does it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from smallcs.models import Goal, Staff
from smallcs.ui.dashboard.goal_dialog import GoalDialog
from tests.ui.dashboard.conftest import PageMaker, settle


def _dialog(qtbot: QtBot, page: object) -> GoalDialog:
    dialog = page.goal_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, GoalDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.grab().isNull()  # it paints (a field named like QWidget.metric broke that)
    return dialog


def test_an_owner_sets_a_goal_and_changes_it(qtbot: QtBot, owner: Staff, make_page: PageMaker) -> None:
    page = make_page(owner)
    page.new_goal()
    dialog = _dialog(qtbot, page)
    dialog.metric_choice.setCurrentIndex(dialog.metric_choice.findData("fcr"))
    qtbot.keyClicks(dialog.target, "80")
    qtbot.keyClick(dialog.target, Qt.Key.Key_Return)  # Save is the default button
    qtbot.waitUntil(lambda: page.goal_dialog is None)
    goal = Goal.get()
    assert (goal.metric, goal.target, goal.created_by_id) == ("fcr", 80.0, owner.id)
    settle(qtbot, page)
    view = next(v for v in page.snapshot.goals if v.goal_id == goal.id)

    page.edit_goal(view)
    dialog = _dialog(qtbot, page)
    assert not dialog.metric_choice.isEnabled() and dialog.metric_choice.currentData() == "fcr"
    dialog.target.clear()
    qtbot.keyClicks(dialog.target, "85")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.goal_dialog is None)
    assert Goal.get_by_id(goal.id).target == 85.0
    settle(qtbot, page)  # the goals on the page are worked out again
    assert [v.target for v in page.snapshot.goals] == [85.0]


def test_a_goal_without_a_target_is_refused_with_a_message(qtbot: QtBot, owner: Staff,
                                                            make_page: PageMaker) -> None:
    page = make_page(owner)
    page.new_goal()
    dialog = _dialog(qtbot, page)
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.error.text() == "Enter the target to reach."
    assert Goal.select().count() == 0
    dialog.reject()
