"""The Monte Carlo's speed paths give the answers of the plain ones, to the last bit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landbridge.reliability.montecarlo import (
    TransitTime,
    equal_bins,
    percentiles,
    simulate_routes,
    simulate_transit,
    standard_normals,
)

_VALUES = st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1,
                   max_size=300)
_Q = st.lists(st.floats(min_value=0.0, max_value=100.0), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(values=_VALUES, q=_Q)
def test_percentiles_equal_numpys(values: list[float], q: list[float]) -> None:
    array = np.array(values)
    assert percentiles(array, q) == np.percentile(array, q).tolist()


def test_percentiles_equal_numpys_on_a_transit_sized_sample() -> None:
    days = np.random.default_rng(5).lognormal(3.0, 0.4, size=10_000)
    q = [50.0, 90.0, 95.0]
    assert percentiles(days, q) == np.percentile(days, q).tolist()


_STAGES = st.lists(st.tuples(st.floats(min_value=0.0, max_value=500.0),
                             st.floats(min_value=0.5, max_value=3.0)).map(
                                 lambda mr: (mr[0], mr[0] * mr[1])), max_size=20)


@settings(max_examples=40, deadline=None)
@given(routes=st.lists(_STAGES, min_size=1, max_size=6),
       samples=st.sampled_from([100, 1000, 2500]), seed=st.integers(0, 3))
def test_routes_at_once_equal_one_at_a_time(routes: list[list[tuple[float, float]]],
                                            samples: int, seed: int) -> None:
    normals = standard_normals(samples, max(len(r) for r in routes), seed=seed)
    one = [simulate_transit(r, samples=samples, seed=seed, normals=normals) for r in routes]
    many = simulate_routes(routes, samples=samples, seed=seed)
    for a, b in zip(one, many, strict=True):
        assert (a.mean, a.p50, a.p90, a.p95) == (b.mean, b.p50, b.p90, b.p95)
        assert np.array_equal(a.samples, b.samples)


def test_a_query_leaves_the_kept_draws_as_drawn() -> None:
    stages = [[(24.0, 48.0), (48.0, 60.0), (5.0, 9.0)], [(30.0, 40.0)]]
    first = simulate_routes(stages, samples=500, seed=11)
    first[0].samples[:] = 0.0  # a caller may change what it was given
    kept = standard_normals(500, 3, seed=11)
    assert not kept.flags.writeable
    fresh = np.random.default_rng(11).standard_normal((3, 500), dtype=np.float32).T
    assert np.array_equal(kept, fresh)
    again = simulate_routes(stages, samples=500, seed=11)
    alone = [simulate_transit(r, samples=500, seed=11, normals=fresh) for r in stages]
    for a, b in zip(again, alone, strict=True):
        assert (a.mean, a.p50, a.p90, a.p95) == (b.mean, b.p50, b.p90, b.p95)
        assert np.array_equal(a.samples, b.samples)


def test_routes_without_stages_take_no_time() -> None:
    assert simulate_routes([]) == []
    none, some = simulate_routes([[], [(0.0, 0.0)], [(10.0, 12.0)]][::2], samples=200)
    assert (none.mean, none.p95) == (0.0, 0.0) and not none.samples.any()
    assert some.mean > 0


_POOL = [(24.0, 48.0), (48.0, 60.0), (5.0, 9.0), (30.0, 40.0), (0.0, 0.0), (12.0, 12.0)]


@settings(max_examples=40, deadline=None)
@given(routes=st.lists(st.lists(st.sampled_from(_POOL), max_size=8), min_size=1, max_size=8),
       seed=st.integers(0, 3))
def test_routes_that_share_stages_equal_one_at_a_time(routes: list[list[tuple[float, float]]],
                                                      seed: int) -> None:
    normals = standard_normals(300, max(len(r) for r in routes), seed=seed)
    many = simulate_routes(routes, samples=300, seed=seed)
    for route, b in zip(routes, many, strict=True):
        a = simulate_transit(route, samples=300, seed=seed, normals=normals)
        assert (a.mean, a.p50, a.p90, a.p95) == (b.mean, b.p50, b.p90, b.p95)
        assert np.array_equal(a.samples, b.samples)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.sampled_from([1_024, 1_500, 10_000]),
       ties=st.booleans(), zeros=st.booleans(), negative=st.booleans())
def test_percentiles_of_many_values_equal_numpys(seed: int, size: int, ties: bool, zeros: bool,
                                                  negative: bool) -> None:
    rng = np.random.default_rng(seed)
    days = rng.lognormal(3.0, 0.5, size=size)
    if ties:
        days = np.round(days, 1)
    if zeros:
        days[rng.integers(0, size, size=size // 3)] = 0.0
    if negative:
        days[rng.integers(0, size)] = -0.0
    q = [0.0, 1.0, 50.0, 90.0, 95.0, 99.99, 100.0]
    got = percentiles(days, q)
    assert got == np.percentile(days, q).tolist()
    assert [np.signbit(x) for x in got] == [np.signbit(x) for x in np.percentile(days, q)]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(1_024, 3_000),
       scales=st.sampled_from([(0, 8), (-40, 40), (-1_070, 1_000)]), zeros=st.booleans(),
       repeat=st.integers(0, 3), q=_Q)
def test_percentiles_of_values_over_many_scales_equal_numpys(
        seed: int, size: int, scales: tuple[int, int], zeros: bool, repeat: int,
        q: list[float]) -> None:
    # non-negative doubles of any size (zeros, subnormals, runs of one value): the buckets of
    # their bits rank them as a sort would
    rng = np.random.default_rng(seed)
    values = np.ldexp(rng.random(size), rng.integers(*scales, size=size))
    if zeros:
        values[rng.integers(0, size, size=size // 4)] = 0.0
    values[:repeat * 100] = values[-1]
    assert percentiles(values, q) == np.percentile(values, q).tolist()


def _same_as_numpys_histogram(values: np.ndarray, bins: int) -> None:
    try:
        expected = np.histogram(values, bins=bins)
    except ValueError as exc:  # a range numpy refuses: refused alike
        with pytest.raises(ValueError, match=str(exc)[:20]):
            equal_bins(values, bins)
        return
    counts, edges = equal_bins(values, bins)
    assert counts.tolist() == expected[0].tolist()
    assert edges.tolist() == expected[1].tolist()
    assert counts.dtype == expected[0].dtype and edges.dtype == expected[1].dtype


@settings(max_examples=300, deadline=None)
@given(values=_VALUES, bins=st.integers(1, 40))
def test_equal_bins_equal_numpys_histogram(values: list[float], bins: int) -> None:
    _same_as_numpys_histogram(np.array(values), bins)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), size=st.sampled_from([2, 100, 10_000]),
       on_edges=st.booleans(), ties=st.booleans())
def test_equal_bins_equal_numpys_histogram_on_transit_times(seed: int, size: int,
                                                            on_edges: bool, ties: bool) -> None:
    rng = np.random.default_rng(seed)
    days = rng.lognormal(3.0, 0.4, size=size)
    if ties:
        days = np.round(days, 1)
    if on_edges:  # values exactly on the inner edges, where rounding decides the bin
        inner = np.histogram(days, bins=30)[1][1:-1]
        days[: inner.size] = inner[: days.size]
    _same_as_numpys_histogram(days, 30)


@pytest.mark.parametrize("values", [
    [5.0], [2.0, 2.0, 2.0], [0.0, 1e-300], [1e16, 1e16 + 2], [-3.0, -1.0, -2.0],
    [0.1, 0.2, 0.30000000000000004, 0.3], [np.inf, 1.0], [np.nan, 1.0], [],
])
def test_equal_bins_equal_numpys_histogram_at_the_corners(values: list[float]) -> None:
    for bins in (1, 2, 30):
        _same_as_numpys_histogram(np.array(values, dtype=np.float64), bins)


def test_equal_bins_hands_other_values_to_numpy() -> None:
    for values in (np.arange(10), np.linspace(0.0, 1.0, 7, dtype=np.float32)):
        counts, edges = equal_bins(values, 3)
        expected = np.histogram(values, bins=3)
        assert counts.tolist() == expected[0].tolist() and edges.tolist() == expected[1].tolist()


def test_a_histogram_counts_every_sample() -> None:
    days = np.random.default_rng(3).lognormal(3.0, 0.4, size=10_000)
    h = TransitTime(0.0, 0.0, 0.0, 0.0, days).histogram(bins=30)
    assert sum(h["counts"]) == h["samples"] == 10_000  # type: ignore[arg-type]
    assert h["bin_edges_days"] == [round(e, 3) for e in np.histogram(days, bins=30)[1].tolist()]
