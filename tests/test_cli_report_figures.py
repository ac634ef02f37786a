"""``smallcs report --figures``: the month's headline figures on the terminal, the same as the PDF's
first page and the metrics behind both (issue #6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from smallcs import i18n, metrics, settings
from smallcs.metrics import Period
from smallcs.metrics.display import format_value
from smallcs.models.connection import close_database, open_database
from tests.reports import poppler
from tests.reports.monthly_helpers import page_words
from tests.test_cli import assert_one_line_error, run

MONTH = "2026-11"
SPANISH = {"LANGUAGE": "", "LANG": "es_ES.UTF-8"}
LANGUAGES = {"en": {}, "es": SPANISH}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two months of the demo shop, with a manager and a counter clerk."""
    folder = tmp_path_factory.mktemp("figures")
    path = folder / "demo.db"
    # Made before any test's own per-user folders exist: the log goes to one of this module's.
    home = {"HOME": str(folder), "XDG_STATE_HOME": str(folder / "state"), "XDG_DATA_HOME": str(folder / "data")}
    loaded = run("demo", "--db", str(path), "--months", "2", "--until", "2026-11-30", env=home)
    assert loaded.returncode == 0, loaded.stderr
    for name, role in (("mia", "manager"), ("sam", "staff")):
        added = run("user", "add", name, "--role", role, "--db", str(path), "--as", "owner",
                    stdin=f"demo-owner\n{name}-secret-1\n", env=home)
        assert added.returncode == 0, added.stderr
    return path


@pytest.fixture
def in_language(shop: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The shop's database bound to the models and the app's catalog set to the language under test."""
    language = request.param
    open_database(shop)
    i18n.set_language(language)
    try:
        yield language
    finally:
        close_database()


def _expected() -> list[tuple[str, str]]:
    """Each headline's label and value as the report writes them, from smallcs.metrics."""
    zone = settings.get_profile().zone
    summary = metrics.monthly_summary(Period.parse(MONTH, zone=zone))
    return [(h.label, format_value(h.value, h.unit)) for h in summary.headlines]


def _printed(stdout: str) -> list[tuple[str, str]]:
    """The command's figure lines as (label, value): the columns are two or more spaces apart."""
    rows = []
    for line in stdout.splitlines()[1:]:
        label, _gap, value = line.partition("  ")
        rows.append((label.strip(), value.strip()))
    return rows


def _under_its_label(words: list[poppler.Word], label: str, value: str) -> bool:
    """Whether poppler reads ``value`` on the first page in the tile headed ``label``: the label's words
    on one line, the value's words starting at the label's left edge, within the tile's height below it."""
    first = [w for w in words if w.page == 0]
    label_words, value_words = label.split(), value.split()
    for i in range(len(first) - len(label_words) + 1):
        run_ = first[i:i + len(label_words)]
        if [w.text for w in run_] != label_words or len({round(w.top) for w in run_}) != 1:
            continue
        head = run_[0]
        for j in range(len(first) - len(value_words) + 1):
            candidate = first[j:j + len(value_words)]
            if [w.text for w in candidate] == value_words and abs(candidate[0].left - head.left) < 2 \
                    and head.bottom < candidate[0].top < head.bottom + 30:
                return True
    return False


@pytest.mark.parametrize("in_language", list(LANGUAGES), indirect=True)
def test_the_figures_are_the_reports_and_the_metrics(shop: Path, tmp_path: Path, in_language: str) -> None:
    poppler.ensure_poppler()
    env = LANGUAGES[in_language]
    figures = run("--db", str(shop), "report", "--month", MONTH, "--figures", env=env)
    assert figures.returncode == 0, figures.stderr
    assert figures.stderr == ""
    expected = _expected()
    assert len(expected) == 8
    assert _printed(figures.stdout) == expected
    assert figures.stdout.splitlines()[0].endswith(
        "noviembre de 2026" if in_language == "es" else "November 2026")

    pdf = tmp_path / "report.pdf"
    written = run("--db", str(shop), "report", "--month", MONTH, "-o", str(pdf), env=env)
    assert written.returncode == 0, written.stderr
    summary_page = page_words(pdf)[0]
    words = poppler.words(pdf)
    for label, value in expected:
        value = " ".join(value.split())  # readers give a no-break space ("40 %") as a space
        assert f"{label} {value}" in summary_page  # pypdf's reading
        assert _under_its_label(words, label, value), (label, value)  # poppler's, placed in its tile


def test_figures_need_someone_who_may_make_the_report(shop: Path) -> None:
    owners = run("--db", str(shop), "report", "--month", MONTH, "--figures")
    managers = run("--db", str(shop), "report", "--month", MONTH, "--figures", "--as", "mia",
                   stdin="mia-secret-1\n")
    assert managers.returncode == 0, managers.stderr
    assert managers.stdout == owners.stdout  # the headline figures hold nothing per person
    refused = run("--db", str(shop), "report", "--month", MONTH, "--figures", "--as", "sam",
                  stdin="sam-secret-1\n")
    assert_one_line_error(refused, 1, "")
    assert refused.stdout == ""


def test_figures_are_for_a_month_that_is_over_and_replace_the_pdf(shop: Path, tmp_path: Path) -> None:
    next_month = (dt.date.today().replace(day=1) + dt.timedelta(days=32)).strftime("%Y-%m")
    assert_one_line_error(run("--db", str(shop), "report", "--month", next_month, "--figures"),
                          1, "is not over yet")
    both = run("--db", str(shop), "report", "--month", MONTH, "--figures", "-o", str(tmp_path / "r.pdf"))
    assert_one_line_error(both, 2, "not allowed with argument --figures")
    assert_one_line_error(run("--db", str(shop), "report", "--month", MONTH), 2, "--figures")
    assert list(tmp_path.iterdir()) == []
    assert "--figures" in run("report", "--help").stdout
