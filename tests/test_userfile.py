"""The one reader of user files: limits, line numbers, every problem collected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from landbridge.errors import DataError, OutputError, ScenarioError, StationConfigError
from landbridge.scenario import parse_scenario
from landbridge.terminal import parse_station
from landbridge.userfile import (
    _NON_PRINTABLE,
    MAX_BYTES,
    MAX_DEPTH,
    Fields,
    check_number,
    load_located,
    read_text,
    writable_folder,
)


def test_a_control_character_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(b"name: t\nsupply: []\ndemand: x\x1b\n")
    with pytest.raises(ScenarioError) as caught:
        read_text(path)
    assert (caught.value.problem.line, str(caught.value)) == (
        3, f"{path}, line 3: holds the control character '\\x1b'; save it as plain text")


def test_bad_bytes_and_sizes(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"name: ok\nplace: caf\xe9\n")
    with pytest.raises(DataError, match="line 2: not UTF-8 text"):
        read_text(latin, kind=DataError)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(StationConfigError, match="larger than 1,000,000 bytes"):
        read_text(big, kind=StationConfigError)
    with pytest.raises(ScenarioError, match="is a folder"):
        read_text(tmp_path)


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH + 1, 5000])
def test_nesting_is_bounded(depth: int) -> None:
    text = "a: " + "[" * depth + "]" * depth
    if depth < MAX_DEPTH:
        assert load_located(text, file="f").data["a"] is not None
        return
    with pytest.raises(ScenarioError, match=f"nested deeper than {MAX_DEPTH} levels"):
        load_located(text, file="f")


def test_every_row_problem_is_reported_at_once() -> None:
    text = """\
name: t
supply:
  - {origin: Atlantis, commodity: wheat, tonnes: 1000}
  - {origin: Kostanay, commodity: wheat, tonnes: -1}
demand:
  - {market: Cai Mep, commodity: caviar}
"""
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, file="s.yaml")
    where = [(p.line, p.field) for p in caught.value.problems]
    assert where == [(3, "supply[0].origin"), (4, "supply[1].tonnes"),
                     (6, "demand[0].commodity")]
    assert str(caught.value).startswith("s.yaml has 3 problems:\n  - s.yaml, line 3, ")


def test_a_station_reports_every_bad_service() -> None:
    from importlib import resources

    text = resources.files("landbridge.terminal").joinpath(
        "default_station.yaml").read_text("utf-8")
    text = text.replace("per_year: 857", "per_year: 10000000").replace(
        "wagons: 50 ", "wagons: 5000000 ", 1)
    with pytest.raises(StationConfigError) as caught:
        parse_station(text, file="st.yaml")
    fields = [p.field for p in caught.value.problems]
    assert fields == ["trains[0].arrivals.per_year", "trains[1].wagons"]


@pytest.mark.parametrize(("value", "ok"), [
    (5, True), ("1.0e6", True), ("2_000", True), (-1, False), ("x", False), (True, False),
    (float("nan"), False), (float("inf"), False), (1e13, False), (None, False),
])
def test_numbers_are_finite_and_bounded(value: object, ok: bool) -> None:
    doc = load_located("a: 1", file="f")
    if ok:
        assert check_number(doc, value, ("a",)) > 0
    else:
        with pytest.raises(ScenarioError, match="field 'a': must be a number"):
            check_number(doc, value, ("a",))


def test_field_counts_are_bounded() -> None:
    doc = load_located("n: 5000", file="f", kind=StationConfigError)
    with pytest.raises(StationConfigError, match="f, line 1, field 'n': must be at most 1,000"):
        Fields(doc, doc.data, ()).count("n", at_most=1000)


def test_an_output_folder_must_be_writable(tmp_path: Path) -> None:
    assert writable_folder(tmp_path / "a" / "b").is_dir()
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match=r"cannot write to .*file"):
        writable_folder(tmp_path / "file")


def test_refused_characters_are_those_yaml_does_not_allow() -> None:
    # YAML 1.1's printable set: tab, LF, CR, NEL, printable ASCII and the rest of Unicode but
    # surrogates, U+FFFE and U+FFFF; the reader refuses exactly the others
    allowed = re.compile("[\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                         "\U00010000-\U0010ffff]")
    refused = [c for c in map(chr, range(0x110000)) if _NON_PRINTABLE.match(c)]
    assert refused == [c for c in map(chr, range(0x110000)) if not allowed.match(c)]


def test_bundled_text_is_parsed_once_and_read_back_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import landbridge.userfile as userfile
    from landbridge.cache import CACHE_DIR_VARIABLE

    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path))
    text = "name: t\nsilos:\n  - {commodity: wheat, cells: 2, ratio: 0.1}\nb: 1\na: [x, 2]\n"
    first = load_located(text, file="one.yaml", kind=StationConfigError, bundled=True)
    assert len(list(tmp_path.glob("bundled-yaml-*.json"))) == 1

    def no_parsing(*_: object, **__: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(userfile, "_parse_located", no_parsing)
    again = load_located(text, file="two.yaml", kind=StationConfigError, bundled=True)
    assert (again.data, dict(again.lines), again.file, again.kind) == (
        first.data, dict(first.lines), "two.yaml", StationConfigError)
    assert list(again.data) == ["name", "silos", "b", "a"]  # the file's order, not sorted
    assert [type(v) for v in again.data["silos"][0].values()] == [str, int, float]


def test_bundled_text_json_cannot_hold_is_parsed_each_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from landbridge.cache import CACHE_DIR_VARIABLE

    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path))
    for text in ("when: 2024-01-31\n", "1: one\n"):  # a date; a key that is a number
        doc = load_located(text, file="s.yaml", bundled=True)
        assert doc.data == load_located(text, file="s.yaml", bundled=True).data
    assert list(tmp_path.glob("bundled-yaml-*.json")) == []


def test_a_damaged_entry_for_bundled_text_is_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from landbridge.cache import CACHE_DIR_VARIABLE

    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path))
    text = "name: t\nitems: [1, 2]\n"
    first = load_located(text, file="s.yaml", bundled=True)
    (entry,) = tmp_path.glob("bundled-yaml-*.json")
    key = json.loads(entry.read_text())["key"]
    for damage in ("{not json", json.dumps({"key": key, "data": {}, "lines": 3})):
        entry.write_text(damage)
        again = load_located(text, file="s.yaml", bundled=True)
        assert (again.data, dict(again.lines)) == (first.data, dict(first.lines))
        assert json.loads(entry.read_text())["key"] == key  # kept again, whole
