"""The station model: conservation of tonnes, determinism, capacities and operating policies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landbridge.errors import InvalidOptionError
from landbridge.terminal import (
    ArrivalPattern,
    Arrivals,
    Run,
    load_station,
    parse_station,
    port_dwell,
    run_once,
    simulate,
)
from landbridge.terminal.model import MIN_ARRIVALS_TO_FORK, arrival_times, expected_arrivals

from .conftest import small_dict, to_station


def check_invariants(run: Run) -> None:
    """What every run must satisfy: mass balance, stores within capacity, sane times."""
    b = run.balance
    assert abs(b.error_t) <= 1e-6 * max(1.0, b.initial_t + b.unloaded_t)
    assert min(b.unloaded_t, b.loaded_t, b.stock_t, b.byproduct_t, b.in_process_t) >= 0
    for store in run.stores:
        assert store.peak_t <= store.capacity_t * (1 + 1e-9)
        assert np.all(store.daily_t <= store.capacity_t * (1 + 1e-9))
        assert np.all(store.daily_t >= -1e-6)
        assert 0 <= store.full_share <= 1
    for group in run.resources:
        assert 0 <= group.utilisation <= 1 + 1e-9
        assert group.queue_mean >= 0
    for t in run.trains:
        assert np.all(t.held_h >= 0) and np.all(t.wait_h >= 0)
        assert np.all(t.turnaround_h > 0)
    for s in run.ships:
        assert np.all(s.port_h >= 0) and np.all(s.wait_cargo_h >= 0)
        assert s.part_loaded <= s.arrived


def test_default_station_conserves_tonnes() -> None:
    run = run_once(load_station(), days=365, seed=0)
    check_invariants(run)
    b = run.balance
    assert b.unloaded_t > 4e6 and b.loaded_t > 4e6  # a ~5 Mt/yr station moves its cargo
    assert b.initial_t + b.unloaded_t == pytest.approx(b.loaded_t + b.stock_t, rel=1e-12)


def test_same_seed_gives_the_same_run() -> None:
    station = load_station()
    a = simulate(station, days=120, replications=3, seed=11)
    b = simulate(station, days=120, replications=3, seed=11)
    assert a.to_dict() == b.to_dict()
    assert np.array_equal(a.series_trains_waiting, b.series_trains_waiting)
    for name, series in a.series_stores.items():
        assert np.array_equal(series, b.series_stores[name])
    c = simulate(station, days=120, replications=3, seed=12)
    assert c.to_dict() != a.to_dict()


def test_replications_differ_and_runs_repeat() -> None:
    station = load_station()
    one = run_once(station, days=90, seed=5, replication=0)
    two = run_once(station, days=90, seed=5, replication=1)
    again = run_once(station, days=90, seed=5, replication=0)
    assert one.balance.loaded_t != two.balance.loaded_t
    assert one.balance == again.balance
    assert np.array_equal(one.trains[0].turnaround_h, again.trains[0].turnaround_h)


def with_mill(output_to: str) -> dict[str, Any]:
    data = small_dict()
    data["mill"] = {"input": "wheat", "output": "flour", "rate_t_per_hour": 20, "yield": 0.75,
                    "output_to": output_to, "batch_hours": 12}
    if output_to == "silo":
        data["silos"].append({"commodity": "flour", "cells": 2, "cell_capacity_t": 5000})
        data["ships"].append({"class": "handysize", "commodity": "flour", "parcel_t": 5000,
                              "arrivals": {"pattern": "random", "per_year": 20}})
    else:
        data["ships"].append({"class": "feeder", "commodity": "flour", "parcel_teu": 100,
                              "arrivals": {"pattern": "timetable", "every_hours": 120},
                              "sail_after_days": 2})
    return data


@pytest.mark.parametrize("output_to", ["yard", "silo"])
def test_mill_turns_wheat_into_flour_and_bran(output_to: str) -> None:
    station = to_station(with_mill(output_to))
    run = run_once(station, days=200, seed=2)
    check_invariants(run)
    b = run.balance
    assert b.byproduct_t > 0
    flour = next(s for s in run.ships if s.commodity == "flour")
    assert flour.loaded_t > 0
    milled = b.byproduct_t / 0.25  # in process at the end is counted apart
    assert flour.loaded_t <= 0.75 * milled + 1e-6


def test_trains_are_held_while_the_silo_is_full() -> None:
    data = small_dict()
    data["ships"][0]["arrivals"] = {"pattern": "timetable", "every_hours": 400,
                                    "first_hour": 300}
    run = run_once(to_station(data), days=120, seed=1)
    check_invariants(run)
    hoppers = run.trains[0]
    assert hoppers.held_h.max() > 24  # trains wait for room while ships are scarce
    assert hoppers.diverted == 0
    assert run.stores[0].full_share > 0.2


def test_trains_are_diverted_after_max_hold() -> None:
    data = small_dict()
    data["ships"][0]["arrivals"] = {"pattern": "timetable", "every_hours": 400,
                                    "first_hour": 300}
    data["trains"][0]["max_hold_hours"] = 6
    run = run_once(to_station(data), days=120, seed=1)
    check_invariants(run)
    hoppers = run.trains[0]
    assert hoppers.diverted > 0
    assert hoppers.diverted_t == pytest.approx(hoppers.diverted * 40 * 70)
    assert hoppers.held_h.max() <= 6 + 1e-9


def test_ship_sails_part_loaded_after_its_deadline() -> None:
    station = parse_station("""
