"""Totals of many paths at once, to the last bit of numpy summing each path on its own.

The planner totals a route's hours, cost and CO2e by summing its edges' figures with numpy
(``table[row, edges].sum()``); the answers are recorded with those sums. A question totals
dozens of routes, each a dozen numpy calls. Here all of a question's routes are summed in a few
array operations, in numpy's own order: a run of up to 128 values is summed in eight running
sums, one per position modulo eight, over its whole blocks of eight, the eight are combined in
pairs, and the values after the last whole block are added one by one (numpy's pairwise
summation, ``pairwise_sum`` in its ``loops_utils.h``; a run under eight values is added one by
one from 0.0). Paths are padded with -0.0, which added to any double leaves it as it is.

Rows asked for ``in_order`` are summed instead as Python's ``sum()`` sums a path's values
(one by one, in the path's order, from 0.0): the planner measures a route's length so.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["path_sums"]

#: numpy sums this many values or fewer without splitting them (its PW_BLOCKSIZE).
_UNSPLIT = 128
#: The running sums of numpy's pairwise summation.
_LANES = 8
#: Below this many paths times (rows + 1), numpy summing each path is the faster (about 2 us
#: a path and row, against some 30 us for the arrays here).
_FEW = 30


def path_sums(table: NDArray[np.float64], paths: Sequence[Sequence[int]], *,
              offsets: Sequence[int] | None = None, in_order: int = 0) -> NDArray[np.float64]:
    """Each row of ``table`` (one column per edge) summed over each path's edges: entry
    ``[r, p]`` is ``table[r, list(paths[p])].sum()``, to the last bit; for the last
    ``in_order`` rows, ``sum(table[r, list(paths[p])].tolist())`` (Python's sum), to the last
    bit.

    ``offsets``, one per path, shift each path's edges: the paths of several graphs are
    summed in one call over their tables side by side, each path's edges shifted to where its
    graph's columns begin (``table[r, [e + offsets[p] for e in paths[p]]].sum()``).

    Examples
    --------
    >>> table = np.array([[0.1, 0.2, 0.3], [1.0, 2.0, 4.0]])
    >>> paths = [[0, 2], [1] * 9 + [2]]
    >>> path_sums(table, paths).tolist()
    [[0.4, 2.1], [5.0, 22.0]]
    >>> [float(table[0, p].sum()) for p in paths], sum([0.2] * 9 + [0.3])
    ([0.4, 2.1], 2.0999999999999996)
    >>> path_sums(table[:1], paths, in_order=1).tolist()  # Python's sum
    [[0.4, 2.0999999999999996]]
    """
    rows, count = table.shape[0], len(paths)
    pairwise = rows - in_order  # the rows numpy's way
    longest = max(map(len, paths), default=0)
    if longest > _UNSPLIT or count * (rows + 1) < _FEW:
        # numpy splits long paths: numpy sums them (ndarray.sum is np.add.reduce, called
        # here without sum's wrapper); and a few paths are summed faster so
        out = np.empty((rows, count))
        add = np.add.reduce
        for p, path in enumerate(paths):
            columns = list(path) if offsets is None else [e + offsets[p] for e in path]
            for r, values in enumerate(table[:, columns]):
                out[r, p] = add(values) if r < pairwise else sum(values.tolist())
        return out
    lengths = np.fromiter(map(len, paths), dtype=np.intp, count=count)
    # whole blocks (at least one, of padding alone if no path has eight edges), then the
    # values after them; position by position, a row of every path's values
    blocks = max(longest // _LANES, 1)
    width = blocks * _LANES + _LANES - 1
    after = lengths % _LANES  # each path's values after its whole blocks
    position = np.arange(width)
    # the slots that hold a path's values: its whole blocks from the first position, the
    # values after them from the position after the longest path's whole blocks
    held = (position < (lengths - after)[:, None]) | (
        (position >= blocks * _LANES) & (position < (blocks * _LANES + after)[:, None]))
    edges = np.fromiter(itertools.chain.from_iterable(paths), dtype=np.intp,
                        count=int(lengths.sum()))
    if offsets is not None:
        edges += np.asarray(offsets, dtype=np.intp).repeat(lengths)
    # each path's columns of the table in its slots, the padding's a column of -0.0 after
    # the table's, read in one take; the slots laid out position by position (a row of every
    # path's), as the take reads them
    taken = np.full((width, count), table.shape[1])
    taken.T[held] = edges  # path by path, position by position: each path's edges in order
    padded = np.concatenate((table, np.full((rows, 1), -0.0)), axis=1)
    laid = padded.take(taken, axis=1)  # rows x positions x paths
    total = np.empty((rows, count))
    if pairwise:
        lanes = laid[:pairwise, :_LANES].copy()
        for block in range(1, blocks):
            lanes += laid[:pairwise, block * _LANES:(block + 1) * _LANES]
        # the eight combined in pairs: (0 + 1), (2 + 3), (4 + 5), (6 + 7), then those in pairs
        pairs = lanes[:, 0::2] + lanes[:, 1::2]
        quads = pairs[:, 0::2] + pairs[:, 1::2]
        summed = total[:pairwise]
        np.add(quads[:, 0], quads[:, 1], out=summed)
        for column in range(blocks * _LANES, width):
            summed += laid[:pairwise, column]
    if in_order:  # position by position, each path's values in its order (and the padding)
        total[pairwise:] = np.add.accumulate(laid[pairwise:], axis=1)[:, -1]
    total += 0.0  # as numpy's and Python's sums start from 0.0: an all -0.0 path sums to 0.0
    return total
