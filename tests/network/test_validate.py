"""A broken table fails with the file, line and field; nothing else is affected."""

from __future__ import annotations

from pathlib import Path

import pytest

from landbridge.errors import NetworkDataError
from landbridge.network.load import check_network, load_network
from tests.conftest import EditRow


def _first(rows: list[dict[str, str]], **match: str) -> dict[str, str]:
    return next(r for r in rows if all(r[k] == v for k, v in match.items()))


def test_copy_of_bundled_data_is_clean(data_copy: Path) -> None:
    assert check_network(data_copy) == []


def test_missing_source_is_reported_with_line_and_field(
    data_copy: Path, edit_table: EditRow
) -> None:
    edit_table("links.csv", lambda rows: rows[4].update(source=""))
    problems = check_network(data_copy)
    assert [(p.file, p.line, p.field) for p in problems] == [("links.csv", 6, "source")]
    with pytest.raises(NetworkDataError, match=r"links.csv, line 6, field 'source'"):
        load_network(data_copy)


def test_estimate_without_basis_is_rejected(data_copy: Path, edit_table: EditRow) -> None:
    edit_table("places.csv", lambda rows: rows[0].update(source="estimate"))
    (problem,) = check_network(data_copy)
    assert (problem.file, problem.line, problem.field) == ("places.csv", 2, "source")


def test_unknown_reference(data_copy: Path, edit_table: EditRow) -> None:
    edit_table("links.csv", lambda rows: rows[0].update(to="KZ-NOWHERE"))
    problems = check_network(data_copy)
    assert any(p.field == "to" and "KZ-NOWHERE" in p.message for p in problems)


def test_duplicate_place_id(data_copy: Path, edit_table: EditRow) -> None:
    def duplicate(rows: list[dict[str, str]]) -> None:
        rows.append(dict(rows[0]))

    count = edit_table("places.csv", duplicate)
    problems = check_network(data_copy)
    assert any(p.line == count + 1 and "duplicate id" in p.message for p in problems)


def test_negative_distance(data_copy: Path, edit_table: EditRow) -> None:
    edit_table("links.csv", lambda rows: rows[2].update(distance_km="-5"))
    (problem,) = check_network(data_copy)
    assert (problem.line, problem.field) == (4, "distance_km")
    assert "below the minimum" in problem.message


def test_rail_shorter_than_great_circle(data_copy: Path, edit_table: EditRow) -> None:
    edit_table("links.csv", lambda rows: rows[0].update(distance_km="10"))
    (problem,) = check_network(data_copy)
    assert "shorter than the great circle" in problem.message


def test_implausibly_long_link_needs_a_note(data_copy: Path, edit_table: EditRow) -> None:
    def stretch(rows: list[dict[str, str]]) -> None:
        rows[0].update(distance_km=str(float(rows[0]["distance_km"]) * 3), note="")

    edit_table("links.csv", stretch)
    (problem,) = check_network(data_copy)
    assert "more than twice the great circle" in problem.message


def test_unknown_mode(data_copy: Path, edit_table: EditRow) -> None:
    edit_table("links.csv", lambda rows: rows[0].update(mode="hyperloop"))
    (problem,) = check_network(data_copy)
    assert problem.field == "mode" and "hyperloop" in problem.message


def test_origin_that_no_cargo_can_leave(data_copy: Path, edit_table: EditRow) -> None:
    edit_table("places.csv", lambda rows: _first(rows, name="Kostanay").update(handles=""))
    (problem,) = check_network(data_copy)
    assert problem.field == "handles" and "origin" in problem.message


def test_origin_cut_off_from_every_market(data_copy: Path, edit_table: EditRow) -> None:
    bishkek = load_network().place("Bishkek").id

    def isolate(rows: list[dict[str, str]]) -> None:
        rows[:] = [r for r in rows if bishkek not in (r["from"], r["to"])]

    edit_table("links.csv", isolate)
    problems = check_network(data_copy)
    assert any("Bishkek" in p.message for p in problems)
