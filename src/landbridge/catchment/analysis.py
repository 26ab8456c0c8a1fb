"""Catchment of a gateway: which origins it wins, for which markets and cargo, by what margin.

For every origin x market x commodity the kernel (:mod:`.kernel`) finds the best route through
the gateway and the best route avoiding it, by generalised cost (freight and handling plus the
commodity's value of time). The gateway's share of the flow is a binary logit between the two
(:mod:`.logit`); the flow's tonnes come from a scenario (:mod:`.volumes`). A route the planner
would not list is not a contender: one that revisits a place or a country, or is beyond the
planner's bounds (:data:`landbridge.planning.sensible.BOUNDS`) of the other route; the rival is
then the best route avoiding the gateway that the planner would list.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from landbridge.catchment.kernel import Admissible, PairPaths, gateway_edges, pair_paths
from landbridge.catchment.levers import LeverSetting, lever_deltas
from landbridge.catchment.logit import Logit
from landbridge.catchment.results import Catchment, CatchmentFlow, PathSummary
from landbridge.catchment.volumes import VolumeBasis, flow_tonnes, parse_basis
from landbridge.errors import InvalidOptionError
from landbridge.model.cargo import Commodity, Unit
from landbridge.model.places import Place, Role
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.planning.request import commodity_named, parse_avoid
from landbridge.planning.sensible import BOUNDS, Totals, out_of_bounds
from landbridge.routing.graph import CompiledGraph, EdgeKind, GraphKey, compile_graph
from landbridge.scenario.model import Scenario

if TYPE_CHECKING:
    from landbridge.flows import Allocation

__all__ = ["SCO_MEMBERS", "Setup", "catchment", "gateway_ids", "gateway_place",
           "rival_admissible", "setups", "summarize"]

#: Members of the Shanghai Cooperation Organization other than China (the host of the Chinese
#: ports), ISO codes: the "SCO members" whose cargo a Chinese port counts (Iran joined in 2023,
#: Belarus in 2024).
SCO_MEMBERS = ("BY", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ")


@dataclass(frozen=True, slots=True)
class Setup:
    """What one commodity's catchment runs on: its graph, edge weights (generalised cost per
    edge), the origins and markets it can start and end at, and their graph nodes."""

    commodity: Commodity
    unit: Unit
    graph: CompiledGraph
    weights: NDArray[np.float64]
    origins: tuple[Place, ...]
    markets: tuple[Place, ...]
    figures: NDArray[np.float64]  # per edge: km, hours, freight USD/t, kg CO2e WTW, generalised

    def totals(self, path: list[int]) -> Totals:
        """A path's km, hours, freight (USD/t) and kg CO2e (WTW), as the bounds compare."""
        km, hours, cost, co2e, _ = self.figures[path].sum(axis=0).tolist()
        return Totals(km, hours, cost, co2e)

    @property
    def sources(self) -> list[int]:
        return [self.graph.sources[p.id] for p in self.origins]

    @property
    def sinks(self) -> list[int]:
        return [self.graph.sinks[p.id] for p in self.markets]


def graph_key(network: Network, commodity: Commodity, unit: Unit,
              scenario: Scenario | None,
              multipliers: tuple[tuple[str, str, float], ...] = ()) -> GraphKey:
    """The graph key for ``commodity`` in ``unit`` under ``scenario``'s closures, avoided
    places and multipliers (``multipliers`` added, a lever's factor winning)."""
    avoid = parse_avoid(network, scenario.avoid if scenario else ())
    places = set(avoid.places)
    links: set[str] = set()
    factors: dict[tuple[str, str], float] = {}
    if scenario is not None:
        closed = scenario.closed_for_good
        places |= {e for e in closed if "--" not in e}
        links = {e for e in closed if "--" in e}
        factors = {(k, f): v for k, f, v in scenario.multipliers.key()}
    for k, f, v in multipliers:
        factors[(k, f)] = v
    return GraphKey(cargo=commodity.cargo_class(unit), unit=unit,
                    avoid_places=frozenset(places), avoid_countries=avoid.countries,
                    closed_passages=avoid.passages, avoid_links=frozenset(links),
                    multipliers=tuple(sorted((k, f, v) for (k, f), v in factors.items())))


def generalised_weights(graph: CompiledGraph, commodity: Commodity) -> NDArray[np.float64]:
    """Generalised cost of each edge: freight and handling plus the value of its hours."""
    out: NDArray[np.float64] = (graph.cost
                                + commodity.value_of_time_usd_per_t_day * graph.hours / 24.0)
    return out


