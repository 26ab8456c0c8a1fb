"""The route planner: validate a request, search the expanded graph, price and time the routes.

An origin or a market may be an area (a city's terminals, a country's markets): the planner
searches every terminal that can take the cargo, and every unit the commodity may travel in
unless one is asked for, and says which terminal and unit each route uses.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from landbridge.costing.rates import carrying_cost_per_hour, default_service, rail_service
from landbridge.errors import (
    CargoNotHandledError,
    NoRouteError,
    TerminalRefusal,
)
from landbridge.model.areas import Area
from landbridge.model.cargo import Commodity, Unit
from landbridge.model.places import Place, Role, Waters
from landbridge.network.geo import great_circle_km
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.planning.consignment import consignment, ocean_voyage
from landbridge.planning.itinerary import corridor_key, legs_of, stages_of, summarize_legs
from landbridge.planning.request import (
    Avoid,
    Objective,
    RouteRequest,
    check_numbers,
    commodity_named,
    commodity_units,
    generalised_cost,
    objective_weights,
    parse_avoid,
    parse_objective,
)
from landbridge.planning.results import Leg, Route, RoutePlan
from landbridge.planning.sensible import BOUNDS, Totals, out_of_bounds, revisit
from landbridge.reliability.montecarlo import TransitTime, simulate_routes
from landbridge.routing.alternatives import paths_through
from landbridge.routing.graph import CompiledGraph, EdgeKind, GraphKey, compile_graph
from landbridge.routing.pareto import ParetoPath, pareto_paths, undominated
from landbridge.routing.pathsums import path_sums

__all__ = ["plan_routes"]

#: How far (great circle) a terminal may be from the one asked for to be suggested instead.
_NEARBY_KM = 200.0
#: How many routes through other gateways to consider per terminal pair before the rules of
#: :mod:`landbridge.planning.sensible` drop some: a few more than can be shown.
_ALTERNATIVES_HEADROOM = 4


@dataclass(frozen=True, slots=True)
class _Resolved:
    origin: Area
    destination: Area
    commodity: Commodity
    units: tuple[Unit, ...]
    objective: Objective
    avoid: Avoid
    via: Area | None
    value_of_time: float  # USD per tonne-day
    tonnes: float | None
    avoid_links: frozenset[str] = frozenset()
    multipliers: tuple[tuple[str, str, float], ...] = ()


class _Candidate(NamedTuple):
    """A path found for one unit between one origin terminal and one market terminal, priced:
    a :class:`_Found`, its length and its freight (a named tuple: a question makes dozens, and
    a tuple is made in a third of the time of a frozen dataclass). Candidates are told apart
    by identity, never by value."""

    graph: CompiledGraph
    unit: Unit
    start: Place
    end: Place
    path: ParetoPath
    km: float
    freight: float  # USD/t, without the carrying cost

    def totals(self) -> Totals:
        return Totals(self.km, self.path.hours, self.path.cost, self.path.co2e)


class _Found(NamedTuple):
    """A Pareto path for one unit between one origin terminal and one market terminal, not
    yet priced or measured (its freight and length are summed with the other paths of the
    question, see :func:`_priced`)."""

    graph: CompiledGraph
    unit: Unit
    start: Place
    end: Place
    path: ParetoPath


class _Through(NamedTuple):
    """A path through a gateway (edge indices) for one unit between two terminals, not yet
    totalled."""

    graph: CompiledGraph
    unit: Unit
    start: Place
    end: Place
    edges: tuple[int, ...]


def _resolve(network: Network, request: RouteRequest) -> _Resolved:
    check_numbers(request)
    origin = network.area(request.origin, role=Role.ORIGIN)
    destination = network.area(request.destination, role=Role.MARKET)
    for role, area in (("origin", origin), ("destination", destination)):
        if not area.members:
            raise NoRouteError(f"{area.name} has no {'origins' if role == 'origin' else 'markets'}"
                               " in the network; name a place instead", field=role,
                               value=area.name)
    if origin.ids == destination.ids and len(origin.ids) == 1:
        raise NoRouteError(f"origin and destination are the same place ({origin.name})",
                           field="destination", value=destination.name)
    commodity = commodity_named(network, request.commodity)
    units = commodity_units(commodity, request.unit)
    objective = parse_objective(request.objective)
    scenario = request.scenario
    avoid = parse_avoid(network, (*request.avoid, *(scenario.avoid if scenario else ())))
    avoid_links: frozenset[str] = frozenset()
    multipliers: tuple[tuple[str, str, float], ...] = ()
    if scenario is not None:
        closed = scenario.closed_for_good
        avoid = replace(avoid, places=avoid.places | {e for e in closed if "--" not in e})
        avoid_links = frozenset(e for e in closed if "--" in e)
        multipliers = scenario.multipliers.key()
    via = network.area(request.via) if request.via else None
    named: list[tuple[str, Area | None]] = [("origin", origin), ("destination", destination),
                                            ("via", via)]
    for role, maybe in named:
        if maybe is not None and all(p.id in avoid.places or p.countries & avoid.countries
                                     for p in maybe.members):
            raise NoRouteError(f"the {role} {maybe.name} is itself avoided", field="avoid",
                               value=maybe.name)
    vot = request.value_of_time
    if vot is None:
        vot = commodity.value_of_time_usd_per_t_day
    return _Resolved(origin, destination, commodity, units, objective, avoid, via, vot,
                     request.tonnes, avoid_links, multipliers)


def _graphs(network: Network, r: _Resolved) -> list[tuple[Unit, CompiledGraph]]:
    """Each unit asked for and its graph: looked up once per question, and handed to each
    step that searches them."""
    return [(unit, _graph(network, r, unit)) for unit in r.units]


def _graph(network: Network, r: _Resolved, unit: Unit) -> CompiledGraph:
    key = GraphKey(cargo=r.commodity.cargo_class(unit), unit=unit,
                   service=rail_service(network, unit, r.tonnes),
                   charter_t=(r.tonnes if unit is Unit.BULK and _ships_from_its_port(r.origin)
                              else None),
                   avoid_places=r.avoid.places, avoid_countries=r.avoid.countries,
                   closed_passages=r.avoid.passages, avoid_links=r.avoid_links,
                   multipliers=r.multipliers)
    return compile_graph(network, key)


def _ships_from_its_port(origin: Area) -> bool:
    """Whether a lot leaves on its own ship: it starts at an ocean port. From inland, the port's
    terminal gathers it with other trains into a ship's parcel (the wait its rail-to-ship dwell
    prices), so its size does not choose the ship."""
    return all(p.waters is Waters.OCEAN for p in origin.members)


def _via_edges(graph: CompiledGraph, via: Area | None) -> list[int]:
    """The edges where cargo is handled at the via area: loading, unloading, transshipment,
    break of gauge, border clearance. A train or a ship passing by does not count."""
    if via is None:
        return []
    ids = via.ids
    return [i for i, e in graph.edges.others()
            if e.a in ids and (e.kind in (EdgeKind.LOAD, EdgeKind.UNLOAD)
                               or (e.kind is EdgeKind.TRANSFER and e.operation is not None))]


def _score(c: _Candidate, objective: Objective, value_of_time: float) -> float:
    """The objective's value for a candidate (its cost already includes carrying cost)."""
    if objective is _FASTEST:
        return c.path.hours
    if objective is _GREENEST:
        return c.path.co2e
    if objective is _GENERALISED:
        return generalised_cost(c.freight, c.path.hours, value_of_time)
    return c.path.cost


