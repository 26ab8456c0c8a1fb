"""A multi-commodity min-cost flow linear program over expanded graphs, solved with HiGHS.

Each commodity moves over its own expanded graph (its cargo class); capacities are shared
across commodities. For each commodity block:

- an edge variable ``f_e >= 0`` (tonnes per year) with cost ``c_e``;
- a ``ship`` variable per origin in ``[0, supply]`` (what actually leaves), rewarded with
  ``-penalty`` when supply must be exported, or 0 when markets pay prices;
- a ``deliver`` variable per market in ``[0, demand]`` with cost ``-price`` when priced, and
  an ``unmet`` slack (cost ``penalty``) below any minimum;
- flow balance rows at every node (sources: out = ship; sinks: in = deliver).

Capacity rows sum edge flows of any block. The row duals of binding capacities are the value
(USD per tonne-year) of one more tonne of capacity.

A :class:`Conversion` (a mill) turns one commodity into others: a ``draw`` variable per input
node (tonnes of input taken there, at the conversion's cost per tonne) leaves the input block's
balance row, and ``yield x draw`` enters each output block's balance row at its node, so tonnes
out = tonnes in x yield exactly. A row caps the sum of the draws; its dual is the value of one
more tonne of processing capacity. The kernel trusts its inputs.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["Block", "CapacityRow", "Conversion", "LpSolution", "LpStatus", "solve_flows"]


@dataclass(frozen=True, slots=True)
class Block:
    """One commodity: its graph's edges (src, dst, cost), and its origins and markets.

    ``supplies``: (source node, tonnes); ``demands``: (sink node, upper, lower, price or None).
    """

    n_nodes: int
    src: NDArray[np.int64]
    dst: NDArray[np.int64]
    cost: NDArray[np.float64]
    supplies: Sequence[tuple[int, float]]
    demands: Sequence[tuple[int, float, float, float | None]]
    must_ship: bool = True


@dataclass(frozen=True, slots=True)
class CapacityRow:
    """Sum of the flows on ``members`` (block index, edge indices) <= ``limit``."""

    limit: float
    members: Sequence[tuple[int, NDArray[np.int64]]]


@dataclass(frozen=True, slots=True)
class Conversion:
    """A process at one place: input drawn at ``inputs`` (block index, node), each output
    injected at (block index, node) times its yield; at most ``capacity`` tonnes of input a
    year, at ``cost`` USD per tonne of input (by-product sales already netted off)."""

    inputs: Sequence[tuple[int, int]]
    outputs: Sequence[tuple[int, int, float]]
    capacity: float
    cost: float


class LpStatus(enum.StrEnum):
    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class LpSolution:
    status: LpStatus
    objective: float
    flows: list[NDArray[np.float64]] = field(default_factory=list)  # per block, per edge
    shipped: list[NDArray[np.float64]] = field(default_factory=list)  # per block, per supply
    delivered: list[NDArray[np.float64]] = field(default_factory=list)  # per block, per demand
    unmet: list[NDArray[np.float64]] = field(default_factory=list)  # per block, per demand
    capacity_duals: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    capacity_flows: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    drawn: list[NDArray[np.float64]] = field(default_factory=list)  # per conversion, per input
    conversion_duals: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))


def _quiet_highs() -> Any:
    """A ``highspy.Highs`` whose log is off from construction on.

    ``highspy.Highs()`` registers its callbacks inside the constructor, and HiGHS writes its
    "Running HiGHS ..." banner to the process's stdout (C level, out of Python's reach) at that
    moment, while ``output_flag`` is still at its default. The subclass turns the flag off just
    before that registration, so nothing is ever written; the flag is set again afterwards for
    highspy versions whose constructor does not register callbacks.
    """
    import highspy

    class QuietHighs(highspy.Highs):
        def enableCallbacks(self) -> None:  # noqa: N802 (highspy's name)
            self.setOptionValue("output_flag", False)
            super().enableCallbacks()  # type: ignore[no-untyped-call]

    h = QuietHighs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    return h


def solve_flows(blocks: Sequence[Block], capacities: Sequence[CapacityRow], *,
                penalty: float = 100_000.0,
                conversions: Sequence[Conversion] = ()) -> LpSolution:
    """Solve the LP; see the module docstring for the formulation."""
    import highspy
    from scipy.sparse import coo_matrix

    rows: list[NDArray[np.int64]] = []
    cols: list[NDArray[np.int64]] = []
    vals: list[NDArray[np.float64]] = []
    cost: list[NDArray[np.float64]] = []
    upper: list[NDArray[np.float64]] = []
    row_lo: list[float] = []
    row_hi: list[float] = []
    layout: list[tuple[int, int, int, int, int]] = []  # col offsets: edges, ship, deliver, unmet
    n_col = 0
    n_row = 0

    def add(r: NDArray[np.int64], c: NDArray[np.int64], v: NDArray[np.float64]) -> None:
        rows.append(r)
        cols.append(c)
        vals.append(v)

    for block in blocks:
        m = len(block.src)
        s = len(block.supplies)
        d = len(block.demands)
        e0, s0, d0, u0 = n_col, n_col + m, n_col + m + s, n_col + m + s + d
        n_col = u0 + d
        layout.append((e0, s0, d0, u0, n_row))
        edge_cols = np.arange(e0, e0 + m, dtype=np.int64)
        # balance: in - out (+ ship at sources, - deliver at sinks) = 0
        add(n_row + block.dst, edge_cols, np.ones(m))
        add(n_row + block.src, edge_cols, -np.ones(m))
        cost.append(block.cost)
        upper.append(np.full(m, np.inf))
        for k, (node, tonnes) in enumerate(block.supplies):
            add(np.array([n_row + node]), np.array([s0 + k]), np.array([1.0]))
            cost.append(np.array([-penalty if block.must_ship else 0.0]))
            upper.append(np.array([tonnes]))
        for k, (node, hi, _lo, price) in enumerate(block.demands):
            add(np.array([n_row + node]), np.array([d0 + k]), np.array([-1.0]))
            cost.append(np.array([-(price or 0.0)]))
            upper.append(np.array([hi]))
        for _ in range(d):
            cost.append(np.array([penalty]))
            upper.append(np.array([np.inf]))
        row_lo.extend([0.0] * block.n_nodes)
        row_hi.extend([0.0] * block.n_nodes)
        n_row += block.n_nodes
        # minimum deliveries: deliver + unmet >= lower
        for k, (_node, _hi, lo, _price) in enumerate(block.demands):
            add(np.array([n_row, n_row]), np.array([d0 + k, u0 + k]), np.array([1.0, 1.0]))
            row_lo.append(lo)
            row_hi.append(np.inf)
            n_row += 1

    cap0 = n_row
    for row in capacities:
        for b, edges in row.members:
            e0 = layout[b][0]
            add(np.full(len(edges), n_row, dtype=np.int64), e0 + np.asarray(edges, np.int64),
                np.ones(len(edges)))
        row_lo.append(-np.inf)
        row_hi.append(row.limit)
        n_row += 1

    draw0: list[int] = []
    for conv in conversions:  # draw columns, and the rows capping them
        draw0.append(n_col)
        for j, (b, node) in enumerate(conv.inputs):
            col = np.array([n_col + j])
            add(np.array([layout[b][4] + node]), col, np.array([-1.0]))
            for ob, onode, share in conv.outputs:
                add(np.array([layout[ob][4] + onode]), col, np.array([share]))
            add(np.array([n_row]), col, np.array([1.0]))
            cost.append(np.array([conv.cost]))
            upper.append(np.array([np.inf]))
        n_col += len(conv.inputs)
        row_lo.append(-np.inf)
        row_hi.append(conv.capacity)
        n_row += 1

    if n_col == 0:  # nothing can move: every supply is stranded before the LP
        empty = [np.zeros(0) for _ in blocks]
        return LpSolution(LpStatus.OPTIMAL, 0.0, flows=list(empty), shipped=list(empty),
                          delivered=list(empty), unmet=list(empty),
                          capacity_duals=np.zeros(len(capacities)),
                          capacity_flows=np.zeros(len(capacities)),
                          drawn=[np.zeros(len(c.inputs)) for c in conversions],
                          conversion_duals=np.zeros(len(conversions)))
    a = coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                   shape=(n_row, n_col)).tocsc()
    a.sum_duplicates()
    lp = highspy.HighsLp()
    lp.num_col_ = n_col
    lp.num_row_ = n_row
    lp.col_cost_ = np.concatenate(cost)
    lp.col_lower_ = np.zeros(n_col)
    lp.col_upper_ = np.concatenate(upper)
    lp.row_lower_ = np.array(row_lo)
    lp.row_upper_ = np.array(row_hi)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr
    lp.a_matrix_.index_ = a.indices
    lp.a_matrix_.value_ = a.data
    h = _quiet_highs()
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return LpSolution(LpStatus.INFEASIBLE, float("nan"))
    if status == highspy.HighsModelStatus.kUnbounded:
        return LpSolution(LpStatus.UNBOUNDED, float("nan"))
    if status != highspy.HighsModelStatus.kOptimal:
        return LpSolution(LpStatus.ERROR, float("nan"))
    solution = h.getSolution()
    x = np.asarray(solution.col_value)
    duals = np.asarray(solution.row_dual)
    conv0 = n_row - len(conversions)
    out = LpSolution(LpStatus.OPTIMAL, float(h.getInfo().objective_function_value),
                     capacity_duals=duals[cap0:conv0].copy(),
                     capacity_flows=(a[cap0:conv0] @ x) if conv0 > cap0 else np.zeros(0),
                     drawn=[np.maximum(x[c0:c0 + len(conv.inputs)], 0.0)
                            for c0, conv in zip(draw0, conversions, strict=True)],
                     conversion_duals=duals[conv0:n_row].copy())
    for block, (e0, s0, d0, u0, _) in zip(blocks, layout, strict=True):
        m, s, d = len(block.src), len(block.supplies), len(block.demands)
        out.flows.append(np.maximum(x[e0:e0 + m], 0.0))
        out.shipped.append(x[s0:s0 + s])
        out.delivered.append(x[d0:d0 + d])
        out.unmet.append(x[u0:u0 + d])
    return out
