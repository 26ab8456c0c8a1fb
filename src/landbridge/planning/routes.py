"""The route planner: validate a request, search the expanded graph, price and time the routes."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from landbridge.costing.rates import carrying_cost_per_hour
from landbridge.errors import InvalidOptionError, NoRouteError
from landbridge.model._choices import parse_choice
from landbridge.model.cargo import Commodity, Unit
from landbridge.model.places import Place
from landbridge.network.geo import great_circle_km
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.planning.itinerary import corridor_key, legs_of, stages_of, summarize_legs
from landbridge.planning.request import (
    Avoid,
    Objective,
    RouteRequest,
    check_numbers,
    commodity_named,
    objective_weights,
    parse_avoid,
)
from landbridge.planning.results import Leg, Route, RoutePlan
from landbridge.reliability.montecarlo import simulate_transit, standard_normals
from landbridge.routing.alternatives import paths_through
from landbridge.routing.graph import CompiledGraph, GraphKey, compile_graph
from landbridge.routing.pareto import ParetoPath, pareto_paths

__all__ = ["plan_routes"]

@dataclass(frozen=True, slots=True)
class _Resolved:
    origin: Place
    destination: Place
    commodity: Commodity
    unit: Unit
    objective: Objective
    avoid: Avoid
    via: Place | None
    value_of_time: float
    avoid_links: frozenset[str] = frozenset()
    multipliers: tuple[tuple[str, str, float], ...] = ()


def _resolve(network: Network, request: RouteRequest) -> _Resolved:
    check_numbers(request)
    origin = network.place(request.origin)
    destination = network.place(request.destination)
    if origin.id == destination.id:
        raise NoRouteError(f"origin and destination are the same place ({origin.name})")
    commodity = commodity_named(network, request.commodity)
    unit = commodity.usual_unit if request.unit is None else parse_choice(
        Unit, request.unit, what="unit")
    if unit not in commodity.units:
        allowed = ", ".join(sorted(u.value for u in commodity.units))
        raise InvalidOptionError("unit", unit.value, sorted(u.value for u in commodity.units),
                                 message=f"{commodity.id} travels only as {allowed}, "
                                         f"not {unit.value}")
    objective = parse_choice(Objective, request.objective, what="objective")
    scenario = request.scenario
    avoid = parse_avoid(network, (*request.avoid, *(scenario.avoid if scenario else ())))
    avoid_links: frozenset[str] = frozenset()
    multipliers: tuple[tuple[str, str, float], ...] = ()
    if scenario is not None:
        closed = scenario.closed_for_good
        avoid = replace(avoid, places=avoid.places | {e for e in closed if "--" not in e})
        avoid_links = frozenset(e for e in closed if "--" in e)
        multipliers = scenario.multipliers.key()
    via = network.place(request.via) if request.via else None
    for role, place in (("origin", origin), ("destination", destination), ("via place", via)):
        if place is None:
            continue
        if place.id in avoid.places or place.countries & avoid.countries:
            raise NoRouteError(f"the {role} {place.name} is itself avoided")
    vot = request.value_of_time
    if vot is None:
        vot = network.parameter("default_value_of_time")
    return _Resolved(origin, destination, commodity, unit, objective, avoid, via, vot,
                     avoid_links, multipliers)


def _score(path: ParetoPath, objective: Objective, value_of_time: float) -> float:
    """The objective's value for a path (its cost already includes carrying cost)."""
    if objective is Objective.FASTEST:
        return path.hours
    if objective is Objective.GREENEST:
        return path.co2e
    if objective is Objective.BALANCED:
        return path.cost + value_of_time * path.hours / 24.0
    return path.cost


