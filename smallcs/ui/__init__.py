"""The PySide6 desktop app: the only package that imports Qt."""

from smallcs.ui.pyside_import_check import make_pyside_import_check_cheaper

make_pyside_import_check_cheaper()  # before the app's own modules are imported