# the objectives _score compares with, bound once: it scores every candidate, and a member
# read off its class costs a lookup of its own on Python 3.11
_FASTEST, _GREENEST, _GENERALISED = Objective.FASTEST, Objective.GREENEST, Objective.GENERALISED


@dataclass(frozen=True, slots=True)
class _Columns:
    """Each edge's kg CO2e (tank to wheel, well to wheel) as lists: a route's totals are
    summed from them, edge by edge in the route's order."""

    ttw: list[float]
    wtw: list[float]


@functools.lru_cache(maxsize=64)
def _columns(graph: CompiledGraph) -> _Columns:
    """The :class:`_Columns` of ``graph``, made once per graph. Not to be changed."""
    return _Columns(graph.edges.ttw().tolist(), graph.wtw.tolist())


def _total(column: list[float], edges: Sequence[int]) -> float:
    """``column`` summed over ``edges``, in their order."""
    return sum(map(column.__getitem__, edges))


def _pairs(r: _Resolved, graph: CompiledGraph) -> list[tuple[Place, Place]]:
    return [(o, d) for o in r.origin.members if o.id in graph.sources
            for d in r.destination.members if d.id in graph.sinks and d.id != o.id]


def _search(network: Network, r: _Resolved, request: RouteRequest,
            graphs: Sequence[tuple[Unit, CompiledGraph]]) -> list[_Found]:
    """Pareto paths for every unit and pair of terminals (``graphs``: :func:`_graphs`), then
    the ones non-dominated over all."""
    carry = carrying_cost_per_hour(network, r.commodity)
    max_hours = math.inf if request.max_days is None else request.max_days * 24.0
    found: list[_Found] = []
    for unit, graph in graphs:
        via = _via_edges(graph, r.via)
        if r.via is not None and not via:
            continue
        for start, end in _pairs(r, graph):
            for path in pareto_paths(graph, graph.sources[start.id], graph.sinks[end.id],
                                     carry_per_hour=carry, max_hours=max_hours, via=via):
                found.append(_Found(graph, unit, start, end, path))
    kept = undominated([(c.path.hours, c.path.cost, c.path.co2e) for c in found])
    return [c for c, keep in zip(found, kept, strict=True) if keep]


