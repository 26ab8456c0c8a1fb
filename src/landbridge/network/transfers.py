"""Which changes between links at a place are transfers, and what a transfer requires.

One rule serves the validator and the graph compiler: moving from a link of one mode onto a
link of another at a place is a transfer; a transfer that handles the cargo (break of gauge,
rail to ship, ship to rail) needs a place that handles the cargo class. Rail wagons roll on and
off Caspian rail ferries, so rail <-> ferry on the 1520 mm gauge handles nothing.
"""

from __future__ import annotations

from landbridge.model.modes import Mode
from landbridge.model.operations import Operation
from landbridge.model.places import Place, PlaceKind

__all__ = ["transfer_handles_cargo", "transfer_operation"]

_ROLL_ON = frozenset({Mode.RAIL_1520, Mode.FERRY})


def transfer_operation(place: Place, arrive: Mode, leave: Mode) -> Operation | None:
    """The hub operation for arriving by ``arrive`` and leaving by ``leave``; None if free.

    Examples
    --------
    >>> from landbridge.model.places import CargoClass
    >>> dostyk = Place(id="KZDOS", name="Dostyk", kind=PlaceKind.BORDER, country="KZ",
    ...                lat=45.25, lon=82.48, handles=frozenset({CargoClass.BULK_GRAIN}))
    >>> transfer_operation(dostyk, Mode.RAIL_1520, Mode.RAIL_1435)
    <Operation.GAUGE_CHANGE: 'gauge_change'>
    >>> transfer_operation(dostyk, Mode.RAIL_1520, Mode.RAIL_1520)
    <Operation.BORDER: 'border'>
    """
    if arrive is leave:
        return Operation.BORDER if place.kind is PlaceKind.BORDER else None
    if arrive.is_rail and leave.is_rail:
        return Operation.GAUGE_CHANGE
    if leave is Mode.FERRY:
        return Operation.RAIL_TO_FERRY
    if arrive is Mode.FERRY:
        return Operation.FERRY_TO_RAIL
    if leave is Mode.SEA:
        return Operation.RAIL_TO_SHIP
    if arrive is Mode.SEA:
        return Operation.SHIP_DISCHARGE
    return Operation.GAUGE_CHANGE  # road <-> rail: a full transshipment


def transfer_handles_cargo(arrive: Mode, leave: Mode) -> bool:
    """Whether the cargo itself is lifted from one vehicle into another."""
    if arrive is leave:
        return False
    return not ({arrive, leave} <= _ROLL_ON)
