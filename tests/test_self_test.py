"""``smallcs --self-test`` from the source install: every part it checks works here."""

from __future__ import annotations

import os
import subprocess
import sys


def test_self_test_passes_and_names_each_part() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "smallcs", "--self-test"], check=False, capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "self-test passed"
    for part in ("database created", "complaint C-", "survey card", "monthly report written",
                 "survey page served in English and Spanish", "main window built and painted"):
        assert any(part in line for line in lines), (part, lines)
    assert "Traceback" not in done.stderr