def _through_gateways(network: Network, r: _Resolved,
                      graphs: Sequence[tuple[Unit, CompiledGraph]], limit: int) -> list[_Through]:
    """Best routes through other gateways (crossings, ports), though dominated: so that "via
    the Caspian" or "via Iran" still shows when another corridor beats it on every count
    (``graphs``: :func:`_graphs`)."""
    carry = carrying_cost_per_hour(network, r.commodity)
    out: list[_Through] = []
    for unit, graph in graphs:
        weights = _weights(graph, r.objective, carry, r.value_of_time)
        via = set(_via_edges(graph, r.via))
        if r.via is not None and not via:
            continue
        for start, end in _pairs(r, graph):
            # a path through several gateways comes once for each: the first stands for all
            # (the same route twice would open the same corridor twice)
            for edges in dict.fromkeys(paths_through(
                    graph, graph.sources[start.id], graph.sinks[end.id], weights,
                    limit=limit)):
                if not via or not via.isdisjoint(edges):
                    out.append(_Through(graph, unit, start, end, edges))
    return out


def _priced(request: RouteRequest, carry: float, found: Sequence[_Found],
            through: Sequence[_Through]) -> tuple[list[_Candidate], list[_Candidate]]:
    """The Pareto paths with their length and freight, and the paths through gateways with
    their totals (those over the longest time asked for left out), as candidates: all their
    sums in one :func:`path_sums` over the question's graphs side by side."""
    graphs = tuple(dict.fromkeys([*(f.graph for f in found), *(t.graph for t in through)]))
    table, offsets = _edge_tables(graphs, carry)
    paths = [*(f.path.edges for f in found), *(t.edges for t in through)]
    where = [*(offsets[f.graph] for f in found), *(offsets[t.graph] for t in through)]
    hours, cost, co2e, freight, km = path_sums(table, paths, offsets=where,
                                               in_order=1).tolist()
    n = len(found)
    priced = [_Candidate(f.graph, f.unit, f.start, f.end, f.path, length, sum_)
              for f, length, sum_ in zip(found, km[:n], freight[:n], strict=True)]
    max_hours = math.inf if request.max_days is None else request.max_days * 24.0
    extra: list[_Candidate] = []
    for t, h, c, e, length, sum_ in zip(through, hours[n:], cost[n:], co2e[n:], km[n:],
                                        freight[n:], strict=True):
        if h > max_hours:
            continue
        extra.append(_Candidate(t.graph, t.unit, t.start, t.end, ParetoPath(t.edges, h, c, e),
                                length, sum_))
    return priced, extra


