"""At 200 % display scaling (a 4K laptop) pictures SmallCS draws itself are made for the
screen's pixels, not scaled up from its logical points. Run in a fresh process, since the
scale is fixed when Qt starts."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

from smallcs import settings
from smallcs.models import Staff
from tests.ui.test_settings_page import _png

_LOGO_PREVIEW = """
import json, sys
from smallcs.models.connection import open_database
from smallcs.ui.app import create_application
from smallcs.ui.settings_page import SettingsPage

app = create_application(sys.argv[:1])
open_database(sys.argv[1])
page = SettingsPage()
page.refresh()
page.show()
app.processEvents()
preview = page.logo_preview
pixmap = preview.pixmap()
print(json.dumps({"screen": preview.devicePixelRatioF(), "box": [preview.width(), preview.height()],
                  "pixels": [pixmap.width(), pixmap.height()], "ratio": pixmap.devicePixelRatio()}))
"""


def test_the_settings_logo_preview_is_sharp_at_200_percent(owner: Staff, db_path: Path) -> None:
    settings.save_profile(owner, dataclasses.replace(settings.get_profile(),
                                                     logo_png_base64=settings.logo_to_base64(_png(800, 400))))
    result = subprocess.run([sys.executable, "-c", _LOGO_PREVIEW, str(db_path)], capture_output=True, text=True,
                            timeout=120, check=False,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.splitlines()[-1])
    assert shown["screen"] == 2.0
    width, height = shown["box"]
    # a 2:1 logo fills the 2:1 box with one image pixel per screen pixel
    assert shown["pixels"] == [2 * width, 2 * height] and shown["ratio"] == 2.0
