"""Data overlays: rows that replace or add to the bundled tables, checked like bundled rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from landbridge.cli import app
from landbridge.data import read_table
from landbridge.data.overlay import OVERLAY_ENV, TABLE_KEYS, read_overlay, row_key
from landbridge.errors import NetworkDataError
from landbridge.model.modes import Mode
from landbridge.network.load import TABLES, load_network

SOURCE = "estimate: a test overlay row"


def write_overlay(folder: Path, name: str, rows: list[dict[str, str]]) -> Path:
    folder.mkdir(exist_ok=True)
    columns = read_table(name).columns
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows({c: row.get(c, "") for c in columns} for row in rows)
    return folder


def speed_rows(country: str, km_per_day: str, source: str = SOURCE) -> list[dict[str, str]]:
    """Copies of the bundled 1520 mm Kazakh speed rows (one per service, if the table has
    services) for ``country`` with a new speed."""
    return [{**row, "country": country, "km_per_day": km_per_day, "source": source}
            for _, row in read_table("speeds.csv")
            if (row["mode"], row["country"]) == ("rail_1520", "KZ")]


def speed_row(country: str, km_per_day: str, source: str = SOURCE) -> dict[str, str]:
    return speed_rows(country, km_per_day, source)[0]


def test_every_table_declares_a_key_that_is_unique_in_the_bundled_data() -> None:
    assert set(TABLE_KEYS) == set(TABLES)
    for name in TABLES:
        table = read_table(name)
        keys = [row_key(table, row) for _, row in table]
        assert keys and all(keys), name
        assert len(set(keys)) == len(keys), f"{name}: TABLE_KEYS does not identify its rows"


def test_overlay_replaces_a_row_in_place_and_adds_new_ones(tmp_path: Path) -> None:
    folder = write_overlay(tmp_path / "mine", "speeds.csv",
                           [speed_row("KZ", "500"), speed_row("TM", "321")])
    bundled = load_network()
    mine = load_network(overlay=folder)
    assert len(mine.speeds) == len(bundled.speeds) + 1
    position = next(i for i, s in enumerate(bundled.speeds)
                    if (s.mode, s.country) == (Mode.RAIL_1520, "KZ"))
    assert mine.speeds[position].km_per_day == 500
    assert mine.speeds[position].source == SOURCE
    assert mine.speeds[-1].country == "TM"
    assert mine.speeds[-1].km_per_day == 321
    others = [s for i, s in enumerate(mine.speeds[:-1]) if i != position]
    assert others == [s for i, s in enumerate(bundled.speeds) if i != position]


def test_overlay_is_part_of_the_cache_key(tmp_path: Path) -> None:
    folder = write_overlay(tmp_path / "mine", "speeds.csv", [speed_row("KZ", "500")])
    assert load_network(overlay=folder) is load_network(overlay=folder)
    assert load_network(overlay=folder) is not load_network()


def test_an_edited_overlay_is_read_again(tmp_path: Path) -> None:
    folder = write_overlay(tmp_path / "mine", "speeds.csv", [speed_row("KZ", "500")])
    first = load_network(overlay=folder)
    write_overlay(folder, "speeds.csv", [speed_row("KZ", "600.5")])
    second = load_network(overlay=folder)
    assert {s.km_per_day for s in second.speeds} - {s.km_per_day for s in first.speeds} == {
        600.5}


def test_environment_variable_names_the_default_overlay(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_overlay(tmp_path / "mine", "speeds.csv", [speed_row("KZ", "500")])
    monkeypatch.setenv(OVERLAY_ENV, str(folder))
    assert load_network() is load_network(overlay=folder)


def test_bad_overlay_row_names_file_line_and_field(tmp_path: Path) -> None:
    folder = write_overlay(tmp_path / "mine", "speeds.csv",
                           [speed_row("KZ", "500"), speed_row("UZ", "fast"),
                            speed_row("KG", "300", source=""), speed_row("", "300")])
    with pytest.raises(NetworkDataError) as info:
        load_network(overlay=folder)
    messages = [str(p) for p in info.value.problems]
    path = str(folder / "speeds.csv")
    assert f"{path}, line 3, field 'km_per_day': 'fast' is not a number" in messages
    assert any(m.startswith(f"{path}, line 4, field 'source': is empty") for m in messages)
    assert f"{path}, line 5, field 'country': is empty" in messages


def test_overlay_structure_problems_are_all_reported(tmp_path: Path) -> None:
    folder = write_overlay(tmp_path / "mine", "speeds.csv",
                           [speed_row("KZ", "500"), speed_row("KZ", "510")])
    (folder / "speed.csv").write_text("mode,country\n", encoding="utf-8")
    (folder / "parameters.csv").write_text("key,value\nx,1\n", encoding="utf-8")
    with pytest.raises(NetworkDataError) as info:
        read_overlay(folder)
    messages = "\n".join(str(p) for p in info.value.problems)
    assert "speed.csv: not a landbridge table" in messages
    assert "parameters.csv, line 1, field 'source': is missing" in messages
    assert "speeds.csv, line 3: repeats the key of line 2 (rail_1520, KZ" in messages


def test_overlay_must_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(NetworkDataError, match="not a folder"):
        load_network(overlay=tmp_path / "nowhere")


runner = CliRunner()


def _route_days(*options: str) -> float:
    result = runner.invoke(app, [*options, "route", "Kostanay", "Lianyungang", "--cargo",
                                 "wheat", "--unit", "container", "--json"])
    assert result.exit_code == 0, result.output
    import json

    return float(json.loads(result.stdout)["routes"][0]["days"]["mean"])


def test_cli_data_overlay_applies_to_any_command(tmp_path: Path) -> None:
    folder = write_overlay(tmp_path / "mine", "speeds.csv", speed_rows("KZ", "2000"))
    assert _route_days("--data-overlay", str(folder)) < _route_days()


def test_cli_reads_the_overlay_from_the_environment(tmp_path: Path) -> None:
    folder = write_overlay(tmp_path / "mine", "speeds.csv", speed_rows("KZ", "2000"))
    plain = _route_days()
    result = runner.invoke(app, ["route", "Kostanay", "Lianyungang", "--cargo", "wheat",
                                 "--unit", "container", "--json"],
                           env={OVERLAY_ENV: str(folder)})
    assert result.exit_code == 0, result.output
    import json

    assert json.loads(result.stdout)["routes"][0]["days"]["mean"] < plain


def test_cli_bad_overlay_is_a_clear_error(tmp_path: Path) -> None:
    folder = write_overlay(tmp_path / "mine", "speeds.csv", [speed_row("KZ", "fast")])
    result = runner.invoke(app, ["--data-overlay", str(folder), "network", "info"])
    assert result.exit_code == 2
    assert "speeds.csv, line 2, field 'km_per_day'" in result.stderr


def test_overlay_adds_a_place_and_its_link_that_the_planner_uses(tmp_path: Path) -> None:
    """A forwarder's own terminal: a new place and the link to it, on top of the bundled data."""
    folder = write_overlay(tmp_path / "mine", "places.csv", [{
        "id": "KZ-MYTERMINAL", "name": "My Terminal", "kind": "city", "country": "KZ",
        "lat": "43.30", "lon": "77.00", "handles": "bulk;container", "roles": "origin;market",
        "source": SOURCE}])
    write_overlay(folder, "links.csv", [{"from": "KZALA", "to": "KZ-MYTERMINAL",
                                         "mode": "rail_1520", "distance_km": "12",
                                         "source": SOURCE}])
    from landbridge.planning.request import RouteRequest
    from landbridge.planning.routes import plan_routes

    mine = load_network(overlay=folder)
    plan = plan_routes(RouteRequest(origin="My Terminal", destination="Lianyungang",
                                    unit="container"), network=mine)
    assert plan.best.via[0].id == "KZ-MYTERMINAL"
    assert "KZ-MYTERMINAL" not in load_network().places


