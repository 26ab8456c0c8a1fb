"""The station's mill on its own working hours: it starts a batch only when the batch ends
within the window; the report gives flour out (= milled x yield) and how busy it was; milling
draws the wheat silo down, and the ships that load wheat wait longer for their cargo."""

from __future__ import annotations

from typing import Any

import pytest

from landbridge.errors import StationConfigError
from landbridge.terminal import parse_station, simulate
from landbridge.terminal.model import run_once

from .conftest import small_dict
from .test_model import check_invariants, to_station, with_mill


def shifted(hours: float, start: float = 6.0) -> dict[str, Any]:
    data = with_mill("yard")
    data["mill"].update({"batch_hours": 8, "hours_per_day": hours, "start_hour": start})
    return data


def test_batches_start_and_end_inside_the_working_hours() -> None:
    station = to_station(shifted(16))
    run = run_once(station, days=60, seed=3)
    check_invariants(run)
    assert run.mill is not None and run.mill.milled_t > 0
    assert run.mill.busy_h <= run.mill.open_h + 1e-9
    assert run.mill.output_t == pytest.approx(0.75 * run.mill.milled_t)


def test_fewer_hours_mill_less() -> None:
    day = run_once(to_station(shifted(24, 0)), days=120, seed=4)
    shift = run_once(to_station(shifted(8)), days=120, seed=4)
    assert day.mill is not None and shift.mill is not None
    assert shift.mill.milled_t < day.mill.milled_t
    # one 8-hour batch a day at most: 20 t/h x 8 h x 120 days
    assert shift.mill.milled_t <= 20 * 8 * 120 + 1e-6


def test_report_gives_flour_out_and_milling_draws_the_silo_down() -> None:
    without = simulate(to_station(small_dict()), days=120, replications=3, seed=9)
    with_it = simulate(to_station(shifted(16)), days=120, replications=3, seed=9)
    assert without.mill is None and "mill" not in without.to_dict()
    m = with_it.mill
    assert m is not None
    assert m.output_t_per_year.mean == pytest.approx(0.75 * m.milled_t_per_year.mean)
    assert m.byproduct_t_per_year.mean == pytest.approx(0.25 * m.milled_t_per_year.mean)
    assert 0 < m.busy_share.mean <= 1
    assert with_it.to_dict()["mill"]["output"] == "flour"
    before, after = (
        (next(s for s in r.stores if s.name == "silo wheat").mean_t.mean,
         next(s for s in r.ships if s.ship_class == "supramax").wait_cargo_h.mean,
         next(d for d in r.delays if d.stage.value == "storage").hours_per_year.mean)
        for r in (without, with_it))
    assert after[0] < before[0]  # milling draws the wheat silo down ...
    assert after[1] > before[1]  # ... so the wheat ships wait longer for their cargo ...
    assert after[2] < before[2]  # ... and the trains wait less for room


def test_a_batch_longer_than_the_day_is_refused() -> None:
    import yaml

    data = shifted(6)
    with pytest.raises(StationConfigError, match="does not fit"):
        parse_station(yaml.safe_dump(data))


def test_simulate_prints_the_mill(tmp_path: Any) -> None:
    import yaml
    from typer.testing import CliRunner

    from landbridge.cli import app

    path = tmp_path / "station.yaml"
    path.write_text(yaml.safe_dump(shifted(16)), encoding="utf-8")
    result = CliRunner().invoke(app, ["simulate", str(path), "--days", "30",
                                      "--replications", "2"])
    assert result.exit_code == 0, result.output
    assert "mill: flour out" in result.output
