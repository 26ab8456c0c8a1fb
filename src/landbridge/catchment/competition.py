"""Gateway competition: every gateway's tonnes from one split of a scenario's flows, with the
capacities of ``capacities.csv`` (and the scenario's overrides) respected.

For each origin-market flow with tonnes, the candidate routes are the best sensible route
through each gateway the flow can use (so one per corridor: routes through the same gateways
are merged, the cheapest kept) and the flow's overall best. A multinomial logit over their
generalised costs, with the same scale as the catchment, splits the flow; a gateway's tonnes are
the sum over the routes that pass it. (A route passes several gateways, so gateway shares of
the exports add up to more than 1; routes that share a gateway are treated as independent
alternatives, the logit's usual simplification.)

Capacity, stated simply: a gateway whose tonnes exceed a limit (``all``; ``bulk`` for bulk
grain and ore; ``container`` for boxes; a ``ferry`` limit counts all cargo at the place) sheds
first the cargo that can go elsewhere: the routes through it of flows that have another route
avoiding every full gateway are cut by one factor, and the cut moves to those other routes,
split among them by the same logit (all-or-nothing at scale 0) and up to the room left on each
gateway they pass. Only if that does not bring the gateway within its limit (the other routes
are full too, or too few tonnes can leave) is every route through it cut by one factor, the
captive ones too; what then finds no room is reported as unplaced. Gateways are treated
fullest first. Limits on links are not applied here (``landbridge allocate`` does).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from landbridge.catchment.analysis import Setup, setups, summarize
from landbridge.catchment.kernel import all_gateway_edges, pair_paths, trees
from landbridge.catchment.logit import Logit
from landbridge.catchment.results import Gateways, GatewayUse
from landbridge.catchment.volumes import VolumeBasis, flow_tonnes, parse_basis
from landbridge.model.places import CargoClass
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.planning.sensible import BOUNDS, Totals, out_of_bounds
from landbridge.scenario.model import GROUP_SEPARATOR, Scenario

__all__ = ["OVERFLOW_RULE", "gateways"]

OVERFLOW_RULE = ("a full gateway sheds first the cargo that can go elsewhere: the routes of "
                 "flows with another route avoiding full gateways are cut by one factor and "
                 "the cut moves to those routes, split by the same logit and up to the room "
                 "left on each gateway they pass; if it is still over capacity every route "
                 "through it is cut by one factor, and what then finds no room is unplaced")
#: A gateway is not looked at for a flow when even its unconstrained route costs this much more
#: than the flow's best (generalised USD/t): beyond the planner's bounds of any rival, and its
#: logit share below exp(-30) at any scale the slack allows.
_PRUNE_USD_PER_T = 100.0
_PRUNE_SCALES = 30.0
#: Overflow smaller than this (tonnes per year) is not listed by destination.
_SHOWN_T = 1.0
_BULK = frozenset({CargoClass.BULK_GRAIN, CargoClass.ORE})
_BOX = frozenset({CargoClass.CONTAINER, CargoClass.REEFER})


@dataclass
class _Route:
    """One route of one flow: the gateways it passes, its share and its tonnes."""

    flow: int
    gateways: tuple[str, ...]
    cost: float
    share: float = 0.0
    tonnes: float = 0.0


@dataclass
class _Flow:
    cargo: CargoClass
    tonnes: float
    routes: list[_Route] = field(default_factory=list)


def _routes(network: Network, setup: Setup, pairs: list[tuple[int, int, float]],
            logit: Logit, flows: list[_Flow]) -> list[_Route]:
    """The candidate routes of each (origin row, market column, tonnes) and their shares."""
    graph = setup.graph
    w = np.maximum(setup.weights, 1e-9)
    full = trees(graph, w, setup.sources, setup.sinks)
    rows = sorted({i for i, _, _ in pairs})
    cols = sorted({j for _, j, _ in pairs})
    best = np.asarray([[full.d_from[i][setup.sinks[j]] for j in cols] for i in rows])
    found: dict[tuple[int, int], dict[tuple[str, ...], tuple[float, list[int]]]] = {}
    slack = max(_PRUNE_SCALES * logit.scale_usd_per_t, _PRUNE_USD_PER_T)
    for edges in all_gateway_edges(graph).values():
        g = np.asarray(edges, dtype=np.int64)
        # a lower bound on the cost through this gateway (tree paths may be unsensible)
        bound = np.asarray([[np.min(full.d_from[i][graph.src[g]] + w[g]
                                    + full.d_to[j][graph.dst[g]]) for j in cols] for i in rows])
        near = bound <= best + slack
        if not near.any():
            continue
        paths = pair_paths(network, graph, w, edges, [setup.sources[i] for i in rows],
                           [setup.sinks[j] for j in cols], rivals=False)
        for a, i in enumerate(rows):
            for b, j in enumerate(cols):
                path = paths.via[a][b]
                if path is None or not near[a, b]:
                    continue
                s = summarize(network, setup, path)
                mine = found.setdefault((i, j), {})
                if s.gateways not in mine or s.generalised_usd_per_t < mine[s.gateways][0]:
                    mine[s.gateways] = (s.generalised_usd_per_t, path)
    out: list[_Route] = []
    for i, j, tonnes in pairs:
        candidates = found.get((i, j))
        if not candidates:
            continue
        kept = _within_bounds(setup, candidates)
        index = len(flows)
        flow = _Flow(graph.key.cargo, tonnes)
        shares = logit.shares([cost for cost, _ in kept.values()])
        for (gates, (cost, _)), share in zip(kept.items(), shares, strict=True):
            flow.routes.append(_Route(index, gates, cost, float(share), tonnes * float(share)))
        flows.append(flow)
        out.extend(flow.routes)
    return out


def _within_bounds(setup: Setup, found: dict[tuple[str, ...], tuple[float, list[int]]]
                   ) -> dict[tuple[str, ...], tuple[float, list[int]]]:
    totals = {k: setup.totals(p) for k, (_, p) in found.items()}
    best = Totals(min(t.km for t in totals.values()), min(t.hours for t in totals.values()),
                  min(t.cost for t in totals.values()), min(t.co2e for t in totals.values()))
    return {k: v for k, v in found.items()
            if out_of_bounds(totals[k], best.km, best, BOUNDS) is None}


def _limits(network: Network, scenario: Scenario) -> dict[str, list[tuple[str, float]]]:
    """Capacity rows on places (tightest per scope), scenario overrides winning."""
    out: dict[tuple[str, str], float] = {}
    for c in network.capacities:
        if "--" in c.element:
            continue
        key = (c.element, c.scope)
        out[key] = min(out.get(key, math.inf), c.tonnes_per_year)
    for o in scenario.capacity:
        # links are not gateways; a capacity shared by several places (a transit quota) binds
        # in the allocation, not in this per-gateway re-split
        if "--" not in o.element and GROUP_SEPARATOR not in o.element:
            out[(o.element, o.scope)] = o.tonnes_per_year
    for closure in scenario.closures:
        for key in [k for k in out if k[0] == closure.element]:
            out[key] *= max(0.0, 365.0 - closure.days) / 365.0
    by_place: dict[str, list[tuple[str, float]]] = {}
    for (element, scope), tonnes in out.items():
        by_place.setdefault(element, []).append((scope, tonnes))
    return by_place


def _applies(scope: str, cargo: CargoClass) -> bool:
    if scope == "bulk":
        return cargo in _BULK
    if scope == "container":
        return cargo in _BOX
    return True  # all, ferry


class _Ledger:
    """Tonnes through each gateway by capacity scope, and the room left."""

    def __init__(self, routes: list[_Route], flows: list[_Flow],
                 limits: dict[str, list[tuple[str, float]]]) -> None:
        self.routes, self.flows, self.limits = routes, flows, limits

    def used(self, place: str, scope: str) -> float:
        return sum(r.tonnes for r in self.routes
                   if place in r.gateways and _applies(scope, self.flows[r.flow].cargo))

    def room(self, place: str, cargo: CargoClass) -> float:
        return min((cap - self.used(place, scope) for scope, cap in self.limits.get(place, [])
                    if _applies(scope, cargo)), default=math.inf)

    def utilisation(self, place: str) -> tuple[float, str | None, float | None]:
        worst, scope_of, cap_of = 0.0, None, None
        for scope, cap in self.limits.get(place, []):
            use = self.used(place, scope) / cap if cap > 0 else math.inf
            if use > worst or scope_of is None:
                worst, scope_of, cap_of = use, scope, cap
        return worst, scope_of, cap_of


def gateways(*, scenario: Scenario, logit: Logit | None = None,
             volumes: VolumeBasis | str = VolumeBasis.ALLOCATION,
             cargo: Sequence[str] = (), network: Network | None = None) -> Gateways:
    """Every gateway's tonnes per year under ``scenario``, split by the logit and with the
    gateways' capacities respected (see the module notes for the overflow rule).

    Examples
    --------
    >>> from landbridge.scenario import parse_scenario
    >>> s = parse_scenario('''
    ... name: one flow
    ... supply: [{origin: Almaty, commodity: general, tonnes: 100000}]
    ... demand: [{market: Duisburg, commodity: general, tonnes: 1000000}]
    ... ''')
    >>> g = gateways(scenario=s, volumes="demand")
    >>> round(g.total_tonnes)
    100000
    >>> all(u.scope_tonnes is None or u.scope_tonnes <= u.capacity for u in g.gateways)
    True
    """
    network = network or load_network()
    logit = logit or Logit()
    basis = parse_basis(volumes)
    tonnes = flow_tonnes(network, scenario, basis)
    flows: list[_Flow] = []
    routes: list[_Route] = []
    for setup in setups(network, cargo=cargo or scenario.commodities(), scenario=scenario):
        o_index = {p.id: i for i, p in enumerate(setup.origins)}
        m_index = {p.id: j for j, p in enumerate(setup.markets)}
        pairs = [(o_index[o], m_index[m], t) for (o, m, c), t in sorted(tonnes.items())
                 if c == setup.commodity.id and o in o_index and m in m_index and t > 0]
        if pairs:
            routes.extend(_routes(network, setup, pairs, logit, flows))
    demand = _per_gateway(routes)
    ledger = _Ledger(routes, flows, _limits(network, scenario))
    received: dict[str, float] = {}
    overflow: dict[str, dict[str, float]] = {}
    full: set[str] = set()
    unplaced = 0.0
    order = sorted(demand, key=lambda p: -ledger.utilisation(p)[0])
    for place in order:
        ratio, _, _ = ledger.utilisation(place)
        if ratio <= 1.0:
            continue
        full.add(place)
        unplaced += _spill(network, logit, place, ledger, full, received,
                           overflow.setdefault(place, {}))
    out = []
    after = _per_gateway(routes)
    for place in sorted(demand, key=lambda p: (-after.get(p, 0.0), p)):
        _, scope, cap = ledger.utilisation(place)
        p = network.places[place]
        out.append(GatewayUse(id=place, name=p.name, country=p.country,
                              demand_tonnes=demand[place],
                              tonnes=after.get(place, 0.0), capacity=cap,
                              capacity_scope=scope,
                              scope_tonnes=None if scope is None else ledger.used(place, scope),
                              received=received.get(place, 0.0),
                              full=place in full,
                              overflow_to={k: v for k, v in overflow.get(place, {}).items()
                                           if v >= _SHOWN_T}))
    total = float(sum(f.tonnes for f in flows))
    return Gateways(scenario=scenario.name, scale_usd_per_t=logit.scale_usd_per_t,
                    volumes=basis.value, total_tonnes=total, gateways=tuple(out),
                    unplaced_tonnes=unplaced, overflow_rule=OVERFLOW_RULE)


def _per_gateway(routes: list[_Route]) -> dict[str, float]:
    out: dict[str, float] = {}
    for r in routes:
        for g in r.gateways:
            out[g] = out.get(g, 0.0) + r.tonnes
    return out


def _spill(network: Network, logit: Logit, place: str, ledger: _Ledger, full: set[str],
           received: dict[str, float], sent: dict[str, float]) -> float:
    """Bring the full ``place`` within its capacity and return the tonnes left unplaced.

    Cargo that can go elsewhere leaves first: the routes through ``place`` whose flows have
    another route avoiding every full gateway are cut, by one factor per capacity scope, and
    what their other routes have room for moves there (split by the logit; ``sent`` records
    the tonnes by the corridor they moved to); what finds no room stays. Only if the place is
    still over its capacity are all its routes cut by one factor, the captive ones too, and
    what finds no room then is unplaced.
    """
    def routes() -> list[_Route]:
        return [r for r in ledger.routes if place in r.gateways and r.tonnes > 0]

    def alternatives(route: _Route) -> list[_Route]:
        return [r for r in ledger.flows[route.flow].routes
                if r is not route and not (full & set(r.gateways))]

    movable = [r for r in routes() if alternatives(r)]
    _cut(network, logit, place, ledger, movable, alternatives, received, sent, keep_rest=True)
    return _cut(network, logit, place, ledger, routes(), alternatives, received, sent,
                keep_rest=False)


def _cut(network: Network, logit: Logit, place: str, ledger: _Ledger, routes: list[_Route],
         alternatives: Callable[[_Route], list[_Route]], received: dict[str, float],
         sent: dict[str, float], *, keep_rest: bool) -> float:
    """Cut ``routes`` by the factor per capacity scope that brings ``place`` to its capacity
    (counting only their tonnes as cuttable) and move each cut to the route's alternatives
    within their room. What finds no room stays on the route if ``keep_rest``, else it is
    returned as unplaced."""
    factor = {}
    for scope, cap in ledger.limits.get(place, []):
        used = ledger.used(place, scope)
        cuttable = sum(r.tonnes for r in routes if _applies(scope, ledger.flows[r.flow].cargo))
        excess = used - cap
        factor[scope] = 1.0 - min(1.0, excess / cuttable) if excess > 0 and cuttable > 0 else 1.0
    unplaced = 0.0
    for route in routes:
        flow = ledger.flows[route.flow]
        keep = min((f for s, f in factor.items() if _applies(s, flow.cargo)), default=1.0)
        cut = route.tonnes * (1.0 - keep)
        if cut <= 0:
            continue
        route.tonnes -= cut
        targets = alternatives(route)
        split = logit.shares([r.cost for r in targets])
        whole = cut  # each target's part is of the whole cut, not of what earlier ones left
        for target, part in zip(targets, split.tolist(), strict=True):
            want = whole * part
            room = min((ledger.room(g, flow.cargo) for g in target.gateways), default=math.inf)
            moved = max(0.0, min(want, room))
            if moved <= 0:
                continue
            target.tonnes += moved
            cut -= moved
            for g in target.gateways:
                received[g] = received.get(g, 0.0) + moved
            corridor = " > ".join(network.places[g].name.split(" (")[0]
                                  for g in target.gateways) or "no gateway"
            sent[corridor] = sent.get(corridor, 0.0) + moved
        if keep_rest:
            route.tonnes += max(0.0, cut)
        else:
            unplaced += max(0.0, cut)
    return unplaced