@given(base_keys=st.lists(st.sampled_from("abcdefgh"), unique=True),
       overlay_keys=st.lists(st.sampled_from("abcdefghij"), unique=True))
def test_merge_replaces_by_key_and_appends_the_rest(base_keys: list[str],
                                                    overlay_keys: list[str]) -> None:
    """Property: every key appears once; overlay rows win; bundled order is kept, new rows
    follow in the overlay's order; each row remembers its file."""
    from landbridge.data import Table
    from landbridge.data.overlay import apply_overlay

    columns = ("key", "value", "unit", "source", "note")
    base = Table("parameters.csv", columns, tuple(
        (i + 2, {"key": k, "value": "base", "unit": "", "source": "s", "note": ""})
        for i, k in enumerate(base_keys)))
    top = Table("parameters.csv", columns, tuple(
        (i + 2, {"key": k, "value": "mine", "unit": "", "source": "s", "note": ""})
        for i, k in enumerate(overlay_keys)), ("mine.csv",) * len(overlay_keys))
    merged = list(apply_overlay(base, top).located())
    keys = [row["key"] for _, _, row in merged]
    assert keys == base_keys + [k for k in overlay_keys if k not in base_keys]
    for file, _, row in merged:
        mine = row["key"] in overlay_keys
        assert row["value"] == ("mine" if mine else "base")
        assert file == ("mine.csv" if mine else "parameters.csv")


def test_a_cross_table_problem_names_the_overlay_file(tmp_path: Path) -> None:
    folder = write_overlay(tmp_path / "mine", "links.csv", [
        {"from": "KZALA", "to": "KZ-NOWHERE", "mode": "rail_1520", "distance_km": "12",
         "source": SOURCE}])
    with pytest.raises(NetworkDataError) as info:
        load_network(overlay=folder)
    (problem,) = info.value.problems
    assert problem.file == str(folder / "links.csv")
    assert (problem.line, problem.field) == (2, "to")
