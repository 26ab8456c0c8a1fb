"""Monte Carlo of a route's transit time.

Each stage of a route (a movement, a border, a port dwell that includes waiting for the next
sailing or for a shipload to assemble) has a time distribution given in the tables by its mean
and 90th percentile. We model each as log-normal with that mean and p90 and draw the stages
independently; the route's time is their sum. The same seed gives the same numbers.
"""

from __future__ import annotations

import functools
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "TransitTime",
    "equal_bins",
    "lognormal_params",
    "percentiles",
    "simulate_routes",
    "simulate_transit",
    "standard_normals",
]

_Z90 = 1.2815515655446004


def lognormal_params(mean: float, p90: float) -> tuple[float, float]:
    """(mu, sigma) of the log-normal with this mean and 90th percentile.

    A p90 more than about 2.27 times the mean cannot be met by a log-normal; sigma is then
    capped at the p90 z-score, which keeps the mean and gives the widest such spread.

    Examples
    --------
    >>> mu, sigma = lognormal_params(10.0, 20.0)
    >>> round(math.exp(mu + sigma**2 / 2), 6)
    10.0
    >>> round(math.exp(mu + 1.2815515655446004 * sigma), 6)
    20.0
    """
    if mean <= 0:
        return -math.inf, 0.0
    ratio = max(p90 / mean, 1.0)
    disc = _Z90**2 - 2.0 * math.log(ratio)
    sigma = _Z90 - math.sqrt(disc) if disc > 0 else _Z90
    return math.log(mean) - sigma**2 / 2.0, sigma


@functools.lru_cache(maxsize=4_096)
def _single_params(mean: float, p90: float) -> tuple[np.float32, np.float32]:
    """:func:`lognormal_params` in single precision, as the draws are scaled with it; kept
    for the stages of the network's tables: a plan reads some sixty stages, most of them the
    same few dozen hub operations and runs."""
    mu, sigma = lognormal_params(mean, p90)
    return np.float32(mu), np.float32(sigma)


@dataclass(frozen=True, slots=True)
class TransitTime:
    """Summary of a transit-time distribution, in days."""

    mean: float
    p50: float
    p90: float
    p95: float
    samples: NDArray[np.float64]

    def probability_within(self, days: float) -> float:
        """Share of samples that arrive within ``days``."""
        return float(np.mean(self.samples <= days))

    def to_dict(self) -> dict[str, float]:
        return {"mean": round(self.mean, 2), "p50": round(self.p50, 2),
                "p90": round(self.p90, 2), "p95": round(self.p95, 2)}

    def histogram(self, *, bins: int = 30) -> dict[str, object]:
        """The samples as bin edges (days) and counts, for a chart.

        Examples
        --------
        >>> t = TransitTime(2.0, 2.0, 3.0, 3.0, np.array([1.0, 2.0, 2.0, 3.0]))
        >>> h = t.histogram(bins=2)
        >>> h["bin_edges_days"], h["counts"], h["samples"]
        ([1.0, 2.0, 3.0], [1, 3], 4)
        """
        counts, edges = equal_bins(self.samples, bins)
        return {"bin_edges_days": [round(e, 3) for e in edges.tolist()],
                "counts": counts.tolist(), "samples": int(self.samples.size)}


def equal_bins(values: NDArray[np.float64], bins: int) -> tuple[NDArray[np.intp],
                                                                 NDArray[np.float64]]:
    """``np.histogram(values, bins=bins)``: the same counts and edges, to the last bit, by
    numpy's own arithmetic for equal bins over the values' range, without the checks and
    general cases around it (a quarter less time on 10,000 transit times; a route answer
    bins every route's samples). Values numpy would refuse (not finite, a range too narrow
    for the bins) or that are not doubles are handed to numpy itself.

    Examples
    --------
    >>> counts, edges = equal_bins(np.array([1.0, 2.0, 2.0, 3.0]), 2)
    >>> counts.tolist(), edges.tolist()
    ([1, 3], [1.0, 2.0, 3.0])
    """
    if values.dtype != np.float64 or values.ndim != 1 or values.size == 0:
        return np.histogram(values, bins=bins)
    first, last = values.min(), values.max()
    if not (math.isfinite(first) and math.isfinite(last)):
        return np.histogram(values, bins=bins)  # numpy's error
    if first == last:
        first, last = first - 0.5, last + 0.5
    edges = np.linspace(first, last, bins + 1, dtype=np.float64)
    if not bool((edges[:-1] < edges[1:]).all()):
        return np.histogram(values, bins=bins)  # numpy's error
    # each value's bin from its place in the range, as numpy computes it ...
    place = values - first
    place /= last - first
    place *= bins
    index = place.astype(np.intp)
    np.minimum(index, bins - 1, out=index)  # the greatest value is in the last bin
    # ... then moved by one where that is off by a rounding: a bin holds the values from its
    # lower edge up to its upper one, the last bin its upper edge too
    index -= values < edges[index]
    upper = edges[1:].copy()
    upper[-1] = math.inf  # nothing is above the last bin
    index += values >= upper[index]
    return np.bincount(index, minlength=bins), edges


