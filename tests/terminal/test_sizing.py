"""The one-parameter sweep: variants are built right, and the bottleneck moves."""

from __future__ import annotations

import pytest

from landbridge.errors import InvalidOptionError, StationConfigError
from landbridge.terminal import Stage, load_station, sweep
from landbridge.terminal.sizing import SizingParameter, with_parameter

from .conftest import berth_bound, to_station


def test_with_parameter_changes_only_the_target() -> None:
    station = load_station()
    assert with_parameter(station, "unloading_positions", 3).unloading[0].positions == 3
    assert with_parameter(station, "unloading_positions", 4,
                          target="container tracks").unloading[1].positions == 4
    bigger = with_parameter(station, SizingParameter.SILO_CAPACITY, 204_000)
    assert bigger.silos[0].cells == 20 and bigger.silos[0].capacity_t == 200_000
    smaller = with_parameter(station, "silo_capacity", 80_000)
    assert smaller.silos[0].initial_t <= smaller.silos[0].capacity_t
    assert with_parameter(station, "yard_slots", 2000).container_yard.slots_teu == 2000
    assert station.berths[0].count == 1  # the original is untouched


@pytest.mark.parametrize(("parameter", "value", "target", "words"), [
    ("berths", 1.5, None, "whole number"),
    ("berths", 0, None, "must be > 0"),
    ("berths", 2, "pier 9", "unknown berth group 'pier 9'"),
    ("cranes", 2, None, "unknown sizing parameter 'cranes'"),
    ("silo_capacity", 3, "barley", "unknown silo commodity 'barley'"),
])
def test_bad_sizing_requests(parameter: str, value: float, target: str | None,
                             words: str) -> None:
    with pytest.raises(InvalidOptionError, match=words):
        with_parameter(load_station(), parameter, value, target=target)


def test_a_variant_that_breaks_the_station_names_the_field() -> None:
    # 1,000 t rounds to one 10,000 t cell: too small for a handysize parcel
    with pytest.raises(StationConfigError, match=r"ships\[0\]\.min_parcel_t.*more than the "
                       r"store holds \(10,000\)"):
        with_parameter(load_station(), "silo_capacity", 1000)


def test_bottleneck_moves_from_the_berth_to_the_cargo() -> None:
    # rail brings more than one slow berth can load; with three berths, ships wait for trains
    data = berth_bound()
    result = sweep(to_station(data), "berths", [1, 3], days=180, replications=3, seed=0)
    assert [row.value for row in result.rows] == [1, 3]
    assert [row.report.bottleneck for row in result.rows] == [Stage.BERTH, Stage.CARGO]
    one, three = (row.report for row in result.rows)
    assert three.throughput_t_per_year.mean > one.throughput_t_per_year.mean
    payload = result.to_dict()
    assert payload["parameter"] == "berths" and payload["target"] == "quay"
    assert [r["bottleneck"] for r in payload["rows"]] == ["berth", "cargo"]


def test_sweep_uses_the_same_traffic_for_every_value() -> None:
    result = sweep(load_station(), "unloading_positions", [2, 3], days=60, replications=2)
    a, b = (row.report for row in result.rows)
    assert a.trains[0].trains_per_year.mean == b.trains[0].trains_per_year.mean
    assert b.trains[0].wait_h.mean <= a.trains[0].wait_h.mean
