"""One typical consignment of a unit: what "shipment cost" is priced for when no size is given.

A grain trader prices a train-load from an inland elevator, a ship's parcel from a port, and a
forwarder one box: the planner uses the consignment that fits the route's unit and origin, and
says which it assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

from landbridge.model.cargo import Unit
from landbridge.model.places import Place, Waters
from landbridge.network.network import Network

__all__ = ["Consignment", "consignment"]


@dataclass(frozen=True, slots=True)
class Consignment:
    """A shipment size in tonnes and what it is, in words."""

    tonnes: float
    label: str


def consignment(network: Network, unit: Unit, start: Place, *,
                tonnes: float | None = None) -> Consignment:
    """The consignment a route from ``start`` in ``unit`` is priced for: ``tonnes`` if given,
    else one block train from an inland origin, one ship's parcel from a port (bulk), or one
    container.

    Examples
    --------
    >>> from landbridge.network.load import load_network
    >>> network = load_network()
    >>> consignment(network, Unit.CONTAINER, network.place("Kostanay")).label
    'one 20 ft container (20 t)'
    >>> consignment(network, Unit.BULK, network.place("Kostanay"), tonnes=5000).label
    '5,000 t'
    """
    if tonnes is not None:
        return Consignment(tonnes, f"{tonnes:,.0f} t")
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
