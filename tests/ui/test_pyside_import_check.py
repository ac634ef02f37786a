"""PySide's check of every imported module, made cheaper, gives PySide's answers."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import sqlite3
import sys
from types import ModuleType

import pytest

import smallcs
import smallcs.models.enums
import smallcs.ui.app
from smallcs.ui.pyside_import_check import CHECK_NAME, FEATURE_MODULE


def pyside_definition(module: ModuleType) -> bool:
    """What PySide's own check answers: does the module's source mention PySide6?"""
    try:
        return "PySide6" in inspect.getsource(module)
    except (TypeError, OSError):
        return False


@pytest.mark.parametrize("module", [
    smallcs.ui.app, smallcs.models.enums, json, sys, sqlite3.dbapi2, ModuleType("made_up"),
], ids=lambda module: module.__name__)
def test_the_check_in_place_answers_as_pyside_does(module: ModuleType) -> None:
    check = getattr(sys.modules[FEATURE_MODULE], CHECK_NAME)

    assert getattr(check, "smallcs_by_bytes", False)  # installed by importing smallcs.ui
    assert check(module) is pyside_definition(module)


def test_a_module_that_uses_pyside_is_told_apart_from_one_that_does_not() -> None:
    check = getattr(sys.modules[FEATURE_MODULE], CHECK_NAME)

    assert check(smallcs.ui.app) is True
    assert check(smallcs.models.enums) is False


def test_the_app_s_own_modules_are_answered_by_name_as_pyside_would_answer() -> None:
    """SmallCS's modules are not read: the layering rule says which ones use PySide."""
    for info in pkgutil.walk_packages(smallcs.__path__, "smallcs."):
        if not info.name.endswith("__main__"):  # (that one runs the command)
            importlib.import_module(info.name)

    check = getattr(sys.modules[FEATURE_MODULE], CHECK_NAME)
    own = [module for name, module in sorted(sys.modules.items())
           if name.startswith("smallcs.") and isinstance(module, ModuleType) and not hasattr(module, "__path__")]
    in_ui = [module for module in own if module.__name__.startswith("smallcs.ui.")]
    elsewhere = [module for module in own if module not in in_ui]
    assert len(in_ui) > 80 and len(elsewhere) > 80
    # Outside smallcs.ui: False, as PySide says (no Qt there).
    assert [m.__name__ for m in elsewhere if check(m) is not False or pyside_definition(m)] == []
    # In it: True, as PySide says for every module that uses Qt (the others, helpers without
    # Qt, are registered for __feature__ switching that nothing turns on).
    assert all(check(m) is True for m in in_ui)
    assert sum(pyside_definition(m) for m in in_ui) > len(in_ui) - 15