def setups(network: Network, *, cargo: Sequence[str] = (), markets: Sequence[str] = (),
           scenario: Scenario | None = None,
           multipliers: tuple[tuple[str, str, float], ...] = ()) -> list[Setup]:
    """One :class:`Setup` per commodity asked for (every commodity of the network by default),
    each in its usual unit (or the scenario's unit for it)."""
    names = list(cargo) or list(network.commodities)
    wanted: set[str] | None = None
    if markets:
        wanted = set()
        for m in markets:
            wanted |= network.area(m, role=Role.MARKET).ids
    out: list[Setup] = []
    for name in names:
        commodity = commodity_named(network, name)
        unit = (scenario.units.get(commodity.id) if scenario else None) or commodity.usual_unit
        graph = compile_graph(network, graph_key(network, commodity, unit, scenario,
                                                 multipliers))
        origins = tuple(p for p in network.with_role(Role.ORIGIN) if p.id in graph.sources)
        ends = tuple(p for p in network.with_role(Role.MARKET)
                     if p.id in graph.sinks and (wanted is None or p.id in wanted))
        if wanted is not None:
            extra = [network.places[i] for i in sorted(wanted) if i in graph.sinks
                     and all(p.id != i for p in ends)]
            ends = (*ends, *extra)
        out.append(Setup(commodity, unit, graph, generalised_weights(graph, commodity),
                         origins, ends, _figures(graph, commodity)))
    return out


def _figures(graph: CompiledGraph, commodity: Commodity) -> NDArray[np.float64]:
    km = graph.edges.distance_km()
    return np.column_stack([km, graph.hours, graph.cost, graph.wtw,
                            generalised_weights(graph, commodity)])


def _with_levers(network: Network, setup: Setup, levers: Sequence[LeverSetting]) -> Setup:
    """``setup`` with its weights and its figures (hours, cost, generalised cost) moved by
    ``levers``."""
    hours, cost = lever_deltas(network, setup.graph, setup.unit, levers)
    weights = setup.weights + cost + setup.commodity.value_of_time_usd_per_t_day * hours / 24.0
    figures = setup.figures.copy()
    figures[:, 1] += hours
    figures[:, 2] += cost
    figures[:, 4] = weights
    return replace(setup, weights=weights, figures=figures)


def gateway_ids(network: Network, gateway: str) -> tuple[str, frozenset[str]]:
    """The name and place ids of the gateway ``gateway`` names (a place or a city's terminals).

    Raises
    ------
    UnknownPlaceError
        If no place matches (whether it is a gateway is known once a graph is compiled).
    """
    area = network.area(gateway)
    ids = frozenset(area.ids)
    return area.name, ids


def gateway_place(network: Network, gateway: str) -> tuple[str, frozenset[str]]:
    """:func:`gateway_ids`, refusing a place that is neither a border crossing nor a port
    (without compiling a graph: whether a cargo can pass it is known later).

    Raises
    ------
    UnknownPlaceError
        If no place matches.
    InvalidOptionError
        If none of the places is a border crossing or a port.
    """
    name, ids = gateway_ids(network, gateway)
    _check_gateway(name, any(network.places[i].kind.value in _GATEWAY_KINDS for i in ids),
                   network)
    return name, ids


#: Kinds of place where cargo may pass a gateway operation.
_GATEWAY_KINDS = ("border", "port")


def _check_gateway(name: str, found: bool, network: Network) -> None:
    if not found:
        crossings = sorted(p.name for p in network.places.values()
                           if p.kind.value in _GATEWAY_KINDS)
        raise InvalidOptionError(
            "gateway", name, crossings,
            message=f"{name} is not a gateway (a border crossing, or a port where cargo boards "
                    f"a ship or a ferry); choose one of: {', '.join(crossings)}")


def summarize(network: Network, setup: Setup, path: list[int]) -> PathSummary:
    """The gateways, corridor, days, freight and generalised cost of ``path``."""
    graph = setup.graph
    gateways: list[str] = []
    for i in path:
        e = graph.edges[i]
        if (e.kind is EdgeKind.TRANSFER and e.operation is not None
                and e.operation.is_gateway and (not gateways or gateways[-1] != e.a)):
            gateways.append(e.a)
    end = graph.edges[path[-1]].b
    names = [network.places[g].name.split(" (")[0] for g in gateways]
    corridor = " > ".join([*names, network.places[end].name.split(" (")[0]])
    km, hours, cost, _, generalised = setup.figures[path].sum(axis=0).tolist()
    return PathSummary(gateways=tuple(gateways), corridor=corridor, days=hours / 24.0,
                       freight_usd_per_t=cost, generalised_usd_per_t=generalised, km=km)


