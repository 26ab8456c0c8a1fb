"""The command line: readable by default, JSON on request, clear errors, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landbridge.cli import _app_for, app

from .conftest import EditRow

runner = CliRunner()


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("places", "network"):
        assert command in result.output


@pytest.mark.parametrize("argv", [
    ["simulate", "--help"], ["simulate", "--days", "x"], ["simulate", "--bogus"],
    ["route", "--help"], ["route"], ["places", "--json", "--search", "Kostanai"], ["simulat"],
    ["--help"], ["network", "--help"], ["--data-overlay", "/nonexistent", "simulate"]])
def test_a_command_built_alone_reads_as_in_the_whole_app(argv: list[str]) -> None:
    whole, alone = runner.invoke(app, argv), runner.invoke(_app_for(argv), argv)
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
    assert (_app_for(argv) is app) == (argv[0] not in ("simulate", "route", "places"))


def test_places_json_finds_old_names() -> None:
    result = runner.invoke(app, ["places", "Alma-Ata", "--json"])
    assert result.exit_code == 0
    names = [p["name"] for p in json.loads(result.stdout)["places"]]
    assert names[0] == "Almaty"


def test_places_table_lists_origins() -> None:
    result = runner.invoke(app, ["places", "--role", "origin"])
    assert result.exit_code == 0
    assert "Kostanay" in result.output


def test_places_search_offers_close_names() -> None:
    result = runner.invoke(app, ["places", "Kostanaj", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["places"][0]["name"] == "Kostanay"


def test_places_with_nothing_close_is_a_clear_error() -> None:
    result = runner.invoke(app, ["places", "Zzyzx"])
    assert result.exit_code == 2
    assert "unknown place 'Zzyzx'" in result.stderr
    assert "Traceback" not in result.output


def test_bad_role_is_a_clear_error() -> None:
    result = runner.invoke(app, ["places", "--role", "buyer"])
    assert result.exit_code == 2
    assert "unknown role 'buyer'" in result.stderr


def test_network_check_passes_on_bundled_data() -> None:
    result = runner.invoke(app, ["network", "check"])
    assert result.exit_code == 0, result.output
    assert "network check passed" in result.stdout


def test_network_check_fails_on_a_broken_row(data_copy: Path, edit_table: EditRow) -> None:
    edit_table("places.csv", lambda rows: rows[2].update(lat="north"))
    result = runner.invoke(app, ["network", "check", "--data", str(data_copy)])
    assert result.exit_code == 1
    assert "places.csv, line 4, field 'lat': 'north' is not a number" in result.stderr


def test_network_info_json_counts(network) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["network", "info", "--json"])
    assert result.exit_code == 0
    info = json.loads(result.stdout)
    assert info["places"] == len(network.places)
    assert sum(info["links_by_mode"].values()) == len(network.links)


def test_network_export_geojson(tmp_path: Path) -> None:
    target = tmp_path / "net.geojson"
    result = runner.invoke(app, ["network", "export", "--geojson", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text())["type"] == "FeatureCollection"


def test_network_export_needs_a_target() -> None:
    result = runner.invoke(app, ["network", "export"])
    assert result.exit_code != 0
    assert "--geojson" in result.output


def test_each_command_is_found_in_the_module_that_registers_it() -> None:
    from landbridge.cli import _COMMANDS, _name

    homes = {_name(c): c.callback.__module__.rsplit(".", 1)[1]
             for c in app.registered_commands if c.callback is not None}
    assert homes == _COMMANDS
    assert [_name(c) for c in app.registered_commands] == list(_COMMANDS)  # the --help order