#: Draws are kept for this many (samples, seed) pairs: a service answers many questions with
#: the default size and seed, and drawing 10,000 x 20 normals costs more than using them.
_KEPT_DRAWS = 8
_drawn: OrderedDict[tuple[int, int], NDArray[np.float32]] = OrderedDict()
_drawn_lock = threading.Lock()


def _stage_draws(samples: int, stages: int, *, seed: int) -> NDArray[np.float32]:
    """The kept draws, one row per stage (stages x samples, read-only)."""
    stages = max(stages, 1)
    key = (samples, seed)
    with _drawn_lock:
        drawn = _drawn.get(key)
        if drawn is not None:
            _drawn.move_to_end(key)
    if drawn is None or drawn.shape[0] < stages:
        rng = np.random.default_rng(seed)
        # drawn stage by stage (a row each), so a stage's draws do not depend on how many
        # stages there are: the first k rows of a larger draw are the draw of k stages
        drawn = rng.standard_normal((stages, samples), dtype=np.float32)
        drawn.setflags(write=False)
        with _drawn_lock:
            _drawn[key] = drawn
            _drawn.move_to_end(key)
            while len(_drawn) > _KEPT_DRAWS:
                _drawn.popitem(last=False)
    out: NDArray[np.float32] = drawn[:stages]
    return out


def standard_normals(samples: int, stages: int, *, seed: int) -> NDArray[np.float32]:
    """Seeded standard normal draws, one column per stage, shared by the routes of one plan
    (common random numbers: routes are compared on the same luck). Read-only: the draws are
    kept and handed to every query with the same size and seed.

    Examples
    --------
    >>> a = standard_normals(1000, 3, seed=1)
    >>> b = standard_normals(1000, 40, seed=1)
    >>> a.shape, bool((b[:, :3] == a).all()), a.flags.writeable
    ((1000, 3), True, False)
    """
    out: NDArray[np.float32] = _stage_draws(samples, stages, seed=seed).T
    return out


def simulate_transit(
    stages: Sequence[tuple[float, float]], *, samples: int = 10_000, seed: int = 0,
    normals: NDArray[np.float32] | None = None,
) -> TransitTime:
    """Draw the total time of stages given as (mean hours, p90 hours).

    ``normals`` (samples x at least len(stages)) replaces the seeded draws, so several routes
    can share them.

    Examples
    --------
    >>> t = simulate_transit([(24.0, 48.0), (48.0, 60.0)], samples=20_000, seed=1)
    >>> round(t.mean, 1)  # days; the means add up: 72 h = 3 days
    3.0
    """
    params = [lognormal_params(m, p) for m, p in stages if m > 0]
    if not params:
        return TransitTime(0.0, 0.0, 0.0, 0.0, np.zeros(samples))
    mu = np.array([p[0] for p in params], dtype=np.float32)
    sigma = np.array([p[1] for p in params], dtype=np.float32)
    if normals is None:
        normals = standard_normals(samples, len(params), seed=seed)
    # single precision halves the cost of the draws; sums are accumulated in double
    z = normals[:samples, : len(params)] * sigma
    z += mu
    np.exp(z, out=z)
    days = z.sum(axis=1, dtype=np.float64) / 24.0
    return _summary(float(days.mean()), days)


