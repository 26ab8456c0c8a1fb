"""Reading a station: the default is valid and documented; each bad field gets a clear error."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from landbridge.errors import DataError, LandbridgeError, StationConfigError
from landbridge.terminal import Handles, ShipClass, load_station, parse_station

from .conftest import small_dict, to_station

DEFAULT = resources.files("landbridge.terminal").joinpath("default_station.yaml")


def test_default_station_is_a_5_mt_grain_station() -> None:
    station = load_station()
    bulk_t = sum(t.wagons * t.load_per_wagon * t.arrivals.mean_per_year for t in station.trains
                 if t.kind.handles is Handles.BULK)
    box_t = sum(t.wagons * t.load_per_wagon * t.arrivals.mean_per_year for t in station.trains
                if t.kind.handles is Handles.CONTAINER) * station.container_yard.tonnes_per_teu
    assert 4.5e6 < bulk_t + box_t < 5.5e6
    assert {s.ship_class for s in station.ships} == set(ShipClass)
    assert station.source == "default_station.yaml"


def test_every_number_in_the_default_carries_a_comment() -> None:
    """A number has a comment on its line, or sits in a block that a comment heads."""
    lines = DEFAULT.read_text("utf-8").splitlines()
    number = re.compile(r":\s*\[?-?\d")
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#") or not number.search(line) or "#" in line:
            continue
        j = i - 1
        while j >= 0 and number.search(lines[j]) and not lines[j].lstrip().startswith("#"):
            if "#" in lines[j]:
                break
            j -= 1
        above = lines[j] if j >= 0 else ""
        assert "#" in above, f"default_station.yaml line {i + 1} has no source: {line.strip()}"


def test_parse_round_trip_of_a_small_station() -> None:
    station = to_station(small_dict())
    assert station.silo("wheat").capacity_t == 40_000
    assert station.trains[0].unloading == "pits"  # the only bulk group, chosen for it
    assert station.ships[1].berth == "box quay"
    assert station.ships[0].min_parcel == 30_000  # defaults to the parcel
    assert station.ships[1].allowed_hours == 24
    assert station.ships[0].allowed_hours == pytest.approx(30_000 / 8000 * 24)


def change(path: str, value: Any) -> dict[str, Any]:
    """The small station with the field at ``path`` (``a.0.b``) set, or removed if ``...``."""
    data = small_dict()
    *parents, last = path.split(".")
    node: Any = data
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is ...:
        del node[last]
    else:
        node[int(last) if isinstance(node, list) else last] = value
    return data


@pytest.mark.parametrize(("path", "value", "field", "words"), [
    ("unloading.0.rate_t_per_hour", -1000, "unloading[0].rate_t_per_hour", "must be > 0"),
    ("berths.0.rate_t_per_hour", 0, "berths[0].rate_t_per_hour", "must be > 0"),
    ("silos.0.cell_capacity_t", 50, "silos[0].cell_capacity_t",
     "smaller than one wagon of wheat (70 t"),
    ("silos.0.cell_capacity_t", 600, "silos[0].cells", "2,400 t of cells cannot take one train"),
    ("trains.0.commodity", "wheet", "trains[0].commodity",
     "unknown commodity 'wheet'; did you mean 'wheat'?"),
    ("silos.0.commodity", "soybeans", "silos[0].commodity", "unknown commodity 'soybeans'"),
    ("trains.0.commodity", "barley", "trains[0].commodity", "no silo cells hold 'barley'"),
    ("trains.0.wagons", 2.5, "trains[0].wagons", "whole number"),
    ("trains.0.tonnes_per_wagon", "heavy", "trains[0].tonnes_per_wagon", "not a number"),
    ("trains.0.kind", "tanker", "trains[0].kind", "unknown train kind 'tanker'"),
    ("trains.0.arrivals.pattern", "poisson", "trains[0].arrivals.pattern",
     "choose one of: random, timetable"),
    ("trains.0.arrivals.per_year", ..., "trains[0].arrivals.per_year", "is missing"),
    ("trains.0.arrivals.seasonal", [1, 2, 3], "trains[0].arrivals.seasonal", "12 monthly"),
    ("trains.0.arrivals.seasonal", [1] * 11 + [-1], "trains[0].arrivals.seasonal[11]",
     "not a factor from 0 to 100"),
    ("trains.0.unloading", "dock", "trains[0].unloading", "no unloading group named 'dock'"),
    ("trains.1.unloading", "pits", "trains[1].unloading", "handles bulk, not container"),
    ("ships.0.class", "capesize", "ships[0].class", "unknown ship class 'capesize'"),
    ("ships.0.parcel_t", ..., "ships[0].parcel_t", "is missing"),
    ("ships.1.parcel_teu", ..., "ships[1].parcel_teu", "is missing"),
    ("ships.0.min_parcel_t", 90_000, "ships[0].min_parcel_t", "at most 30000"),
    ("ships.0.berth", "box quay", "ships[0].berth", "handles container, not bulk"),
    ("mill", {"input": "wheat", "output": "flour", "rate_t_per_hour": 10, "yield": 1.5},
     "mill.yield", "at most 1"),
    ("container_yard.initial_teu", {"wheat": 900}, "container_yard.initial_teu",
     "more boxes than slots"),
])
def test_bad_field_is_named(path: str, value: Any, field: str, words: str) -> None:
    with pytest.raises(StationConfigError) as caught:
        to_station(change(path, value), file="bad.yaml")
    message = str(caught.value)
    assert message.startswith("bad.yaml, line "), message
    assert f"field '{field}'" in message, message
    assert words in message, message
    assert caught.value.problem.field == field


def test_min_parcel_larger_than_the_store_is_refused() -> None:
    data = change("ships.0.parcel_t", 60_000)
    data["ships"][0]["min_parcel_t"] = 50_000
    with pytest.raises(StationConfigError, match=r"ships\[0\]\.min_parcel_t.*more than the store"):
        to_station(data)


def test_wrong_unit_key_says_which_to_use() -> None:
    data = small_dict()
    data["berths"][1]["rate_t_per_hour"] = data["berths"][1].pop("rate_teu_per_hour")
    with pytest.raises(StationConfigError, match="give 'rate_teu_per_hour' instead"):
        to_station(data)


def test_unknown_field_suggests_the_closest() -> None:
    data = small_dict()
    data["silo"] = data.pop("silos")
    with pytest.raises(StationConfigError, match=r"field 'silo': unknown field; did you mean "
                       r"'silos'\?"):
        to_station(data)


def test_yaml_syntax_error_names_the_line() -> None:
    text = "name: x\nsilos: [\n  {commodity: wheat, cells: 3}\n  {commodity: barley}\n]\n"
    with pytest.raises(StationConfigError, match=r"^s\.yaml, line 4: not valid YAML"):
        parse_station(text, file="s.yaml")


def test_line_numbers_point_at_the_field() -> None:
    text = DEFAULT.read_text("utf-8").replace("tonnes_per_wagon: 70", "tonnes_per_wagon: -70")
    line = 1 + text.splitlines().index(next(x for x in text.splitlines() if "-70" in x))
    with pytest.raises(StationConfigError, match=rf"line {line}, field 'trains\[0\]"
                       r"\.tonnes_per_wagon': must be > 0; got -70"):
        parse_station(text, file="default_station.yaml")


def test_empty_station_and_missing_file() -> None:
    with pytest.raises(StationConfigError, match="at least one entry under 'trains' or 'ships'"):
        parse_station("name: nothing\n")
    with pytest.raises(StationConfigError, match="must be a mapping"):
        parse_station("- just a list\n")
    with pytest.raises(StationConfigError, match="cannot read it"):
        load_station(Path("/nonexistent/station.yaml"))


def test_errors_belong_to_the_hierarchy() -> None:
    with pytest.raises(StationConfigError) as caught:
        to_station(change("trains.0.wagons", -3))
    assert isinstance(caught.value, DataError | LandbridgeError)
    assert isinstance(caught.value, ValueError)


def test_replace_checks_again() -> None:
    station = to_station(small_dict())
    silo = station.silos[0]
    import dataclasses

    with pytest.raises(StationConfigError, match="smaller than one wagon"):
        station.replace(silos=(dataclasses.replace(silo, cell_capacity_t=10),))


def test_numbers_written_as_text_are_read() -> None:
    station = to_station(change("silos.0.cell_capacity_t", "1.0e4"))
    assert station.silos[0].cell_capacity_t == 10_000