def _search(network: Network, r: _Resolved, request: RouteRequest) -> tuple[
        CompiledGraph, list[ParetoPath]]:
    cargo = r.commodity.cargo_class(r.unit)
    key = GraphKey(cargo=cargo, unit=r.unit, avoid_places=r.avoid.places,
                   avoid_countries=r.avoid.countries, closed_passages=r.avoid.passages,
                   avoid_links=r.avoid_links, multipliers=r.multipliers)
    graph = compile_graph(network, key)
    for role, place, ends in (("load", r.origin, graph.sources),
                              ("unload", r.destination, graph.sinks)):
        if place.id not in ends:
            raise NoRouteError(_cannot_handle(network, place, role, r))
    carry = carrying_cost_per_hour(network, r.commodity)
    max_hours = math.inf if request.max_days is None else request.max_days * 24.0
    via = [i for i, pid in enumerate(graph.node_place) if r.via and pid == r.via.id]
    paths = pareto_paths(graph, graph.sources[r.origin.id], graph.sinks[r.destination.id],
                         carry_per_hour=carry, max_hours=max_hours, via=via)
    return graph, paths


_GATEWAY_OPS = frozenset({"border", "gauge_change", "rail_to_ship", "rail_to_ferry"})


def _dominated_alternatives(graph: CompiledGraph, r: _Resolved, request: RouteRequest,
                            carry: float) -> list[ParetoPath]:
    """Best routes through other gateways (crossings, ports), though dominated: so that "via
    the Caspian" or "via Iran" still shows when another corridor beats it on every count."""
    cost = graph.cost + carry * graph.hours
    weights = objective_weights(graph, r.objective, carry_per_hour=carry,
                                value_of_time=r.value_of_time)
    gateways = [i for i, e in enumerate(graph.edges)
                if e.operation is not None and e.operation.value in _GATEWAY_OPS]
    via = {i for i, pid in enumerate(graph.node_place) if r.via and pid == r.via.id}
    max_hours = math.inf if request.max_days is None else request.max_days * 24.0
    out = []
    for edges in paths_through(graph, graph.sources[r.origin.id],
                               graph.sinks[r.destination.id], weights, gateways,
                               limit=4 * request.alternatives):
        hours = float(graph.hours[list(edges)].sum())
        if hours > max_hours:
            continue
        if via and not any(int(graph.src[e]) in via or int(graph.dst[e]) in via for e in edges):
            continue
        out.append(ParetoPath(tuple(edges), hours, float(cost[list(edges)].sum()),
                              float(graph.wtw[list(edges)].sum())))
    return out


def _cannot_handle(network: Network, place: Place, role: str, r: _Resolved) -> str:
    """Why a place cannot load or unload the cargo, and what to try instead."""
    cargo = r.commodity.cargo_class(r.unit)
    handles = ", ".join(sorted(h.value for h in place.handles)) or "nothing"
    hints = []
    other_units = [u.value for u in r.commodity.units
                   if u is not r.unit and r.commodity.cargo_class(u) in place.handles]
    if other_units:
        hints.append(f"--unit {other_units[0]}")
    nearby = sorted(
        (great_circle_km(place.lat, place.lon, p.lat, p.lon), p.name)
        for p in network.places.values()
        if p.id != place.id and cargo in p.handles and p.roles & place.roles
    )
    hints.extend(name for km, name in nearby[:2] if km < 200)
    hint = f"; try {' or '.join(hints)}" if hints else ""
    return (f"{place.name} cannot {role} {cargo.value} cargo ({r.commodity.id} as "
            f"{r.unit.value}): it handles {handles}{hint}")


def _diagnose(network: Network, r: _Resolved, request: RouteRequest) -> str:
    what = f"{r.commodity.id} ({r.unit.value}) from {r.origin.name} to {r.destination.name}"
    if request.max_days is not None:
        _, paths = _search(network, r, replace(request, max_days=None))
        if paths:
            fastest = min(p.hours for p in paths) / 24.0
            return (f"no route for {what} within {request.max_days:g} days: the fastest takes "
                    f"{fastest:.1f} days on average")
    if r.via is not None:
        _, paths = _search(network, replace(r, via=None), request)
        if paths:
            return f"no route for {what} passes through {r.via.name}"
    items: list[tuple[str, Avoid]] = []
    for p in sorted(r.avoid.passages):
        items.append((p.value, replace(r.avoid, passages=r.avoid.passages - {p})))
    for c in sorted(r.avoid.countries):
        items.append((c, replace(r.avoid, countries=r.avoid.countries - {c})))
    for pid in sorted(r.avoid.places):
        items.append((network.places[pid].name,
                      replace(r.avoid, places=r.avoid.places - {pid})))
    for label, relaxed in items:
        _, paths = _search(network, replace(r, avoid=relaxed), request)
        if paths:
            return f"no route for {what}: avoiding {label} cuts the last one"
    return f"no route for {what} on the network"


