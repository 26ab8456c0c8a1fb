"""The LP kernel: a two-edge problem solved by hand, and a solver that writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from landbridge.flows.lp import Block, CapacityRow, LpStatus, solve_flows


def two_routes() -> tuple[list[Block], list[CapacityRow]]:
    """100 t from node 0 to node 1 over a cheap edge (cap 60, cost 6) and a dear one (cost 7)."""
    block = Block(n_nodes=2, src=np.array([0, 0]), dst=np.array([1, 1]),
                  cost=np.array([6.0, 7.0]), supplies=[(0, 100.0)],
                  demands=[(1, 100.0, 0.0, None)])
    return [block], [CapacityRow(limit=60.0, members=[(0, np.array([0]))])]


def test_two_routes_optimum_and_dual() -> None:
    solution = solve_flows(*two_routes())
    assert solution.status is LpStatus.OPTIMAL
    assert solution.flows[0] == pytest.approx([60.0, 40.0])
    assert abs(solution.capacity_duals[0]) == pytest.approx(1.0)


def test_solver_writes_nothing_to_stdout_or_stderr() -> None:
    """HiGHS prints its banner from C code, once per process, at the first ``Highs()``: so a
    fresh interpreter solves, and its file descriptors 1 and 2 are read."""
    script = (
        "from tests.flows.test_lp import two_routes\n"
        "from landbridge.flows.lp import solve_flows\n"
        "assert solve_flows(*two_routes()).status == 'optimal'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False, cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr == ""