def simulate_routes(routes: Sequence[Sequence[tuple[float, float]]], *, samples: int = 10_000,
                    seed: int = 0) -> list[TransitTime]:
    """:func:`simulate_transit` for several routes at once, on the same draws (common random
    numbers): the answer for each route is the one ``simulate_transit`` gives with the plan's
    shared normals.

    A stage's times are computed in one row of single precision, reused from stage to stage,
    widened to double, and added to the row of each route that has that stage at that
    position: the same numbers, in the same order, as ``simulate_transit``'s sum over its
    stages' axis, without a temporary the size of a route's stages times its samples (large
    temporaries are fresh memory from the system each time).

    Examples
    --------
    >>> stages = [[(24.0, 48.0), (48.0, 60.0)], [(30.0, 40.0)]]
    >>> both = simulate_routes(stages, samples=20_000, seed=1)
    >>> one = simulate_transit(stages[0], samples=20_000, seed=1)
    >>> (both[0].mean, both[0].p90) == (one.mean, one.p90)
    True
    """
    if not routes:
        return []
    params = [[_single_params(m, p) for m, p in stages if m > 0] for stages in routes]
    positions = max(map(len, params))
    drawn = _stage_draws(samples, positions, seed=seed)
    days = np.empty((len(params), samples))
    stage = np.empty(samples, dtype=np.float32)
    wide = np.empty(samples)
    rows = list(days)  # each route's row, as a view made once
    for route, row in zip(params, rows, strict=True):
        if not route:
            row[:] = 0.0
    # routes that share a stage at a position (the loading at the origin, a border) share
    # its times: each is computed once and added to every route that has it, position by
    # position, so that each route still adds its stages in order (its first stage is its
    # sum so far: 0.0 + x is x for the positive x drawn)
    for position, normals in enumerate(drawn[:positions]):
        having: dict[tuple[np.float32, np.float32], list[NDArray[np.float64]]] = {}
        for route, row in zip(params, rows, strict=True):
            if position < len(route):
                having.setdefault(route[position], []).append(row)
        for (mu, sigma), routes_rows in having.items():
            np.multiply(normals, sigma, out=stage)
            stage += mu
            np.exp(stage, out=stage)
            if position == 0:  # widened to double into one route's row, copied to the others
                first, *others = routes_rows
                first[:] = stage
                for row in others:
                    row[:] = first
                continue
            # widened to double before it is added: a copy and an add of doubles take less
            # time than an add of single to double, even for one route
            wide[:] = stage
            for row in routes_rows:
                row += wide
    days /= 24.0
    # each row's mean as ndarray.mean takes it (its sum divided by the count), without the
    # Python around it
    return _summaries((np.add.reduce(days, axis=1) / samples).tolist(), days)


def _summary(mean: float, days: NDArray[np.float64]) -> TransitTime:
    p50, p90, p95 = _summary_percentiles(days.size).of(days)
    return TransitTime(mean, p50, p90, p95, days)


#: The percentiles a :class:`TransitTime` gives.
_SUMMARY_Q = (50.0, 90.0, 95.0)


def _summaries(means: Sequence[float], days: NDArray[np.float64]) -> list[TransitTime]:
    """:func:`_summary` of each row of ``days`` (``means`` its means), the ranks that the
    percentiles read worked out once for all rows."""
    percentile = _summary_percentiles(days.shape[1])
    spans: list[tuple[int, int] | None] = [None] * len(days)
    if _bucketed(days):  # each row's least and greatest bits, for all rows in two calls
        bits = days.view(np.int64)
        spans = list(zip(np.minimum.reduce(bits, axis=1).tolist(),
                         np.maximum.reduce(bits, axis=1).tolist(), strict=True))
    out = []
    for mean, row, span in zip(means, days, spans, strict=True):
        p50, p90, p95 = percentile.of(row, span)
        out.append(TransitTime(mean, p50, p90, p95, row))
    return out


@functools.lru_cache(maxsize=8)
def _summary_percentiles(size: int) -> _Percentiles:
    """The :class:`_Percentiles` of a :class:`TransitTime` of ``size`` samples, worked out
    once per size (a plan summarises its routes with the same). Not to be changed."""
    return _Percentiles(size, _SUMMARY_Q)


def percentiles(values: NDArray[np.float64], q: Sequence[float]) -> list[float]:
    """``np.percentile(values, q)`` for ``q`` in [0, 100] (its default, linear interpolation,
    of values without NaN), to the last bit, from the two order statistics around each
    percentile, found without sorting the values (:func:`_order_statistics`).

    Examples
    --------
    >>> values = np.array([4.0, 1.0, 3.0, 2.0, 5.0])
    >>> percentiles(values, [50, 90]), np.percentile(values, [50, 90]).tolist()
    ([3.0, 4.6], [3.0, 4.6])
    """
    return _Percentiles(values.size, q).of(values)


