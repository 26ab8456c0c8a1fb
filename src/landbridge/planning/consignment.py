"""One typical consignment of a unit: what "shipment cost" is priced for when no size is given.

A grain trader prices a train-load from an inland elevator, a ship's parcel from a port, and a
forwarder one box: the planner uses the consignment that fits the route's unit and origin, and
says which it assumed. A bulk lot of a given size says which ship carries it at sea: the
smallest class whose parcel holds it, within the ports' limits (:mod:`landbridge.costing.ocean`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from landbridge.costing.ocean import bulk_lane
from landbridge.model.cargo import Unit
from landbridge.model.modes import Mode
from landbridge.model.places import Place, Waters
from landbridge.network.network import Network
from landbridge.planning.results import Leg

__all__ = ["Consignment", "consignment", "ocean_voyage"]


@dataclass(frozen=True, slots=True)
class Consignment:
    """A shipment size in tonnes and what it is, in words."""

    tonnes: float
    label: str


def consignment(network: Network, unit: Unit, start: Place, *,
                tonnes: float | None = None,
                sea: tuple[str, str] | None = None) -> Consignment:
    """The consignment a route from ``start`` in ``unit`` is priced for: ``tonnes`` if given,
    else one block train from an inland origin, one ship's parcel from a port (bulk), or one
    container.

    ``sea`` is the ports (ids) of the route's ocean voyage where the lot charters its own ship
    (it starts at an ocean port; from inland the port gathers it into the lane's usual parcel,
    and the caller passes none): a bulk lot of ``tonnes`` then says the ship it charters, or,
    too large for one, how many full parcels of the lane's class it fills.

    Examples
    --------
    >>> from landbridge.network.load import load_network
    >>> network = load_network()
    >>> consignment(network, Unit.CONTAINER, network.place("Kostanay")).label
    'one 20 ft container (20 t)'
    >>> consignment(network, Unit.BULK, network.place("Kostanay"), tonnes=5000).label
    '5,000 t'
    >>> consignment(network, Unit.BULK, network.place("Novorossiysk"), tonnes=5000,
    ...             sea=("RUNVS", "CNLYG")).label
    '5,000 t (its own coaster at sea)'
    >>> consignment(network, Unit.BULK, network.place("Novorossiysk"), tonnes=200_000,
    ...             sea=("RUNVS", "CNLYG")).label
    '200,000 t (3 panamax parcels at sea)'
    """
    if tonnes is not None:
        label = f"{tonnes:,.0f} t"
        if unit is Unit.BULK and sea is not None:
            label += f" ({_parcels(network, tonnes, sea)} at sea)"
        return Consignment(tonnes, label)
    if unit is not Unit.BULK:
        t = network.parameter("container_t_per_teu")
        box = "reefer container" if unit is Unit.REEFER else "20 ft container"
        return Consignment(t, f"one {box} ({t:,.0f} t)")
    if start.waters is Waters.OCEAN:
        vessel = next(v for v in network.vessels if v.vessel_class == "supramax")
        t = vessel.capacity * network.parameter("bulk_load_factor")
        return Consignment(t, f"one supramax parcel ({t:,.0f} t)")
    t = network.parameter("block_train_t")
    return Consignment(t, f"one grain block train ({t:,.0f} t)")


_SEA = Mode.SEA.family  # bound once: ocean_voyage reads it for every leg of a route


def ocean_voyage(legs: Iterable[Leg]) -> tuple[str, str] | None:
    """The ports (ids) of the first ocean voyage among ``legs``, if any (a Caspian crossing
    is not one: it sails between Caspian ports)."""
    for leg in legs:
        if (leg.mode == _SEA and leg.start.waters is Waters.OCEAN
                and leg.end.waters is Waters.OCEAN):
            return leg.start.id, leg.end.id
    return None


def _parcels(network: Network, tonnes: float, sea: tuple[str, str]) -> str:
    """The ship a bulk lot of ``tonnes`` charters on the voyage ``sea``, or how many full
    parcels of which class it fills."""
    lane = bulk_lane(network, origin=sea[0], destination=sea[1], lot_t=tonnes)
    count = math.ceil(tonnes / lane.parcel_t)
    if count == 1:
        return f"its own {lane.vessel.vessel_class}"
    return f"{count:,} {lane.vessel.vessel_class} parcels"
