"""The first start's main window: 1180 x 760 where the screen has room, inside the free area
of a smaller screen (a 1366 x 768 laptop), title bar and all, so its status bar is in sight.

Each screen is Qt's offscreen platform set up with that screen, in a process of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smallcs.models import Staff

_OPEN = """
import json, sys
from smallcs.models import Staff
from smallcs.models.connection import open_database
from smallcs.ui.app import create_application
from smallcs.ui.main_window import MainWindow

app = create_application(sys.argv[:1])
open_database(sys.argv[1])
window = MainWindow(Staff.get(Staff.username == sys.argv[2]), sys.argv[1])
window.show()
app.processEvents()
free = window.screen().availableGeometry()
print(json.dumps({"size": [window.width(), window.height()], "free": [free.width(), free.height()]}))
"""


def _first_window(tmp_path: Path, db_path: Path, owner: Staff, width: int, height: int) -> list[int]:
    """The first window's size on a ``width`` x ``height`` screen (all of it free)."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "screen", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "XDG_CONFIG_HOME": str(tmp_path / "fresh-settings")}
    result = subprocess.run([sys.executable, "-c", _OPEN, str(db_path), owner.username],
                            capture_output=True, text=True, timeout=120, env=env, check=False)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.splitlines()[-1])
    assert shown["free"] == [width, height]
    return shown["size"]


def test_on_a_full_hd_screen_the_first_window_is_its_usual_size(tmp_path: Path, db_path: Path, owner: Staff) -> None:
    assert _first_window(tmp_path, db_path, owner, 1920, 1080) == [1180, 760]


@pytest.mark.parametrize(("width", "height"), [(1366, 768)])
def test_on_a_laptop_screen_the_first_window_and_its_frame_fit_the_screen(
        tmp_path: Path, db_path: Path, owner: Staff, width: int, height: int) -> None:
    window_width, window_height = _first_window(tmp_path, db_path, owner, width, height)
    title_bar_and_borders = (10 + 10, 40 + 10)  # what Qt guesses for a frame not drawn yet
    assert window_width <= width - title_bar_and_borders[0]
    assert window_height <= height - title_bar_and_borders[1]
    assert window_width == 1180  # (as wide as usual: the laptop has the room)