silos: [{commodity: wheat, cells: 1, cell_capacity_t: 50000, initial_t: 20000}]
berths: [{name: quay, handles: bulk, count: 1, rate_t_per_hour: 1000}]
ships:
  - {class: supramax, commodity: wheat, parcel_t: 50000, min_parcel_t: 30000,
     sail_after_days: 3, laytime_hours: 0, demurrage_usd_per_day: 24000,
     arrivals: {pattern: timetable, every_hours: 1000, first_hour: 10}}
""")
    run = run_once(station, days=30, seed=0)
    check_invariants(run)
    (ship,) = run.ships
    assert ship.arrived == 1 and ship.part_loaded == 1
    assert ship.loaded_t == pytest.approx(20_000)  # all there was
    # waits at anchorage until the deadline (72 h), then loads 20 h and sails
    assert ship.wait_cargo_h[0] == pytest.approx(72)
    assert ship.port_h[0] == pytest.approx(92)
    assert ship.demurrage_usd == pytest.approx(92 * 1000)  # no laytime, USD 1,000 an hour


def test_ship_waits_for_its_parcel_without_a_deadline() -> None:
    station = parse_station("""
silos: [{commodity: wheat, cells: 1, cell_capacity_t: 50000, initial_t: 20000}]
berths: [{name: quay, handles: bulk, count: 1, rate_t_per_hour: 1000}]
ships:
  - {class: supramax, commodity: wheat, parcel_t: 50000,
     arrivals: {pattern: timetable, every_hours: 1000, first_hour: 10}}
""")
    run = run_once(station, days=30, seed=0)
    (ship,) = run.ships
    assert ship.arrived == 1 and ship.port_h.size == 0 and ship.wait_cargo_h.size == 0
    assert run.balance.loaded_t == 0 and run.balance.stock_t == 20_000


def test_dwell_runs_from_train_arrival_to_ship_sailing() -> None:
    station = parse_station("""
silos: [{commodity: wheat, cells: 1, cell_capacity_t: 5000}]
unloading: [{name: pit, handles: bulk, positions: 1, rate_t_per_hour: 1000}]
berths: [{name: quay, handles: bulk, count: 1, rate_t_per_hour: 500}]
trains:
  - {kind: hopper, commodity: wheat, wagons: 10, tonnes_per_wagon: 100,
     arrivals: {pattern: timetable, every_hours: 1000}}
ships:
  - {class: handysize, commodity: wheat, parcel_t: 1000,
     arrivals: {pattern: timetable, every_hours: 1000, first_hour: 100}}
