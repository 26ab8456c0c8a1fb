"""Paths summed at once give numpy's sum of each path, to the last bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from landbridge.routing.pathsums import path_sums

_EDGES = 40


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       paths=st.lists(st.lists(st.integers(0, _EDGES - 1), max_size=140), max_size=24),
       zeros=st.booleans())
def test_path_sums_equal_numpys_sum_of_each_path(seed: int, paths: list[list[int]],
                                                 zeros: bool) -> None:
    rng = np.random.default_rng(seed)
    table = rng.lognormal(0.0, 4.0, size=(3, _EDGES)) * rng.choice([-1.0, 1.0], (3, _EDGES))
    if zeros:
        table[:, ::3] = 0.0
        table[:, 1::5] = -0.0
    got = path_sums(table, paths)
    assert got.shape == (3, len(paths))
    for r in range(3):
        for p, path in enumerate(paths):
            want = table[r, path].sum()
            assert got[r, p] == want and np.signbit(got[r, p]) == np.signbit(want)


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       paths=st.lists(st.tuples(st.integers(0, 2), st.lists(st.integers(0, _EDGES - 1),
                                                             max_size=140)), max_size=30))
def test_paths_of_several_tables_side_by_side_sum_as_each_tables(
        seed: int, paths: list[tuple[int, list[int]]]) -> None:
    # three graphs' tables side by side, each path's edges shifted to its graph's columns
    rng = np.random.default_rng(seed)
    tables = [rng.lognormal(0.0, 4.0, size=(2, _EDGES + 7 * g)) for g in range(3)]
    begins = [0, tables[0].shape[1], tables[0].shape[1] + tables[1].shape[1]]
    got = path_sums(np.concatenate(tables, axis=1), [edges for _, edges in paths],
                    offsets=[begins[g] for g, _ in paths])
    assert got.shape == (2, len(paths))
    for p, (g, edges) in enumerate(paths):
        want = path_sums(tables[g], [edges])[:, 0]
        assert got[:, p].tobytes() == want.tobytes()


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       paths=st.lists(st.lists(st.integers(0, _EDGES - 1), max_size=140), max_size=40),
       in_order=st.integers(1, 3), zeros=st.booleans())
def test_rows_in_order_equal_pythons_sum_of_each_path(seed: int, paths: list[list[int]],
                                                      in_order: int, zeros: bool) -> None:
    rng = np.random.default_rng(seed)
    table = rng.lognormal(0.0, 4.0, size=(3, _EDGES)) * rng.choice([-1.0, 1.0], (3, _EDGES))
    if zeros:
        table[:, ::3] = 0.0
        table[:, 1::5] = -0.0
    got = path_sums(table, paths, in_order=in_order)
    for r in range(3):
        for p, path in enumerate(paths):
            values = table[r, path]
            want = float(values.sum()) if r < 3 - in_order else float(sum(values.tolist()))
            assert got[r, p] == want and np.signbit(got[r, p]) == np.signbit(want)