def _within_bounds(a: Totals, b: Totals) -> tuple[bool, bool]:
    """Whether each of two routes is within the planner's bounds of the better of them."""
    best = Totals(min(a.km, b.km), min(a.hours, b.hours), min(a.cost, b.cost),
                  min(a.co2e, b.co2e))
    return (out_of_bounds(a, best.km, best, BOUNDS) is None,
            out_of_bounds(b, best.km, best, BOUNDS) is None)


def rival_admissible(setup: Setup) -> Admissible:
    """Whether a path avoiding the gateway may be the rival of the path through it: the
    planner would list it beside that path (within its bounds of the better of the two). The
    cheapest path avoiding the gateway may be a detour it would not list (Kazakh grain to Busan
    round Eurasia by Novorossiysk against the rail to Lianyungang), while a dearer one through
    another port would be; that one is the rival."""
    def against(via: list[int]) -> Callable[[list[int]], bool]:
        through = setup.totals(via)  # once per pair, not per candidate rival
        return lambda other: _within_bounds(through, setup.totals(other))[1]

    return against


def flows_for(network: Network, setup: Setup, paths: PairPaths, logit: Logit,
              tonnes: dict[tuple[str, str, str], float]) -> list[CatchmentFlow]:
    """The catchment flows of one commodity: every pair with a route through the gateway."""
    out: list[CatchmentFlow] = []
    for i, origin in enumerate(setup.origins):
        for j, market in enumerate(setup.markets):
            via_path, other_path = paths.via[i][j], paths.other[i][j]
            if via_path is None:
                continue
            if other_path is not None:
                via_ok, other_ok = _within_bounds(setup.totals(via_path),
                                                  setup.totals(other_path))
                if not via_ok:
                    continue
                if not other_ok:
                    other_path = None
            via = summarize(network, setup, via_path)
            other = None if other_path is None else summarize(network, setup, other_path)
            share = logit.gateway_share(via.generalised_usd_per_t,
                                        math.inf if other is None
                                        else other.generalised_usd_per_t)
            out.append(CatchmentFlow(
                origin=origin, market=market, commodity=setup.commodity.id,
                unit=setup.unit.value, via=via, other=other, share=share,
                tonnes=tonnes.get((origin.id, market.id, setup.commodity.id), 0.0)))
    return out


def catchment(gateway: str, *, cargo: Sequence[str] = (), markets: Sequence[str] = (),
              scenario: Scenario | None = None, logit: Logit | None = None,
              volumes: VolumeBasis | str = VolumeBasis.ALLOCATION,
              levers: Sequence[LeverSetting] = (),
              allocation: Allocation | None = None,
              network: Network | None = None) -> Catchment:
    """The catchment of ``gateway``: for every origin x market x commodity, the best route
    through it and the best avoiding it, the margins, the gateway's logit share and the tonnes
    per year that gives under ``scenario`` (none: shares and margins only). ``levers`` move a
    gateway's handling, dwell or sailings (this gateway's or a rival's) before the routes are
    found; the tonnes of each flow do not change with them. ``allocation`` is the scenario's
    allocation when the caller has already run it (the ``allocation`` volumes are its flows).

    Raises
    ------
    UnknownPlaceError
        If the gateway or a market is not in the network.
    InvalidOptionError
        If the gateway is not a gateway, or a cargo or option is not valid.

    Examples
    --------
    >>> c = catchment("Lianyungang", cargo=["wheat"], markets=["Haiphong"])
    >>> all(0.0 <= f.share <= 1.0 for f in c.flows)
    True
    """
    network = network or load_network()
    logit = logit or Logit()
    basis = parse_basis(volumes)
    name, ids = gateway_ids(network, gateway)
    tonnes = ({} if scenario is None
              else flow_tonnes(network, scenario, basis, allocation=allocation))
    flows: list[CatchmentFlow] = []
    found = False
    for setup in setups(network, cargo=cargo, markets=markets, scenario=scenario):
        edges = gateway_edges(setup.graph, ids)
        found = found or bool(edges)
        if not edges or not setup.origins or not setup.markets:
            continue
        if levers:
            setup = _with_levers(network, setup, levers)
        paths = pair_paths(network, setup.graph, setup.weights, edges, setup.sources,
                           setup.sinks, admissible=rival_admissible(setup))
        flows.extend(flows_for(network, setup, paths, logit, tonnes))
    _check_gateway(name, found, network)
    by_country: dict[str, float] = {}
    for f in flows:
        by_country[f.origin.country] = by_country.get(f.origin.country, 0.0) + f.gateway_tonnes
    return Catchment(gateway=name, gateway_ids=tuple(sorted(ids)),
                     scale_usd_per_t=logit.scale_usd_per_t, volumes=basis.value,
                     scenario=scenario.name if scenario else None, flows=tuple(flows),
                     by_country=by_country, sco_members=SCO_MEMBERS)
