"""PySide's check of every imported module, made cheaper, gives PySide's answers."""

from __future__ import annotations

import inspect
import json
import sqlite3
import sys
from types import ModuleType

import pytest

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