def _route(network: Network, graph: CompiledGraph, path: ParetoPath, legs: list[Leg],
           r: _Resolved, request: RouteRequest, carry_per_hour: float,
           normals: NDArray[np.float32], pareto: bool = True) -> Route:
    summary, corridor = summarize_legs(legs)
    visited: list[Place] = []
    for index in path.edges:
        edge = graph.edges[index]
        for pid in (edge.a, edge.b):
            place = network.places[pid]
            if not visited or visited[-1].id != pid:
                visited.append(place)
    days = simulate_transit(stages_of(graph, path.edges), samples=request.samples,
                            seed=request.seed, normals=normals)
    freight = sum(graph.edges[i].figures.cost for i in path.edges)
    carrying = carry_per_hour * path.hours
    cost = freight + carrying
    return Route(
        summary=summary,
        corridor=corridor,
        via=tuple(visited),
        legs=tuple(legs),
        distance_km=sum(leg.distance_km for leg in legs),
        days=days,
        freight_usd_per_t=freight,
        carrying_usd_per_t=carrying,
        co2e_ttw=sum(graph.edges[i].figures.ttw for i in path.edges),
        co2e_wtw=sum(graph.edges[i].figures.wtw for i in path.edges),
        pareto=pareto,
        tonnes=request.tonnes,
        landed_usd_per_t=r.commodity.value_usd_per_t + cost,
        netback_usd_per_t=None if request.price is None else request.price - cost,
    )


def plan_routes(request: RouteRequest, *, network: Network | None = None) -> RoutePlan:
    """Plan the routes for ``request``: the Pareto set over time, cost and CO2e, one route per
    corridor, best first by the request's objective.

    Raises
    ------
    UnknownPlaceError
        If a place is not in the network (the message suggests the closest names).
    InvalidOptionError
        If the cargo, unit, objective or a number is not valid.
    NoRouteError
        If no route satisfies the request; the message says which constraint cut the last one.

    Examples
    --------
    >>> plan = plan_routes(RouteRequest(origin="Kostanay", destination="Saigon",
    ...                                 commodity="wheat", unit="container"))
    >>> plan.best.days.p90 >= plan.best.days.p50
    True
    """
    network = network or load_network()
    r = _resolve(network, request)
    graph, paths = _search(network, r, request)
    if not paths:
        raise NoRouteError(_diagnose(network, r, request))
    carry = carrying_cost_per_hour(network, r.commodity)
    paths.sort(key=lambda p: _score(p, r.objective, r.value_of_time))
    chosen: dict[tuple[str, ...], tuple[ParetoPath, list[Leg]]] = {}
    for path in paths:
        legs = legs_of(network, graph, path.edges)
        chosen.setdefault(corridor_key(legs), (path, legs))
        if len(chosen) == request.alternatives:
            break
    pareto_keys = set(chosen)
    if len(chosen) < request.alternatives:
        for path in _dominated_alternatives(graph, r, request, carry):
            legs = legs_of(network, graph, path.edges)
            chosen.setdefault(corridor_key(legs), (path, legs))
            if len(chosen) == request.alternatives:
                break
    ordered = sorted(chosen.items(), key=lambda kv: _score(kv[1][0], r.objective,
                                                           r.value_of_time))
    stages = max(len(stages_of(graph, p.edges)) for _, (p, _) in ordered)
    normals = standard_normals(request.samples, stages, seed=request.seed)
    routes = tuple(_route(network, graph, p, legs, r, request, carry, normals,
                          pareto=key in pareto_keys) for key, (p, legs) in ordered)
    return RoutePlan(origin=r.origin, destination=r.destination, commodity=r.commodity.id,
                     unit=r.unit.value, objective=r.objective.value, tonnes=request.tonnes,
                     routes=routes,
                     within_days=request.within_days or request.max_days)

