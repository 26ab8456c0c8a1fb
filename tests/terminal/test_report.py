"""Estimates, the report's JSON shape, the bottleneck rule and the port-dwell hook."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from landbridge.terminal import Stage, load_station, port_dwell, simulate
from landbridge.terminal.report import _p90, estimate, t975

from .conftest import berth_bound, to_station


def test_estimate_is_a_student_t_interval() -> None:
    x = np.array([3.0, 5.0, 4.0, 6.0, 7.0])
    e = estimate(x)
    low, high = stats.t.interval(0.95, x.size - 1, loc=x.mean(), scale=stats.sem(x))
    assert (e.low, e.high) == pytest.approx((low, high))
    assert e.n == 5


@pytest.mark.parametrize("df", [*range(1, 32), 99, 999])
def test_the_t_quantile_is_scipys_to_the_last_bit(df: int) -> None:
    from scipy.special import stdtrit

    assert t975(df) == float(stdtrit(df, 0.975))


def test_estimate_skips_missing_replications() -> None:
    assert estimate([1.0, math.nan, 3.0]).n == 2
    empty = estimate([math.nan])
    assert empty.n == 0 and math.isnan(empty.mean)
    assert empty.to_dict() == {"mean": None, "ci95": [None, None]}


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return simulate(load_station(), days=120, replications=3, seed=2)


def test_report_to_dict_is_json(report) -> None:  # type: ignore[no-untyped-def]
    payload = json.loads(json.dumps(report.to_dict()))
    assert payload["replications"] == 3
    assert payload["bottleneck"] in {s.value for s in Stage}
    assert {d["stage"] for d in payload["delays"]} == {s.value for s in Stage}
    assert set(payload["port_dwell_h"]) == {"bulk", "container"}
    for t in payload["trains"]:
        assert t["turnaround_h"]["ci95"][0] <= t["turnaround_h"]["mean"]
    kinds = {(g["name"], g["kind"]) for g in payload["resources"]}
    assert ("grain berth", "berth") in kinds and ("hopper pits", "unloading") in kinds
    assert payload["max_balance_error_t"] < 1e-3
    assert report.series_stores["silo wheat"].shape == (3, 120)
    assert report.series_ships_waiting.shape == (3, 120)


def test_port_dwell_feeds_the_planner(report) -> None:  # type: ignore[no-untyped-def]
    mean, p90 = port_dwell(report)
    assert 0 < mean < p90
    assert port_dwell(report, "container")[0] < mean  # boxes leave on the next feeder
    with pytest.raises(KeyError):
        port_dwell(report, "reefer")


def test_bottleneck_is_the_costliest_wait() -> None:
    report = simulate(to_station(berth_bound()), days=180, replications=2, seed=1)
    assert report.bottleneck is Stage.BERTH
    berth = next(d for d in report.delays if d.stage is Stage.BERTH)
    assert berth.cost_usd_per_year.mean == pytest.approx(
        berth.hours_per_year.mean * 12_000 / 24, rel=0.35)  # bulk ships wait at USD 12k a day


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.floats(0, 1e7, allow_nan=False) | st.integers(0, 50).map(float),
                       min_size=1, max_size=60))
def test_p90_is_numpys_quantile_to_the_last_bit(values: list[float]) -> None:
    a = np.asarray(values, dtype=float)
    assert _p90(a) == float(np.quantile(a, 0.9))
    assert math.isnan(_p90(np.append(a, math.nan))) and math.isnan(_p90(np.empty(0)))
