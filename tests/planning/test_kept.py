"""A plan does not depend on the questions asked before it: what the planner keeps between
queries (trees, bounds, edge tables, draws) gives the plan a fresh process gives."""

from __future__ import annotations

from typing import Any

from landbridge.network.network import Network
from landbridge.planning import RouteRequest, plan_routes
from landbridge.planning import routes as planner
from landbridge.reliability import montecarlo
from landbridge.routing import alternatives, pareto

_QUESTIONS = [
    RouteRequest(origin="Kostanay", destination="Cai Mep", commodity="wheat"),
    RouteRequest(origin="Almaty", destination="Cai Mep", commodity="cotton", seed=3),
    RouteRequest(origin="Kostanay", destination="Istanbul", commodity="wheat",
                 objective="fastest", samples=2_000),
    RouteRequest(origin="Kostanay", destination="Cai Mep", commodity="wheat", seed=3,
                 alternatives=3),
]


def _answer(network: Network, request: RouteRequest) -> Any:
    plan = plan_routes(request, network=network)
    return [(r.to_dict(), r.days.samples.tobytes()) for r in plan.routes]


def _forget() -> None:
    for kept in (alternatives._tree, pareto._bounds_to, pareto._edge_costs, pareto._steps,
                 planner._edge_table, planner._edge_tables, planner._weights,
                 planner._columns):
        kept.cache_clear()
    with montecarlo._drawn_lock:
        montecarlo._drawn.clear()


def test_a_plan_does_not_depend_on_the_questions_before_it(network: Network) -> None:
    _forget()
    fresh = [_answer(network, q) for q in _QUESTIONS]
    # asked again, in another order: every kept tree, bound and draw is reused
    for index in (3, 1, 0, 2, 0, 3):
        assert _answer(network, _QUESTIONS[index]) == fresh[index]
    _forget()
    assert _answer(network, _QUESTIONS[2]) == fresh[2]
