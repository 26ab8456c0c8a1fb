"""Tables found sound are not checked across again until they (or the checks) change."""

from __future__ import annotations

from pathlib import Path

import pytest

from landbridge.cache import CACHE_DIR_VARIABLE
from landbridge.errors import Problem
from landbridge.network import validate
from landbridge.network.load import _checked, parse_tables
from tests.conftest import EditRow


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = validate.cross_check

    def counted(parsed):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(parsed)

    monkeypatch.setattr(validate, "cross_check", counted)
    return calls


def test_sound_tables_are_checked_once(data_copy: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    calls = _count_checks(monkeypatch)
    assert _checked(parse_tables(data_copy), data_copy) == []
    assert _checked(parse_tables(data_copy), data_copy) == []
    assert len(calls) == 1
    assert len(list((tmp_path / "cache").glob("tables-sound-*.json"))) == 1


def test_a_changed_table_is_checked_again(data_copy: Path, tmp_path: Path,
                                          edit_table: EditRow,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    calls = _count_checks(monkeypatch)
    assert _checked(parse_tables(data_copy), data_copy) == []

    def duplicate_first_link(rows: list[dict[str, str]]) -> None:
        rows.append(dict(rows[0]))

    edit_table("links.csv", duplicate_first_link)
    problems = _checked(parse_tables(data_copy), data_copy)
    assert len(calls) == 2
    assert any("duplicate" in p.message for p in problems)
    # tables with problems leave no verdict, so they are checked every time
    assert _checked(parse_tables(data_copy), data_copy) == problems
    assert len(calls) == 3


def test_a_forged_verdict_for_other_tables_is_not_trusted(
        data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(cache))
    assert _checked(parse_tables(data_copy), data_copy) == []
    (entry,) = cache.glob("tables-sound-*.json")
    entry.write_text('{"sound": "another hash"}', encoding="utf-8")
    monkeypatch.setattr(validate, "cross_check",
                        lambda _parsed: [Problem("places.csv", 1, "id", "checked")])
    assert [p.message for p in _checked(parse_tables(data_copy), data_copy)] == ["checked"]
