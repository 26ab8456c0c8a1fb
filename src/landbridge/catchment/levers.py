"""The levers a gateway (or a rail network) can move, and a lever setting applied to the edge
weights of a catchment: what the break-even search bisects on and a gateway sweep varies.

- ``handling``: the gateway's handling charge, USD/t, on every operation there (boarding,
  border clearance, gauge change);
- ``dwell``: the hours cargo spends in those operations;
- ``tariff``: a multiplier on the rail tariff of a named network (``rail:CN``, ``rail:KZ`` or
  ``rail`` for all); it changes the compiled graph, so it is a scenario multiplier, not a
  weight change;
- ``frequency``: sailings a week on every liner lane leaving the gateway (a new service), which
  sets the wait for the next sailing (half the interval); containers and reefers only, bulk
  ships are chartered.

A :class:`LeverSetting` changes a copy of the weights; the cached graphs are never changed.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from landbridge.catchment.kernel import gateway_edges
from landbridge.costing.rates import Rates
from landbridge.model.cargo import Unit
from landbridge.network.network import Network
from landbridge.routing.graph import CompiledGraph

__all__ = ["HOURS_PER_HALF_WEEK", "RANGE", "SHIFT_RANGE", "UNITS", "Lever", "LeverSetting",
           "adjust_weights", "lever_deltas", "liner_lanes"]

#: Cargo arriving at random waits half the interval between sailings: 168 h / 2 / sailings.
HOURS_PER_HALF_WEEK = 84.0


class Lever(enum.StrEnum):
    """What may change at the gateway (or on a rail network) to win a flow."""

    HANDLING = "handling"
    DWELL = "dwell"
    TARIFF = "tariff"
    FREQUENCY = "frequency"


#: The range a break-even search looks in for each lever: (lowest, highest) values.
RANGE = {Lever.HANDLING: (0.0, 500.0), Lever.DWELL: (0.0, 24.0 * 30),
         Lever.TARIFF: (0.0, 5.0), Lever.FREQUENCY: (0.25, 50.0)}
#: The range of a sweep's change of handling (USD/t) and dwell (h) at a gateway: the same
#: reach as the break-even search, either way.
SHIFT_RANGE = {Lever.HANDLING: (-500.0, 500.0), Lever.DWELL: (-24.0 * 30, 24.0 * 30)}
UNITS = {Lever.HANDLING: "USD/t", Lever.DWELL: "h", Lever.TARIFF: "x",
         Lever.FREQUENCY: "sailings/week"}


@dataclass(frozen=True, slots=True, kw_only=True)
class LeverSetting:
    """One lever moved at one gateway (``place_ids``, named ``gateway``): ``handling`` and
    ``dwell`` add ``value`` (USD/t, hours; negative: less) to every gateway operation there,
    no operation going below zero; ``frequency`` sets ``value`` sailings a week on every liner
    lane leaving it (bulk cargo, shipped by charter, is not changed)."""

    lever: Lever
    gateway: str
    place_ids: frozenset[str]
    value: float


def liner_lanes(network: Network, graph: CompiledGraph, unit: Unit,
                place_ids: frozenset[str]) -> tuple[list[int], NDArray[np.float64]]:
    """The liner lanes (edge ids) leaving the gateway at ``place_ids`` and each lane's mean
    wait for the next sailing today, hours."""
    rates = Rates(network, unit)
    voyages = graph.edges.voyages
    leaving = [i for i, port in enumerate(voyages.ports) if port in place_ids]
    first = graph.edges.voyage_indices().start
    lanes = (first + np.flatnonzero(np.isin(voyages.origin, leaving))).tolist()
    waits = np.asarray([rates.liner_wait_hours(graph.edges[i].a, graph.edges[i].b)[0]
                        for i in lanes], dtype=np.float64)
    return lanes, waits


def lever_deltas(network: Network, graph: CompiledGraph, unit: Unit,
                 settings: Sequence[LeverSetting]
                 ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """What ``settings`` add to each edge's hours and to its cost (USD/t).

    Examples
    --------
    >>> from landbridge.catchment.analysis import setups
    >>> from landbridge.network.load import load_network
    >>> network = load_network()
    >>> s = setups(network, cargo=["cotton"])[0]
    >>> lyg = LeverSetting(lever=Lever.DWELL, gateway="Lianyungang", value=-6.0,
    ...                    place_ids=frozenset(network.area("Lianyungang").ids))
    >>> hours, cost = lever_deltas(network, s.graph, s.unit, [lyg])
    >>> sorted(set(hours[hours != 0].tolist())), float(abs(cost).sum())
    ([-6.0], 0.0)
    """
    hours = np.zeros(len(graph.edges), dtype=np.float64)
    cost = np.zeros(len(graph.edges), dtype=np.float64)
    for s in settings:
        if s.lever is Lever.HANDLING or s.lever is Lever.DWELL:
            edges = np.asarray(gateway_edges(graph, s.place_ids), dtype=np.int64)
            if s.lever is Lever.HANDLING:
                cost[edges] += np.maximum(s.value, -(graph.cost[edges] + cost[edges]))
            else:
                hours[edges] += np.maximum(s.value, -(graph.hours[edges] + hours[edges]))
        elif s.lever is Lever.FREQUENCY and unit is not Unit.BULK:
            lanes, waits = liner_lanes(network, graph, unit, s.place_ids)
            hours[np.asarray(lanes, dtype=np.int64)] += HOURS_PER_HALF_WEEK / s.value - waits
    return hours, cost


def adjust_weights(network: Network, graph: CompiledGraph, unit: Unit,
                   value_of_time_usd_per_t_day: float, weights: NDArray[np.float64],
                   settings: Sequence[LeverSetting]) -> NDArray[np.float64]:
    """A copy of ``weights`` (generalised cost per edge) with every setting applied."""
    hours, cost = lever_deltas(network, graph, unit, settings)
    out: NDArray[np.float64] = weights + cost + value_of_time_usd_per_t_day * hours / 24.0
    return out
