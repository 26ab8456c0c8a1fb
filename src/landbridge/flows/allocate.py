"""National allocation: split a scenario's exports across corridors under shared capacities.

Each commodity flows over the expanded graph of its cargo class (as the planner uses), costs are
the planner's per-tonne costs including carrying cost, and capacities (crossings, ports,
terminals, ferry lines, rail lines; bundled and cited, or set by the scenario) are shared by
every commodity. A scenario's mills turn one commodity into another where they stand (wheat
arriving or grown there into flour, which leaves by the network), within their capacity.
The LP (:mod:`landbridge.flows.lp`) gives edge flows, which are decomposed
into origin-market paths and named by corridor like the planner's routes. A decomposition of
flows into paths is not unique when two origins share a corridor; totals are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from landbridge.costing.rates import carrying_cost_per_hour
from landbridge.errors import LandbridgeError, Problem, ScenarioError
from landbridge.flows.lp import Block, CapacityRow, Conversion, LpStatus, solve_flows
from landbridge.flows.results import (
    Allocation,
    AllocationDiff,
    CapacityUse,
    CorridorChange,
    FlowRow,
    LinkFlow,
    MillUse,
    Shortfall,
)
from landbridge.model.cargo import Unit
from landbridge.model.places import CargoClass
from landbridge.network.avoid import parse_avoid
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.planning.itinerary import legs_of, summarize_legs
from landbridge.routing.graph import CompiledGraph, EdgeKind, GraphKey, compile_graph
from landbridge.scenario.model import GROUP_SEPARATOR, MillRow, Scenario

if TYPE_CHECKING:
    from landbridge.network.processing import Process

__all__ = ["allocate", "diff_allocations"]

_EPS = 1e-6
_CONTAINER_SCOPE = {CargoClass.CONTAINER, CargoClass.REEFER}


@dataclass(frozen=True, slots=True)
class _Limit:
    element: str
    scope: str
    tonnes: float
    source: str


@dataclass
class _Commodity:
    name: str
    unit: Unit
    graph: CompiledGraph
    edge_cost: NDArray[np.float64]
    keep: NDArray[np.int64]  # graph edge ids in the block, in block order
    node_index: dict[int, int]
    supplies: list[tuple[str, float]]  # (origin id, tonnes) with a source node
    demands: list[tuple[str, float, float, float | None]]  # (market id, hi, lo, price)
    stranded: list[Shortfall]
    unmet: list[Shortfall]
    at_place: dict[str, list[int]]  # block positions of hub operations by place
    on_link: dict[frozenset[str], list[int]]  # block positions of movements by link ends


def _reachable(n: int, src: NDArray[np.int64], dst: NDArray[np.int64],
               starts: Iterable[int]) -> NDArray[np.bool_]:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    starts = list(starts)
    seen = np.zeros(n + 1, dtype=bool)
    if not starts:
        return seen[:n]
    # a super node n joined to every start
    s = np.concatenate([src, np.full(len(starts), n)])
    d = np.concatenate([dst, np.asarray(starts, dtype=np.int64)])
    graph = csr_matrix((np.ones(len(s)), (s, d)), shape=(n + 1, n + 1))
    order = breadth_first_order(graph, n, directed=True, return_predecessors=False)
    seen[order] = True
    return seen[:n]


def _limits(network: Network, scenario: Scenario) -> list[_Limit]:
    limits = {(c.element, c.scope): _Limit(c.element, c.scope, c.tonnes_per_year, c.source)
              for c in network.capacities}
    # bundled data may hold several rows for one element and scope; keep the tightest
    for c in network.capacities:
        key = (c.element, c.scope)
        if c.tonnes_per_year < limits[key].tonnes:
            limits[key] = _Limit(c.element, c.scope, c.tonnes_per_year, c.source)
    for o in scenario.capacity:
        limits[(o.element, o.scope)] = _Limit(o.element, o.scope, o.tonnes_per_year,
                                              f"scenario {scenario.name}")
    for i, closure in enumerate(scenario.closures):
        if closure.days >= 365:
            continue
        rows = [k for k in limits if k[0] == closure.element]
        if not rows:
            raise ScenarioError(Problem(
                scenario.source or scenario.name, None, f"closures[{i}].element",
                f"{_name(network, closure.element)} has no capacity in the data; give one "
                f"under 'capacity:' to model a {closure.days:g}-day closure"))
        for k in rows:
            lim = limits[k]
            limits[k] = _Limit(lim.element, lim.scope, lim.tonnes * (365 - closure.days) / 365,
                               f"{lim.source}; closed {closure.days:g} days")
    return list(limits.values())


def _members(c: _Commodity, limit: _Limit) -> NDArray[np.int64]:
    """The edges of the commodity's block that a limit counts (a shared limit: the edges of
    each of its places or links, once)."""
    parts = limit.element.split(GROUP_SEPARATOR)
    if len(parts) > 1:
        shared = [_members(c, _Limit(part, limit.scope, limit.tonnes, limit.source))
                  for part in parts]
        return np.unique(np.concatenate(shared)).astype(np.int64)
    cargo = c.graph.key.cargo
    if limit.scope == "bulk" and cargo not in (CargoClass.BULK_GRAIN, CargoClass.ORE):
        return np.zeros(0, dtype=np.int64)
    if limit.scope == "container" and cargo not in _CONTAINER_SCOPE:
        return np.zeros(0, dtype=np.int64)
    if "--" in limit.element:
        return np.asarray(c.on_link.get(frozenset(limit.element.split("--")), []),
                          dtype=np.int64)
    found = c.at_place.get(limit.element, [])
    if limit.scope == "ferry":
        ferry_ops = ("rail_to_ferry", "ferry_to_rail")
        found = [k for k in found
                 if (op := c.graph.edges[int(c.keep[k])].operation) is not None
                 and op.value in ferry_ops]
    return np.asarray(found, dtype=np.int64)


def _index_edges(graph: CompiledGraph, keep: NDArray[np.int64]) -> tuple[
        dict[str, list[int]], dict[frozenset[str], list[int]]]:
    at_place: dict[str, list[int]] = {}
    on_link: dict[frozenset[str], list[int]] = {}
    hub_kinds = (EdgeKind.TRANSFER, EdgeKind.LOAD, EdgeKind.UNLOAD)
    voyages = graph.edges.voyage_indices()
    for k, e in enumerate(keep.tolist()):
        if e in voyages:
            continue  # neither a link nor a hub operation
        edge = graph.edges[e]
        if edge.kind is EdgeKind.MOVE:
            on_link.setdefault(frozenset((edge.a, edge.b)), []).append(k)
        elif edge.kind in hub_kinds and edge.operation is not None:
            at_place.setdefault(edge.a, []).append(k)
    return at_place, on_link


def _prepare(network: Network, scenario: Scenario, name: str, *, starts: Iterable[str] = (),
             ends: Iterable[str] = ()) -> _Commodity:
    """The block of commodity ``name``; ``starts`` are places where mills put it on the network
    and ``ends`` places where mills take it off, kept in the block with the edges to them."""
    commodity = network.commodities[name]
    unit = scenario.units.get(name, commodity.usual_unit)
    blocked = parse_avoid(network, scenario.avoid)
    closed = scenario.closed_for_good
    key = GraphKey(cargo=commodity.cargo_class(unit), unit=unit,
                   avoid_places=blocked.places | {e for e in closed if "--" not in e},
                   avoid_countries=blocked.countries, closed_passages=blocked.passages,
                   avoid_links=frozenset(e for e in closed if "--" in e),
                   multipliers=scenario.multipliers.key())
    graph = compile_graph(network, key)
    carry = carrying_cost_per_hour(network, commodity)
    supplies, stranded = [], []
    for row in scenario.supply:
        if row.commodity != name:
            continue
        if row.origin in graph.sources:
            supplies.append((row.origin, row.tonnes))
        else:
            place = network.places[row.origin]
            stranded.append(Shortfall(place=place.id, name=place.name, commodity=name,
                                      tonnes=row.tonnes, reason=_not_here(place.name, key)))
    demands = [(d.market, np.inf if d.tonnes is None else d.tonnes, d.min_tonnes, d.price)
               for d in scenario.demand if d.commodity == name and d.market in graph.sinks]
    n = graph.node_count
    src = graph.src.astype(np.int64)
    dst = graph.dst.astype(np.int64)
    made = [graph.sources[p] for p in starts if p in graph.sources]
    taken = [graph.sinks[p] for p in ends if p in graph.sinks]
    here = {o for o, _ in supplies}
    grown = [graph.sources[p] for p in ends if p in graph.sources and p in here]
    forward = _reachable(n, src, dst, [*(graph.sources[o] for o, _ in supplies), *made])
    backward = _reachable(n, dst, src, [*(graph.sinks[m] for m, *_ in demands), *taken])
    keep = np.flatnonzero(forward[src] & backward[dst])
    nodes = np.unique(np.concatenate([src[keep], dst[keep],
                                      np.asarray([*made, *taken, *grown], dtype=np.int64)]))
    index = {int(v): i for i, v in enumerate(nodes)}
    unmet = []
    for origin, tonnes in supplies:
        if graph.sources[origin] not in index:
            place = network.places[origin]
            stranded.append(Shortfall(place=origin, name=place.name, commodity=name,
                                      tonnes=tonnes, reason=(
                                          f"no route from {place.name} reaches a market "
                                          f"buying {name} in this scenario")))
    for market, _hi, lo, _price in demands:
        if graph.sinks[market] not in index and lo > 0:
            place = network.places[market]
            unmet.append(Shortfall(place=market, name=place.name, commodity=name, tonnes=lo,
                                   reason=f"no supply of {name} can reach {place.name}"))
    for wanted in scenario.demand:
        if wanted.commodity == name and wanted.market not in graph.sinks and wanted.min_tonnes:
            place = network.places[wanted.market]
            unmet.append(Shortfall(place=wanted.market, name=place.name, commodity=name,
                                   tonnes=wanted.min_tonnes,
                                   reason=_not_here(place.name, key).replace("load", "unload")))
    at_place, on_link = _index_edges(graph, keep)
    return _Commodity(name=name, unit=unit, graph=graph,
                      edge_cost=graph.cost + carry * graph.hours, keep=keep, node_index=index,
                      at_place=at_place, on_link=on_link,
                      supplies=[s for s in supplies if graph.sources[s[0]] in index],
                      demands=[d for d in demands if graph.sinks[d[0]] in index],
                      stranded=stranded, unmet=unmet)


def _not_here(place: str, key: GraphKey) -> str:
    return (f"{place} cannot load {key.cargo.value} cargo in this scenario (it does not handle "
            "it, or it is avoided or closed)")


def _block(c: _Commodity, must_ship: bool) -> Block:
    g = c.graph
    idx = c.node_index
    src = np.array([idx[int(v)] for v in g.src[c.keep]], dtype=np.int64)
    dst = np.array([idx[int(v)] for v in g.dst[c.keep]], dtype=np.int64)
    supplies = [(idx[g.sources[o]], t) for o, t in c.supplies]
    demands = [(idx[g.sinks[m]], hi, lo, price) for m, hi, lo, price in c.demands]
    return Block(n_nodes=len(idx), src=src, dst=dst, cost=c.edge_cost[c.keep],
                 supplies=supplies, demands=demands, must_ship=must_ship)


def _decompose(network: Network, c: _Commodity, block: Block, flow: NDArray[np.float64],
               mills: Mapping[int, str] | None = None) -> list[FlowRow]:
    """Paths from each supply to a market (or to a mill in ``mills``: block node -> place)."""
    g = c.graph
    residual = flow.copy()
    out_edges: dict[int, list[int]] = {}
    for k in np.flatnonzero(residual > _EPS).tolist():
        out_edges.setdefault(int(block.src[k]), []).append(k)
    sink_market = {c.node_index[g.sinks[m]]: m for m, *_ in c.demands}
    sink_market.update(mills or {})
    rows: list[FlowRow] = []
    for (node, _), (origin, _) in zip(block.supplies, c.supplies, strict=True):
        while True:
            path, cursor = [], node
            while cursor not in sink_market:
                nxt = next((k for k in out_edges.get(cursor, []) if residual[k] > _EPS), None)
                if nxt is None:
                    break
                path.append(nxt)
                cursor = int(block.dst[nxt])
            if not path or cursor not in sink_market:
                break
            amount = float(min(residual[path]))
            residual[path] -= amount
            edges = [int(c.keep[k]) for k in path]
            legs = legs_of(network, g, edges)
            market = sink_market[cursor]
            rows.append(FlowRow(
                origin=origin, origin_name=network.places[origin].name, commodity=c.name,
                market=market, market_name=network.places[market].name
                + (" (mill)" if cursor in (mills or {}) else ""),
                corridor=summarize_legs(legs)[1], tonnes=amount,
                cost_usd_per_t=float(c.edge_cost[edges].sum()),
                days=float(g.hours[edges].sum() / 24.0)))
    return _merge(rows)


def _merge(rows: list[FlowRow]) -> list[FlowRow]:
    merged: dict[tuple[str, str, str, str], FlowRow] = {}
    for row in rows:
        key = (row.origin, row.commodity, row.market, row.corridor)
        old = merged.get(key)
        if old is None:
            merged[key] = row
            continue
        total = old.tonnes + row.tonnes
        merged[key] = FlowRow(
            origin=row.origin, origin_name=row.origin_name, commodity=row.commodity,
            market=row.market, market_name=row.market_name, corridor=row.corridor,
            tonnes=total,
            cost_usd_per_t=(old.cost_usd_per_t * old.tonnes + row.cost_usd_per_t * row.tonnes)
            / total,
            days=(old.days * old.tonnes + row.days * row.tonnes) / total)
    return sorted(merged.values(), key=lambda r: (r.commodity, -r.tonnes))


def allocate(scenario: Scenario, *, network: Network | None = None) -> Allocation:
    """The least-cost (or, with market prices, highest-netback) split of ``scenario``'s
    exports across corridors, with capacity use and the value of each binding capacity.

    Raises
    ------
    ScenarioError
        If a partial closure names an element with no known capacity.
    LandbridgeError
        If the solver fails.

    Examples
    --------
    >>> from landbridge.scenario import parse_scenario
    >>> s = parse_scenario('''
    ... name: two origins
    ... supply:
    ...   - {origin: Kostanay, commodity: wheat, tonnes: 1000000}
    ...   - {origin: Shymkent, commodity: flour, tonnes: 200000}
    ... demand:
    ...   - {market: Tashkent, commodity: wheat, tonnes: 600000}
    ...   - {market: Mazar-i-Sharif, commodity: wheat}
    ...   - {market: Mazar-i-Sharif, commodity: flour}
    ... ''')
    >>> a = allocate(s)
    >>> round(a.delivered_t)
    1200000
    """
    network = network or load_network()
    names = _names(scenario)
    priced = {d.commodity for d in scenario.demand if d.price is not None}
    starts: dict[str, list[str]] = {}
    ends: dict[str, list[str]] = {}
    for mill in scenario.mills:
        process = _process(mill)
        ends.setdefault(process.input, []).append(mill.place)
        starts.setdefault(process.output, []).append(mill.place)
    prepared = [_prepare(network, scenario, name, starts=starts.get(name, ()),
                         ends=ends.get(name, ())) for name in names]
    blocks = [_block(c, must_ship=c.name not in priced) for c in prepared]
    conversions = _conversions(network, scenario, prepared)
    limits = _limits(network, scenario)
    rows: list[CapacityRow] = []
    used: list[_Limit] = []
    for limit in limits:
        members = [(b, m) for b, c in enumerate(prepared) if len(m := _members(c, limit))]
        if members:
            rows.append(CapacityRow(limit=limit.tonnes, members=members))
            used.append(limit)
    solution = solve_flows(blocks, rows, conversions=[conv for conv, _ in conversions])
    if solution.status is not LpStatus.OPTIMAL:
        raise LandbridgeError(f"the allocation LP is {solution.status.value}")

    flows: list[FlowRow] = []
    links: dict[tuple[str, str], float] = {}
    total_cost = 0.0
    revenue = 0.0
    stranded: list[Shortfall] = []
    unmet: list[Shortfall] = []
    binding_names: list[str] = []
    capacities = []
    for limit, dual, tonnes in zip(used, solution.capacity_duals, solution.capacity_flows,
                                   strict=True):
        capacities.append(CapacityUse(element=limit.element, name=_name(network, limit.element),
                                      scope=limit.scope, capacity=limit.tonnes,
                                      tonnes=float(tonnes), value_usd_per_t=max(0.0, -dual),
                                      source=limit.source))
    binding_names = [c.name for c in capacities if c.binding]
    mills = _mill_uses(network, conversions, solution.drawn, solution.conversion_duals)
    total_cost += sum(m.cost_usd_per_t * m.tonnes_in for m in mills)
    converted: dict[int, list[tuple[str, int, float]]] = {}  # product block: mill outputs
    for (conv, mill), drawn in zip(conversions, solution.drawn, strict=True):
        for b_out, node, share in conv.outputs:
            converted.setdefault(b_out, []).append((mill.place, node, share * drawn.sum()))
    for b, (c, block) in enumerate(zip(prepared, blocks, strict=True)):
        f = solution.flows[b]
        total_cost += float(f @ block.cost)
        revenue += float(sum(x * (d[3] or 0.0) for x, d in zip(solution.delivered[b],
                                                               block.demands, strict=True)))
        made = [(m, node, t) for m, node, t in converted.get(b, ()) if t > _EPS]
        flows.extend(_decompose(
            network, replace(c, supplies=[*c.supplies, *((m, t) for m, _, t in made)]),
            replace(block, supplies=[*block.supplies, *((node, t) for _, node, t in made)]),
            f, mills=_mill_nodes(conversions, b, block)))
        g = c.graph
        for k in np.flatnonzero(f > _EPS).tolist():
            edge = g.edges[int(c.keep[k])]
            if edge.kind is EdgeKind.MOVE:
                key = ("--".join(sorted((edge.a, edge.b))), edge.mode.family if edge.mode else "")
            elif edge.kind is EdgeKind.SEA:
                key = (f"{edge.a}>>{edge.b}", "sea")
            else:
                continue
            links[key] = links.get(key, 0.0) + float(f[k])
        stranded.extend(c.stranded)
        unmet.extend(c.unmet)
        market_total = sum(hi for _, hi, _, _ in c.demands)
        supply_total = sum(t for _, t in c.supplies)
        for (origin, tonnes), shipped in zip(c.supplies, solution.shipped[b], strict=True):
            short = tonnes - float(shipped)
            if short > 1.0:
                stranded.append(Shortfall(
                    place=origin, name=network.places[origin].name, commodity=c.name,
                    tonnes=short, reason=_why(c, origin, network, market_total, supply_total,
                                              binding_names, c.name in priced)))
        for (market, _hi, lo, _p), missing in zip(c.demands, solution.unmet[b], strict=True):
            if missing > 1.0:
                unmet.append(Shortfall(
                    place=market, name=network.places[market].name, commodity=c.name,
                    tonnes=float(missing),
                    reason=(f"only {lo - missing:,.0f} of the {lo:,.0f} t minimum arrive: "
                            + ("bottlenecks " + ", ".join(binding_names) if binding_names
                               else "not enough supply reaches it"))))
    link_rows = tuple(sorted(
        (LinkFlow(element=k, name=_name(network, k), mode=mode, tonnes=t)
         for (k, mode), t in links.items()), key=lambda r: -r.tonnes))
    return Allocation(
        scenario=scenario.name,
        objective="max netback" if priced else "min cost",
        total_cost_usd=total_cost,
        revenue_usd=revenue if priced else None,
        delivered_t=float(sum(d.sum() for d in solution.delivered)),
        flows=tuple(flows),
        links=link_rows,
        capacities=tuple(sorted(capacities, key=lambda c: (-c.value_usd_per_t,
                                                           -c.utilisation))),
        stranded=tuple(stranded),
        unmet=tuple(unmet),
        mills=tuple(mills),
    )


def _names(scenario: Scenario) -> list[str]:
    """The commodities to move: those supplied, then the products of the scenario's mills
    that some market buys."""
    names = scenario.commodities()
    for mill in scenario.mills:
        process = _process(mill)
        if process.input not in names:
            raise ScenarioError(Problem(scenario.source or scenario.name, None, "mills",
                                        f"the {process.id} mill at {mill.place} has no "
                                        f"{process.input} to process: add a supply row"))
        wanted = any(d.commodity == process.output for d in scenario.demand)
        if wanted and process.output not in names:
            names.append(process.output)
    return names


def _process(mill: MillRow) -> Process:
    from landbridge.network.processing import chain_tables

    return chain_tables().processes[mill.process]


_MillConversion = tuple[Conversion, MillRow]


def _conversions(network: Network, scenario: Scenario,
                 prepared: list[_Commodity]) -> list[_MillConversion]:
    """Each mill as a conversion between blocks; a mill with no way in or out is left out."""
    from landbridge.network.processing import chain_tables

    tables = chain_tables()
    index = {c.name: b for b, c in enumerate(prepared)}
    out: list[_MillConversion] = []
    for mill in scenario.mills:
        process = tables.processes[mill.process]
        b_in, b_out = index.get(process.input), index.get(process.output)
        if b_in is None or b_out is None:
            continue
        c_in, c_out = prepared[b_in], prepared[b_out]
        g_in, g_out = c_in.graph, c_out.graph
        inputs: list[tuple[int, int]] = []
        grown = any(o == mill.place for o, _ in c_in.supplies)
        if grown and g_in.sources.get(mill.place) in c_in.node_index:
            inputs.append((b_in, c_in.node_index[g_in.sources[mill.place]]))
        if g_in.sinks.get(mill.place) in c_in.node_index:
            inputs.append((b_in, c_in.node_index[g_in.sinks[mill.place]]))
        start = g_out.sources.get(mill.place)
        if not inputs or start not in c_out.node_index:
            continue
        node = c_out.node_index[start]
        country = network.places[mill.place].country
        byproducts = 0.0
        for product, share in process.byproducts:
            price = mill.byproduct_prices.get(product)
            if price is None:
                row = tables.price(product, (mill.place, country))
                price = row.usd_per_t if row is not None else 0.0
            byproducts += share * price
        cost = (process.cost_usd_per_t if mill.cost is None else mill.cost) - byproducts
        out.append((Conversion(inputs=inputs, outputs=[(b_out, node, process.yield_)],
                               capacity=mill.capacity, cost=cost), mill))
    return out


def _mill_nodes(conversions: list[_MillConversion], b: int, block: Block) -> dict[int, str]:
    """Nodes of block ``b`` where mills take cargo that came by the network (not cargo milled
    where it is grown, which never travels): node -> mill place."""
    grown = {node for node, _ in block.supplies}
    return {node: mill.place for conv, mill in conversions
            for bi, node in conv.inputs if bi == b and node not in grown}


def _mill_uses(network: Network, conversions: list[_MillConversion],
               drawn: list[NDArray[np.float64]],
               duals: NDArray[np.float64]) -> list[MillUse]:
    out = []
    for (conv, mill), tonnes, dual in zip(conversions, drawn, duals, strict=True):
        process = _process(mill)
        t_in = float(tonnes.sum())
        out.append(MillUse(place=mill.place, name=network.places[mill.place].name,
                           process=process.id, input=process.input, capacity=mill.capacity,
                           tonnes_in=t_in,
                           outputs=tuple((k, v * t_in) for k, v in process.outputs.items()),
                           cost_usd_per_t=conv.cost, value_usd_per_t=max(0.0, -float(dual))))
    return out


def _why(c: _Commodity, origin: str, network: Network, market_total: float,
         supply_total: float, binding: list[str], priced: bool) -> str:
    g = c.graph
    n = g.node_count
    reach = _reachable(n, g.src.astype(np.int64), g.dst.astype(np.int64), [g.sources[origin]])
    if not any(reach[g.sinks[m]] for m, *_ in c.demands):
        return (f"no route from {network.places[origin].name} reaches a market buying "
                f"{c.name} in this scenario")
    if market_total < supply_total:
        return f"the markets buy at most {market_total:,.0f} t of {c.name}"
    if binding:
        return "routes are full; bottlenecks: " + ", ".join(binding)
    if priced:
        return "no market pays enough to cover the cost of getting there"
    return "no capacity left on its routes"


def _name(network: Network, element: str) -> str:
    if GROUP_SEPARATOR in element:
        return " + ".join(_name(network, part) for part in element.split(GROUP_SEPARATOR))
    for sep in ("--", ">>"):
        if sep in element:
            a, b = element.split(sep)
            return f"{network.places[a].name} {'–' if sep == '--' else '→'} " \
                   f"{network.places[b].name}"
    return network.places[element].name if element in network.places else element


def diff_allocations(base: Allocation, other: Allocation) -> AllocationDiff:
    """What changes from ``base`` to ``other``: corridor flows, cost, bottlenecks."""
    a, b = base.corridor_totals(), other.corridor_totals()
    changes = [CorridorChange(commodity=k[0], corridor=k[1], before_t=a.get(k, 0.0),
                              after_t=b.get(k, 0.0)) for k in sorted(set(a) | set(b))]
    changes = [c for c in changes if abs(c.change_t) > 1.0]
    changes.sort(key=lambda c: -abs(c.change_t))
    before = {(c.element, c.scope) for c in base.capacities if c.binding}
    after = {(c.element, c.scope) for c in other.capacities if c.binding}
    return AllocationDiff(
        base=base, other=other, corridors=tuple(changes),
        new_bottlenecks=tuple(c for c in other.capacities
                              if c.binding and (c.element, c.scope) not in before),
        relieved_bottlenecks=tuple(c for c in base.capacities
                                   if c.binding and (c.element, c.scope) not in after),
    )