""")
    report = simulate(station, days=20, replications=2)
    # the train arrives at 0 h; the ship berths at 100 h, loads 1,000 t at 500 t/h, sails 102 h
    assert port_dwell(report) == pytest.approx((102.0, 102.0))
    assert report.trains[0].turnaround_h.mean == pytest.approx(1.0)


def test_laytime_and_wagon_free_time_price_the_delays() -> None:
    run = run_once(to_station(small_dict()), days=200, seed=3)
    hoppers = run.trains[0]
    hire_h = 40 * 40 / 24  # 40 wagons at USD 40 a day
    expected = sum(max(0.0, t - 12) * hire_h for t in hoppers.turnaround_h)
    assert hoppers.wagon_demurrage_usd == pytest.approx(expected)
    ship = run.ships[0]
    laytime_h = 30_000 / 8000 * 24
    assert ship.demurrage_usd == pytest.approx(
        sum(max(0.0, p - laytime_h) * 500 for p in ship.port_h))


def test_random_arrivals_follow_the_seasonal_profile() -> None:
    profile = (2.0, 1, 1, 1, 1, 1, 0.5, 1, 1, 1, 1, 1)
    arrivals = Arrivals(pattern=ArrivalPattern.RANDOM, per_year=50_000, seasonal=profile)
    times = arrival_times(arrivals, 8760.0, 1, np.random.default_rng(0))
    january = np.mean(times < 31 * 24) / (31 / 365)
    july = np.mean((times >= 181 * 24) & (times < 212 * 24)) / (31 / 365)
    assert times.size == pytest.approx(50_000, rel=0.02)
    assert january / july == pytest.approx(4.0, rel=0.1)
    # starting in July shifts the profile by six months
    shifted = arrival_times(arrivals, 31 * 24.0, 7, np.random.default_rng(0))
    assert shifted.size == pytest.approx(50_000 * 0.5 / 0.99 * 31 / 365, rel=0.1)


def test_seasonal_timetable_keeps_its_yearly_count() -> None:
    profile = (1.5,) * 6 + (0.5,) * 6
    arrivals = Arrivals(pattern=ArrivalPattern.TIMETABLE, every_hours=24.0, seasonal=profile)
    times = arrival_times(arrivals, 8760.0, 1, np.random.default_rng(0))
    assert times.size == pytest.approx(365, abs=1)
    gaps = np.diff(times)
    assert gaps[10] == pytest.approx(24 / 1.5, rel=0.01)  # busy half: every 16 h
    assert gaps[-10] == pytest.approx(24 / 0.5, rel=0.01)  # slack half: every 48 h


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), cells=st.integers(3, 12),
       ships_per_year=st.floats(5, 60), cv=st.floats(0, 1.5), hold=st.sampled_from([None, 0, 12]))
def test_any_small_station_conserves_mass(seed: int, cells: int, ships_per_year: float,
                                          cv: float, hold: float | None) -> None:
    data = small_dict()
    data["silos"][0]["cells"] = cells
    data["ships"][0]["arrivals"]["per_year"] = ships_per_year
    data["berths"][0]["rate_cv"] = cv
    if hold is not None:
        data["trains"][0]["max_hold_hours"] = hold
    check_invariants(run_once(to_station(data), days=90, seed=seed))


def test_a_seeded_run_gives_the_recorded_answer() -> None:
    # recorded before the speed work on the model (issue 14): a faster model answers the same
    golden = json.loads((Path(__file__).parent / "golden_station.json").read_text())
    report = simulate(load_station(), days=90, replications=3, seed=5, warmup_days=10)
    assert json.loads(json.dumps(report.to_dict())) == golden


@pytest.mark.parametrize("processes", [2, 3])
def test_replications_shared_among_processes_give_the_same_report(processes: int) -> None:
    station = load_station()
    assert expected_arrivals(station, days=120, replications=4) >= MIN_ARRIVALS_TO_FORK
    serial = simulate(station, days=120, replications=4, seed=5, warmup_days=10)
    shared = simulate(station, days=120, replications=4, seed=5, warmup_days=10,
                      processes=processes)
    assert json.dumps(shared.to_dict()) == json.dumps(serial.to_dict())
    assert np.array_equal(shared.series_trains_waiting, serial.series_trains_waiting)
    for name, series in serial.series_stores.items():
        assert np.array_equal(shared.series_stores[name], series)


def test_processes_below_one_are_refused() -> None:
    with pytest.raises(InvalidOptionError, match="processes must be at least 1"):
        simulate(load_station(), days=30, replications=2, processes=0)


def coinciding_station(variant: int) -> dict[str, Any]:
    """The small station on whole-hour timetables with constant rates, so that arrivals, the
    ends of unloading, ships' deadlines and the daily count fall on the same instants; variant
    1 is congested enough to hold and divert trains."""
    data = small_dict()
    for group in (*data["unloading"], *data["berths"]):
        group["rate_cv"] = 0
    data["unloading"][0]["setup_hours"] = 1
    data["unloading"][1].update({"setup_hours": 1, "rate_teu_per_hour": 60})
    data["trains"][0]["tonnes_per_wagon"] = 75  # 3,000 t at 1,000 t/h: 1 + 3 = 4 h at a pit
    data["trains"][0]["arrivals"] = {"pattern": "timetable", "every_hours": 3}
    data["trains"][1]["arrivals"] = {"pattern": "timetable", "every_hours": 12}
    data["ships"][0]["arrivals"] = {"pattern": "timetable", "every_hours": 24}
    data["ships"][0]["sail_after_days"] = 2
    data["ships"][1]["arrivals"] = {"pattern": "timetable", "every_hours": 24}
    if variant == 1:
        data["silos"][0]["cells"] = 3
        data["trains"][0]["max_hold_hours"] = 12
    return data


@pytest.mark.parametrize("variant", [0, 1])
def test_coinciding_events_give_the_recorded_answer(variant: int) -> None:
    # recorded with the model before the speed work (issue 14), which took every request,
    # release and train as a SimPy event or process: whatever happens at one instant happens
    # in the same order without them
    golden = json.loads((Path(__file__).parent / "golden_coinciding.json").read_text())
    report = simulate(to_station(coinciding_station(variant)), days=120, replications=2,
                      seed=variant)
    assert report.to_dict()["trains"][0]["wait_h"]["mean"] > 1  # trains queue at the pits
    assert json.loads(json.dumps(report.to_dict())) == golden[variant]