class _Percentiles:
    """The percentiles ``q`` of arrays of ``size`` values: which order statistics each reads
    and how it interpolates between them, worked out once for arrays of one size."""

    __slots__ = ("_last", "_lower", "_ranks", "_where")

    def __init__(self, size: int, q: Sequence[float]) -> None:
        last = self._last = size - 1
        self._where = [(last * (p / 100.0)) for p in q]  # numpy's virtual index for "linear"
        self._lower = [min(math.floor(w), last) for w in self._where]
        #: the ranks read: each lower one and the next after it
        self._ranks = np.array(sorted({*self._lower, *(k + 1 for k in self._lower if k < last)}))

    def of(self, values: NDArray[np.float64], span: tuple[int, int] | None = None) -> list[float]:
        """The percentiles of ``values`` (``span``: see :func:`_order_statistics`)."""
        last = self._last
        ranked = _order_statistics(values, self._lower, self._ranks, span)
        out: list[float] = []
        for w, lo in zip(self._where, self._lower, strict=True):
            if w >= last:
                out.append(ranked[last])  # numpy takes the largest value
                continue
            a, b = ranked[lo], ranked[lo + 1]
            t = w - lo
            diff = b - a
            # numpy's _lerp: from the nearer end, so that t = 0 or 1 gives that end exactly
            out.append(b - diff * (1.0 - t) if t >= 0.5 else a + diff * t)
        return out


#: From this many values on, non-negative doubles are ranked by buckets of their bits.
_BUCKETED_FROM = 1_024
#: The buckets number about 2 ** _BUCKET_BITS: few enough to count quickly, many enough that
#: the bucket of an order statistic holds some dozens of 10,000 transit times.
_BUCKET_BITS = 10


def _bucketed(values: NDArray[np.float64]) -> bool:
    """Whether rows of ``values`` (its last axis) are ranked by buckets of their bits, unless
    some value has a sign bit (see :func:`_order_statistics`)."""
    return values.dtype == np.float64 and values.shape[-1] >= _BUCKETED_FROM


def _order_statistics(values: NDArray[np.float64], lower: Sequence[int],
                      wanted: NDArray[np.int_], span: tuple[int, int] | None = None,
                      ) -> dict[int, float]:
    """The ``k``-th least of ``values`` (from 0) for each ``k`` in ``lower``, and the next
    one after it: the ``wanted`` ranks (sorted). ``span``, if given, is the least and the
    greatest of the values' bits read as integers (a plan finds them for all its routes at
    once).

    Many non-negative doubles (transit times) are ranked without a partition, whose
    comparisons the processor mispredicts half the time: their bits read as integers order as
    the numbers do, so the high bits above the least value's put them in ordered buckets; a
    count per bucket says which bucket holds each wanted rank, and only those few buckets are
    sorted. About half the time of ``np.partition`` on 10,000 values. Values with a sign bit
    (negatives, -0.0, whose sign ``np.percentile`` keeps as its partition leaves it) are
    partitioned as they are.
    """
    if not lower:
        return {}
    last = values.size - 1
    bits = values.view(np.int64) if _bucketed(values) else None
    if bits is not None:
        least, most = span or (int(bits.min()), int(bits.max()))
    if bits is None or least < 0:  # below 0: some value has a sign bit
        kth = sorted(set(lower))
        ordered = np.partition(values, kth)
        after = {k: (kth[i + 1] if i + 1 < len(kth) else last + 1) for i, k in enumerate(kth)}
        ranked = {k: float(ordered[k]) for k in kth}
        for k in kth:
            if k < last:  # the next value: the least of the stretch up to the next rank
                ranked[k + 1] = float(ordered[k + 1] if k + 1 in after
                                      else ordered[k + 1:after[k]].min())
        if kth[-1] == last:
            ranked[last] = float(ordered[last:].max())
        return ranked
    shift = max((most - least).bit_length() - _BUCKET_BITS, 0)
    keys = bits - least
    keys >>= shift  # a bucket per value; a value's bucket is never below a lesser value's
    # (methods, not numpy's functions: the functions are Python wrappers around them)
    ends = np.bincount(keys).cumsum()  # how many values lie in each bucket or below it
    buckets = ends.searchsorted(wanted, side="right").tolist()
    ranked = {}
    held: tuple[int, int, NDArray[np.float64]] | None = None  # (bucket, first rank, values)
    for k, bucket in zip(wanted.tolist(), buckets, strict=True):
        if held is None or held[0] != bucket:
            members = values[keys == bucket]
            members.sort()
            held = (bucket, int(ends[bucket]) - members.size, members)
        ranked[k] = float(held[2][k - held[1]])
    return ranked