@functools.lru_cache(maxsize=64)
def _edge_table(graph: CompiledGraph, carry_per_hour: float) -> NDArray[np.float64]:
    """Each edge's hours, cost with the carrying cost, kg CO2e (WTW), cost without it and km,
    as rows, once per graph and carrying cost (read-only). A route's km are summed in order,
    as :func:`_total` sums a column (``in_order=1`` for :func:`path_sums`)."""
    table = np.stack((graph.hours, graph.cost + carry_per_hour * graph.hours, graph.wtw,
                      graph.cost, graph.edges.distance_km()))
    table.setflags(write=False)
    return table


@functools.lru_cache(maxsize=64)
def _weights(graph: CompiledGraph, objective: Objective, carry_per_hour: float,
             value_of_time: float) -> NDArray[np.float64]:
    """:func:`~landbridge.planning.request.objective_weights`, once per graph, objective,
    carrying cost and value of time. Not to be changed (it may be the graph's own column)."""
    return objective_weights(graph, objective, carry_per_hour=carry_per_hour,
                             value_of_time=value_of_time)


@functools.lru_cache(maxsize=32)
def _edge_tables(graphs: tuple[CompiledGraph, ...], carry_per_hour: float) -> tuple[
        NDArray[np.float64], dict[CompiledGraph, int]]:
    """The :func:`_edge_table` of each graph side by side, and the column where each graph's
    begins, once per graphs and carrying cost (read-only): a question's paths over all its
    units' graphs are summed in one call."""
    tables = [_edge_table(g, carry_per_hour) for g in graphs]
    offsets = dict(zip(graphs, itertools.accumulate([0, *(t.shape[1] for t in tables)]),
                       strict=False))
    if len(tables) == 1:
        return tables[0], offsets
    table = np.concatenate(tables, axis=1)
    table.setflags(write=False)
    return table, offsets


def _cannot_handle(network: Network, r: _Resolved) -> CargoNotHandledError | None:
    """Why no terminal of the origin or the market can take the cargo in any unit asked for;
    None if some pair of terminals can."""
    for role, area in (("origin", r.origin), ("destination", r.destination)):
        ends_ok = False
        for unit in r.units:
            graph = _graph(network, r, unit)
            ends = graph.sources if role == "origin" else graph.sinks
            if any(p.id in ends for p in area.members):
                ends_ok = True
        if ends_ok:
            continue
        cargo_classes = {r.commodity.cargo_class(u) for u in r.units}
        other_units = [u.value for u in r.commodity.units if u not in r.units and any(
            r.commodity.cargo_class(u) in p.handles for p in area.members)]
        nearby = sorted(
            (great_circle_km(m.lat, m.lon, p.lat, p.lon), p.name)
            for m in area.members for p in network.places.values()
            if p.id not in area.ids and cargo_classes & p.handles and p.roles & m.roles
        )
        names: list[str] = []
        for km, name in nearby:
            if km < _NEARBY_KM and name not in names:
                names.append(name)
        classes = sorted(c.value for c in cargo_classes)
        what = f"{r.commodity.id} as {' or '.join(u.value for u in r.units)}" + (
            f" ({'/'.join(classes)} cargo)" if classes != sorted(u.value for u in r.units)
            else "")
        refusals = [TerminalRefusal(p.name, tuple(sorted(h.value for h in p.handles)))
                    for p in area.members]
        return CargoNotHandledError(role=role, area=area.name, cargo=what, refusals=refusals,
                                    units=other_units, nearby=names[:2])
    return None


