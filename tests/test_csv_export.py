"""CSV files that open safely in a spreadsheet and never end up half-written."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from smallcs.csv_export import neutralise, write_csv
from smallcs.errors import ValidationError


@pytest.mark.parametrize(("value", "shown"), [
    ("=1+1", "'=1+1"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("", ""),
    (None, ""), ("a=b", "a=b"), ("+33 1 23", "'+33 1 23"), ("@SUM(A1)", "'@SUM(A1)"),
])
def test_neutralise(value: object, shown: str) -> None:
    assert neutralise(value) == shown


def test_rows_are_written_with_a_bom_and_neutralised(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    count = write_csv(target, ["Name", "Note"], [["Zoë", '=HYPERLINK("http://x")'], ["Ana", "ok"]])
    assert count == 2
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle)) == [
            ["Name", "Note"], ["Zoë", '\'=HYPERLINK("http://x")'], ["Ana", "ok"]]


def test_a_failure_half_way_leaves_the_old_file_and_no_leftovers(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("the previous export\n", encoding="utf-8")

    def rows() -> Iterator[list[str]]:
        yield ["one"]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        write_csv(target, ["A"], rows())
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_missing_folder_is_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Cannot write to"):
        write_csv(tmp_path / "nowhere" / "out.csv", ["A"], [])
