"""The Monte Carlo's speed paths give the answers of the plain ones, to the last bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from landbridge.reliability.montecarlo import (
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