def _diagnose(network: Network, r: _Resolved, request: RouteRequest) -> NoRouteError:
    refusal = _cannot_handle(network, r)
    if refusal is not None:
        return refusal
    units = "/".join(u.value for u in r.units)
    what = f"{r.commodity.id} ({units}) from {r.origin.name} to {r.destination.name}"

    def search(r: _Resolved, request: RouteRequest) -> list[_Found]:
        return _search(network, r, request, _graphs(network, r))

    if request.max_days is not None:
        paths = search(r, replace(request, max_days=None))
        if paths:
            fastest = min(c.path.hours for c in paths) / 24.0
            return NoRouteError(f"no route for {what} within {request.max_days:g} days: the "
                                f"fastest takes {fastest:.1f} days on average",
                                field="max_days", value=f"{request.max_days:g}")
    if r.via is not None and search(replace(r, via=None), request):
        return NoRouteError(f"no route for {what} is handled at {r.via.name} (loaded, "
                            "unloaded, transshipped or cleared there)", field="via",
                            value=r.via.name)
    items: list[tuple[str, Avoid]] = []
    for p in sorted(r.avoid.passages):
        items.append((p.value, replace(r.avoid, passages=r.avoid.passages - {p})))
    for c in sorted(r.avoid.countries):
        items.append((c, replace(r.avoid, countries=r.avoid.countries - {c})))
    for pid in sorted(r.avoid.places):
        items.append((network.places[pid].name,
                      replace(r.avoid, places=r.avoid.places - {pid})))
    for label, relaxed in items:
        if search(replace(r, avoid=relaxed), request):
            return NoRouteError(f"no route for {what}: avoiding {label} cuts the last one",
                                field="avoid", value=label)
    return NoRouteError(f"no route for {what} on the network")


def _route(network: Network, c: _Candidate, legs: list[Leg], r: _Resolved,
           request: RouteRequest, carry_per_hour: float, days: TransitTime,
           pareto: bool) -> Route:
    graph, path = c.graph, c.path
    summary, corridor = summarize_legs(legs)
    columns = _columns(graph)
    places = network.places
    visited: list[Place] = []
    last = None  # the id of the place visited last
    for edge in graph.edges.path(path.edges):
        a, b = edge.a, edge.b
        if a != last:
            visited.append(places[a])
        if b != a:
            visited.append(places[b])
        last = b
    freight = c.freight
    carrying = carry_per_hour * path.hours
    cost = freight + carrying
    # the graph says whether the lot charters its own ship (its key's charter_t): the label
    # then names that ship, the one its freight paid for
    lot = consignment(network, c.unit, c.start, tonnes=request.tonnes,
                      sea=ocean_voyage(legs) if graph.key.charter_t is not None else None)
    return Route(
        summary=summary,
        corridor=corridor,
        unit=c.unit.value,
        service=_service_words(c, legs),
        start=c.start,
        end=c.end,
        via=tuple(visited),
        legs=tuple(legs),
        distance_km=sum(leg.distance_km for leg in legs),
        days=days,
        freight_usd_per_t=freight,
        carrying_usd_per_t=carrying,
        generalised_usd_per_t=generalised_cost(freight, path.hours, r.value_of_time),
        co2e_ttw=_total(columns.ttw, path.edges),
        co2e_wtw=_total(columns.wtw, path.edges),
        pareto=pareto,
        tonnes=lot.tonnes,
        consignment=lot.label,
        landed_usd_per_t=r.commodity.value_usd_per_t + cost,
        netback_usd_per_t=None if request.price is None else request.price - cost,
    )


def _service_words(c: _Candidate, legs: Sequence[Leg]) -> str:
    """The train assumed on the rail legs, in words: the kind of train, and the scheduled
    trains ridden, if any (see :mod:`landbridge.routing.scheduled`)."""
    words = (c.graph.key.service or default_service(c.unit)).describe
    scheduled = list(dict.fromkeys(leg.service for leg in legs if leg.service))
    return "; ".join([words, *(f"scheduled {name}" for name in scheduled)])


def _one_per_corridor(ranked: Iterable[_Candidate], count: int) -> dict[tuple[str, ...],
                                                                     _Candidate]:
    """The first ``count`` candidates of ``ranked`` that each open a corridor (unit, exit
    crossing, boarding port), by corridor."""
    chosen: dict[tuple[str, ...], _Candidate] = {}
    for c in ranked:
        chosen.setdefault((c.unit.value, *corridor_key(c.graph, c.path.edges)), c)
        if len(chosen) == count:
            break
    return chosen


