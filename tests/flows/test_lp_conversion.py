"""The LP kernel with a conversion (a mill), solved by hand.

Block 0 (wheat): node 0 (farm) -> node 1 (market), cost 6 per t; 100 t supplied; the market
pays 20. Block 1 (flour): node 0 (mill) -> node 1 (market), cost 6 per t; the market pays 40.
The mill draws wheat at the farm (block 0, node 0): 0.75 t flour per t, 0.25 t bran sold at 8,
milling 3 per t, so its net cost is 3 - 2 = 1 per t of wheat, and at most 50 t a year.

By hand: a tonne sold as wheat earns 20 - 6 = 14; milled, 0.75 x (40 - 6) - 1 = 24.5. The mill
runs full (50 t), 50 t go as wheat; flour 37.5 t; netback 50 x 14 + 50 x 24.5 = 1,925; one more
tonne of milling capacity is worth 24.5 - 14 = 10.5.
"""

from __future__ import annotations

import numpy as np
import pytest

from landbridge.flows.lp import Block, Conversion, LpStatus, solve_flows


def mill_problem(capacity: float = 50.0) -> tuple[list[Block], list[Conversion]]:
    wheat = Block(n_nodes=2, src=np.array([0]), dst=np.array([1]), cost=np.array([6.0]),
                  supplies=[(0, 100.0)], demands=[(1, np.inf, 0.0, 20.0)], must_ship=False)
    flour = Block(n_nodes=2, src=np.array([0]), dst=np.array([1]), cost=np.array([6.0]),
                  supplies=[], demands=[(1, np.inf, 0.0, 40.0)], must_ship=False)
    mill = Conversion(inputs=[(0, 0)], outputs=[(1, 0, 0.75)], capacity=capacity,
                      cost=3.0 - 0.25 * 8.0)
    return [wheat, flour], [mill]


def test_mill_flows_utilisation_and_dual_by_hand() -> None:
    blocks, mills = mill_problem()
    s = solve_flows(blocks, [], conversions=mills)
    assert s.status is LpStatus.OPTIMAL
    assert s.drawn[0] == pytest.approx([50.0])
    assert s.flows[0] == pytest.approx([50.0])  # wheat to market
    assert s.flows[1] == pytest.approx([37.5])  # flour to market
    assert s.delivered[1] == pytest.approx([37.5])
    assert -s.objective == pytest.approx(1925.0)
    assert -s.conversion_duals[0] == pytest.approx(10.5)


def test_mass_balance_through_the_mill() -> None:
    """Tonnes out = tonnes in x yield, whatever the capacity."""
    for capacity in (0.0, 10.0, 80.0, 500.0):
        blocks, mills = mill_problem(capacity)
        s = solve_flows(blocks, [], conversions=mills)
        drawn = float(s.drawn[0].sum())
        assert drawn == pytest.approx(min(capacity, 100.0))
        assert float(s.delivered[1].sum()) == pytest.approx(0.75 * drawn)
        assert float(s.delivered[0].sum()) + drawn == pytest.approx(100.0)


def test_slack_mill_has_no_value() -> None:
    blocks, mills = mill_problem(500.0)
    s = solve_flows(blocks, [], conversions=mills)
    assert s.conversion_duals[0] == pytest.approx(0.0, abs=1e-9)
