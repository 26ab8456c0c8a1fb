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


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1e6), min_size=2, max_size=12),
       st.booleans())
def test_an_interval_is_cut_at_the_bounds_and_otherwise_the_t_interval(
        values: list[float], share: bool) -> None:
    """A bound cuts the interval and nothing else: inside the bounds it is the t interval."""
    xs = [v / 1e6 for v in values] if share else values
    plain = estimate(xs)
    bounded = estimate(xs, lowest=0.0, highest=1.0 if share else math.inf)
    assert bounded.low == max(plain.low, 0.0)
    assert bounded.high == (min(plain.high, 1.0) if share else plain.high)
    assert (bounded.mean, bounded.half_width) == (plain.mean, plain.half_width)
    assert bounded.cut == (plain.low < 0.0 or (share and plain.high > 1.0))


def test_a_skewed_amount_has_no_interval_below_zero() -> None:
    """One replication with a long wait and nine without: the t interval reaches below zero,
    which hours cannot; the cut one starts at zero."""
    e = estimate([0.0] * 9 + [900.0], lowest=0.0)
    assert estimate([0.0] * 9 + [900.0]).low < 0.0
    assert e.to_dict()["ci95"][0] == 0.0 and e.cut


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
    for low, high, path in _intervals(payload):
        assert low is None or low >= 0.0, path  # hours, tonnes, dollars, shares
        if path.endswith(("utilisation", "full_share", "busy_share")):
            assert high is None or high <= 1.0, path
    kinds = {(g["name"], g["kind"]) for g in payload["resources"]}
    assert ("grain berth", "berth") in kinds and ("hopper pits", "unloading") in kinds
    assert payload["max_balance_error_t"] < 1e-3
    assert report.series_stores["silo wheat"].shape == (3, 120)
    assert report.series_ships_waiting.shape == (3, 120)


def _intervals(payload: object, path: str = "") -> list[tuple[float | None, float | None, str]]:
    """Every ``ci95`` in the report's JSON, with where it is."""
    if isinstance(payload, dict):
        found = [(payload["ci95"][0], payload["ci95"][1], path)] if "ci95" in payload else []
        return found + [i for k, v in payload.items() for i in _intervals(v, f"{path}/{k}")]
    if isinstance(payload, list):
        return [i for n, v in enumerate(payload) for i in _intervals(v, f"{path}[{n}]")]
    return []


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