def _sensible(network: Network, cands: list[_Found]) -> list[_Found]:
    """The candidates that revisit no place, re-enter no country and make no coastal voyage."""
    return [c for c in cands if revisit(network, c.graph, c.path.edges) is None]


def plan_routes(request: RouteRequest, *, network: Network | None = None) -> RoutePlan:
    """Plan the routes for ``request``: the Pareto set over time, cost and CO2e, one route per
    corridor (unit, exit crossing, boarding port), best first by the request's objective
    (generalised cost by default). Routes that revisit a place, re-enter a country, or are
    beyond the bounds of :data:`~landbridge.planning.sensible.BOUNDS` are not listed.

    Raises
    ------
    UnknownPlaceError
        If a place is not in the network (the message suggests the closest names).
    InvalidOptionError
        If the cargo, unit, objective or a number is not valid.
    CargoNotHandledError
        If no terminal of the origin or market can take the cargo (says what each handles).
    NoRouteError
        If no route satisfies the request; the message says which constraint cut the last one.

    Examples
    --------
    >>> plan = plan_routes(RouteRequest(origin="Kostanay", destination="Ho Chi Minh City",
    ...                                 commodity="wheat"))
    >>> plan.best.end.name in ("Cai Mep", "Cat Lai (Ho Chi Minh City)")
    True
    >>> plan.best.days.p90 >= plan.best.days.p50
    True
    """
    network = network or load_network()
    r = _resolve(network, request)
    graphs = _graphs(network, r)
    pareto = _sensible(network, _search(network, r, request, graphs))
    if not pareto:
        raise _diagnose(network, r, request)
    carry = carrying_cost_per_hour(network, r.commodity)
    # routes through other gateways; whether each is sensible is asked only when it matters
    found, extra = _priced(request, carry, pareto, _through_gateways(
        network, r, graphs, limit=_ALTERNATIVES_HEADROOM * request.alternatives))
    checked: dict[int, bool] = {id(c): True for c in found}

    def sensible(c: _Candidate) -> bool:
        if id(c) not in checked:
            checked[id(c)] = revisit(network, c.graph, c.path.edges) is None
        return checked[id(c)]

    shortest = min(c.km for c in found)
    for c in sorted(extra, key=lambda c: c.km):  # the shortest sensible route of all
        if c.km >= shortest:
            break
        if sensible(c):
            shortest = c.km
            break
    best = Totals(0.0, min(c.path.hours for c in found), min(c.path.cost for c in found),
                  min(c.path.co2e for c in found))
    pareto_ids = {id(c) for c in found}
    kept = [c for c in [*found, *extra] if out_of_bounds(c.totals(), shortest, best) is None]
    kept.sort(key=lambda c: (id(c) not in pareto_ids, _score(c, r.objective, r.value_of_time)))
    chosen = _one_per_corridor((c for c in kept if sensible(c)), request.alternatives)
    if not chosen:  # cannot happen: the shortest route is within bounds of itself
        found.sort(key=lambda c: _score(c, r.objective, r.value_of_time))
        chosen = _one_per_corridor(found, request.alternatives)
    # legs only for the routes listed
    ordered = [(c, legs_of(network, c.graph, c.path.edges))
               for c in sorted(chosen.values(), key=lambda c: _score(c, r.objective,
                                                                        r.value_of_time))]
    # one Monte Carlo over the routes listed, on shared draws (common random numbers)
    times = simulate_routes([stages_of(c.graph, c.path.edges) for c, _ in ordered],
                            samples=request.samples, seed=request.seed)
    routes = tuple(_route(network, c, legs, r, request, carry, days,
                          pareto=id(c) in pareto_ids)
                   for (c, legs), days in zip(ordered, times, strict=True))
    return RoutePlan(origin=r.origin, destination=r.destination, commodity=r.commodity.id,
                     unit=request.unit and r.units[0].value, objective=r.objective.value,
                     order=r.objective.describe, value_of_time=r.value_of_time,
                     tonnes=request.tonnes, routes=routes, bounds=BOUNDS,
                     within_days=request.within_days or request.max_days)
