"""What it would take: the value of one lever at which a gateway's best route ties with the
best route avoiding it, for one origin, market and commodity, found by bisection.

The levers are those of :mod:`.levers`; each changes a copy of the edge weights or, for a
tariff, a scaled graph (the cached network and graphs are never changed).

The gap (generalised cost through the gateway minus the best other) is monotone in each lever,
so bisection between the current value and the end of the searched range finds the tie to
within ``tolerance`` USD/t.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from landbridge.catchment.analysis import Setup, gateway_ids, rival_admissible, setups
from landbridge.catchment.kernel import gateway_edges, pair_paths
from landbridge.catchment.levers import HOURS_PER_HALF_WEEK, RANGE, UNITS, Lever, liner_lanes
from landbridge.catchment.results import BreakEven
from landbridge.errors import InvalidOptionError, NoRouteError
from landbridge.model._choices import parse_choice
from landbridge.model.cargo import Unit
from landbridge.model.places import Role
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.scenario.model import Scenario

__all__ = ["DEFAULT_TOLERANCE_USD_PER_T", "Lever", "break_even"]

#: The two routes tie when their generalised costs are this close (USD/t): a cent a tonne.
DEFAULT_TOLERANCE_USD_PER_T = 0.01
#: Bisection steps at most; each halves the interval (60 reach the float's resolution).
_MAX_STEPS = 60


@dataclass(frozen=True, slots=True)
class _Pair:
    setup: Setup
    gateway: list[int]
    origin_row: int
    market_col: int


def _gap(network: Network, pair: _Pair, weights: NDArray[np.float64]
         ) -> tuple[float, list[int] | None]:
    """Generalised cost through the gateway minus the best other (inf: no route through it;
    -inf: no other route), and the path through the gateway."""
    s = pair.setup
    paths = pair_paths(network, s.graph, weights, pair.gateway,
                       [s.sources[pair.origin_row]], [s.sinks[pair.market_col]],
                       admissible=rival_admissible(s))
    via, other = paths.via[0][0], paths.other[0][0]
    if via is None:
        return math.inf, None
    w = np.maximum(weights, 1e-9)
    if other is None:
        return -math.inf, via
    return float(w[via].sum() - w[other].sum()), via


def _pair(network: Network, gateway: frozenset[str], origin: str, market: str, cargo: str,
          scenario: Scenario | None,
          multipliers: tuple[tuple[str, str, float], ...] = ()) -> _Pair:
    setup = setups(network, cargo=[cargo], markets=[market], scenario=scenario,
                   multipliers=multipliers)[0]
    o = network.area(origin, role=Role.ORIGIN).ids
    m = network.area(market, role=Role.MARKET).ids
    rows = [i for i, p in enumerate(setup.origins) if p.id in o]
    cols = [j for j, p in enumerate(setup.markets) if p.id in m]
    if not rows or not cols:
        raise NoRouteError(f"{cargo} cannot start at {origin} or end at {market} in the network",
                           field="origin" if not rows else "market",
                           value=origin if not rows else market)
    return _Pair(setup, gateway_edges(setup.graph, gateway), rows[0], cols[0])


def _bisect(gap: Callable[[float], float], current: float, end: float,
            tolerance: float) -> tuple[float | None, float]:
    """The lever value between ``current`` and ``end`` where ``gap`` changes sign (within
    ``tolerance`` of zero), or None if it does not; and the gap there."""
    g0, g1 = gap(current), gap(end)
    if not (math.isfinite(g1) or g1 == -math.inf) or (g0 > 0) == (g1 > 0):
        return None, g1
    lo, hi, g_lo = current, end, g0
    mid, g_mid = current, g0
    for _ in range(_MAX_STEPS):
        mid = (lo + hi) / 2.0
        g_mid = gap(mid)
        if abs(g_mid) <= tolerance:
            break
        if (g_mid > 0) == (g_lo > 0):
            lo, g_lo = mid, g_mid
        else:
            hi = mid
    return mid, g_mid


def break_even(gateway: str, origin: str, market: str, *, cargo: str = "wheat",
               lever: Lever | str = Lever.DWELL, rail_network: str = "rail:CN",
               scenario: Scenario | None = None,
               tolerance: float = DEFAULT_TOLERANCE_USD_PER_T,
               network: Network | None = None) -> BreakEven:
    """The value of ``lever`` at which the best route from ``origin`` to ``market`` through
    ``gateway`` ties with the best route avoiding it (within ``tolerance`` USD/t of
    generalised cost). If the gateway already wins, the value at which it would stop winning.
    An origin or market that names several places (a city's terminals) is taken at its first
    place that can send or take the cargo.

    Raises
    ------
    UnknownPlaceError
        If a place is not in the network.
    InvalidOptionError
        If the lever does not apply (a sailing frequency for bulk cargo), or an option is bad.
    NoRouteError
        If there is no sensible route through the gateway for this flow.

    Examples
    --------
    >>> b = break_even("Lianyungang", "Tashkent", "Haiphong", cargo="cotton", lever="dwell")
    >>> b.needed is None or abs(b.gap_usd_per_t) <= b.tolerance_usd_per_t
    True
    """
    network = network or load_network()
    chosen = parse_choice(Lever, lever, what="lever")
    if not (math.isfinite(tolerance) and tolerance > 0):
        raise InvalidOptionError("tolerance", str(tolerance), [],
                                 message=f"the tolerance must be a positive number of USD/t "
                                         f"(got {tolerance:g})")
    name, ids = gateway_ids(network, gateway)
    base = _pair(network, ids, origin, market, cargo, scenario)
    gap0, via = _gap(network, base, base.setup.weights)
    if via is None:
        raise NoRouteError(f"no sensible route for {cargo} from {origin} to {market} passes "
                           f"{name}", field="gateway", value=name)
    lo, hi = RANGE[chosen]
    current, gap = _lever(network, chosen, base, via, ids, origin, market, cargo, scenario,
                          rail_network)
    winning = gap0 <= 0
    # the gateway wins when the lever moves down (cheaper, shorter, lower tariff) or, for
    # frequency, up; if it wins already, search the other way for where it would stop
    favourable_end = hi if chosen is Lever.FREQUENCY else lo
    other_end = lo if chosen is Lever.FREQUENCY else hi
    end = other_end if winning else favourable_end
    needed, gap_at = _bisect(gap, current, end, tolerance)
    if needed is None and chosen is Lever.TARIFF:
        # a tariff moves both routes: the tie may lie the other way
        end = favourable_end if winning else other_end
        needed, gap_at = _bisect(gap, current, end, tolerance)
    up = needed is not None and needed > current
    what = {Lever.HANDLING: f"its handling charge {{}} from {current:.2f} to {{:.2f}} USD/t",
            Lever.DWELL: f"its dwell {{}} from {current:.1f} to {{:.1f}} h",
            Lever.TARIFF: f"rail tariffs on {rail_network} {{}} from x{current:.2f} to x{{:.2f}}",
            Lever.FREQUENCY: f"sailings from it {{}} from {current:.2f} to {{:.2f}} a week"}
    plural = chosen in (Lever.TARIFF, Lever.FREQUENCY)
    direction = ("rise" if up else "fall") + ("" if plural else "s")
    s = base.setup
    flow = (f"{s.origins[base.origin_row].name} {cargo} to "
            f"{s.markets[base.market_col].name}")
    if needed is None:
        sentence = (f"{name} {'keeps' if winning else 'does not win'} {flow} whatever the "
                    f"{chosen.value} between {lo:g} and {hi:g} {UNITS[chosen]}")
    elif winning:
        sentence = f"{name} wins {flow} until " + what[chosen].format(direction, needed)
    else:
        sentence = f"{name} wins {flow} if " + what[chosen].format(direction, needed)
    return BreakEven(gateway=name, origin=origin, market=market, commodity=cargo,
                     lever=chosen.value, unit=UNITS[chosen], current=current, needed=needed,
                     searched=((min(current, end), max(current, end)) if needed is not None
                               else (lo, hi)),
                     gap_usd_per_t=gap_at if needed is not None else gap0,
                     tolerance_usd_per_t=tolerance, sentence=sentence)


def _lever(network: Network, lever: Lever, base: _Pair, via: list[int], ids: frozenset[str],
           origin: str, market: str, cargo: str, scenario: Scenario | None,
           rail_network: str) -> tuple[float, Callable[[float], float]]:
    """The lever's current value on the route through the gateway, and the gap as a function
    of the lever's value."""
    graph, w0 = base.setup.graph, base.setup.weights
    vot = base.setup.commodity.value_of_time_usd_per_t_day
    at_gateway = np.asarray(base.gateway, dtype=np.int64)
    first = next(i for i in via if i in set(base.gateway))
    if lever is Lever.HANDLING:
        current = float(graph.cost[first])

        def handling(x: float) -> float:
            w = w0.copy()
            w[at_gateway] += x - current
            return _gap(network, base, w)[0]
        return current, handling
    if lever is Lever.DWELL:
        current = float(graph.hours[first])

        def dwell(x: float) -> float:
            w = w0.copy()
            w[at_gateway] += vot * (x - current) / 24.0
            return _gap(network, base, w)[0]
        return current, dwell
    if lever is Lever.TARIFF:
        family = rail_network.split(":")[0]
        if family != "rail":
            raise InvalidOptionError("rail_network", rail_network, ["rail", "rail:CN", "rail:KZ"],
                                     message=f"name a rail network as rail or rail:CC (a "
                                             f"country code), not {rail_network!r}")
        current = scenario.multipliers.factor("tariff", "rail", rail_network.partition(":")[2]
                                              ) if scenario else 1.0

        def tariff(x: float) -> float:
            pair = _pair(network, ids, origin, market, cargo, scenario,
                         (("tariff", rail_network, x),))
            return _gap(network, pair, pair.setup.weights)[0]
        return current, tariff
    if base.setup.unit is Unit.BULK:
        raise InvalidOptionError("lever", lever.value, [v.value for v in Lever if v is not lever],
                                 message=f"{cargo} travels in bulk ships, chartered rather than "
                                         "sailing to a timetable; try handling, dwell or tariff")
    lanes, waits = liner_lanes(network, graph, base.setup.unit, ids)
    sea = next((i for i in via if i in set(lanes)), None)
    if sea is None:
        raise InvalidOptionError("lever", lever.value, ["handling", "dwell", "tariff"],
                                 message="the route through the gateway takes no liner from it")
    current = HOURS_PER_HALF_WEEK / float(waits[lanes.index(sea)])
    lane_ids = np.asarray(lanes, dtype=np.int64)

    def frequency(x: float) -> float:
        w = w0.copy()
        w[lane_ids] += vot * (HOURS_PER_HALF_WEEK / x - waits) / 24.0
        return _gap(network, base, w)[0]
    return current, frequency
