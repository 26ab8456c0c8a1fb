"""The all-pairs best-route matrix agrees with the single-pair planner.

The matrix is the unconstrained optimum; the planner does not list routes that revisit a
place, re-enter a country, sail a coastal voyage or exceed its bounds, so its best is never
better than the matrix's and equals it whenever the matrix's route is one a forwarder lists.
"""

from __future__ import annotations

import numpy as np
import pytest

from landbridge.planning import RouteRequest, best_routes, plan_routes


@pytest.mark.parametrize("objective", ["cheapest", "fastest", "greenest"])
def test_matrix_matches_the_planner(objective: str) -> None:
    matrix = best_routes(commodity="wheat", unit="container", objective=objective)
    checked = equal = 0
    for i, origin in enumerate(matrix.origins[:6]):
        for j, market in enumerate(matrix.markets[::4]):
            jj = j * 4
            value = matrix.cost_usd_per_t[i, jj]
            if not np.isfinite(value):
                continue
            plan = plan_routes(RouteRequest(origin=origin.id, destination=market.id,
                                            commodity="wheat", unit="container",
                                            objective=objective, samples=200))
            best = plan.routes[0]
            if objective == "cheapest":
                pair = (value, best.cost_usd_per_t)
            elif objective == "fastest":
                pair = (matrix.days[i, jj], sum(leg.hours for leg in best.legs) / 24)
            else:
                pair = (matrix.co2e_wtw[i, jj], best.co2e_wtw)
            assert pair[0] <= pair[1] * 1.01
            equal += pair[0] == pytest.approx(pair[1], rel=0.01)
            checked += 1
    assert checked >= 5
    assert equal >= checked // 2


def test_matrix_covers_every_origin_and_market() -> None:
    matrix = best_routes(commodity="wheat", unit="container")
    assert np.isfinite(matrix.cost_usd_per_t).mean() > 0.8
    assert len(matrix.to_dict()["routes"]) == int(np.isfinite(matrix.cost_usd_per_t).sum())
