"""Commodities and the handling units they travel in."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from landbridge.model.places import CargoClass

#: The largest shipment an interface accepts, in tonnes: a billion, beyond any real shipment.
#: The bound keeps shipment costs finite (1e308 t would cost "infinity" dollars, which JSON
#: cannot carry), so an absurd size is refused as bad input instead.
MAX_SHIPMENT_TONNES = 1e9


class Unit(enum.StrEnum):
    """How a commodity is packed: loose in hoppers and holds, in a box, or in a reefer box."""

    BULK = "bulk"
    CONTAINER = "container"
    REEFER = "reefer"


@dataclass(frozen=True, slots=True, kw_only=True)
class Commodity:
    """A traded good: its usual unit, the units it may take, and its value (for carrying cost)."""

    id: str
    name: str
    usual_unit: Unit
    units: frozenset[Unit]
    value_usd_per_t: float
    time_value_pct_per_day: float = 0.0  # value of a day in transit, % of the cargo's value
    mineral: bool = False
    hs_code: str = ""
    source: str = ""
    note: str = ""

    @property
    def value_of_time_usd_per_t_day(self) -> float:
        """What a day less in transit is worth to the cargo owner, USD per tonne (capital and
        the price risk of the goods)."""
        return self.value_usd_per_t * self.time_value_pct_per_day / 100.0

    def cargo_class(self, unit: Unit | None = None) -> CargoClass:
        """The terminal capability this commodity needs when packed as ``unit``.

        Examples
        --------
        >>> wheat = Commodity(id="wheat", name="Wheat", usual_unit=Unit.BULK,
        ...                   units=frozenset({Unit.BULK, Unit.CONTAINER}), value_usd_per_t=230)
        >>> wheat.cargo_class(), wheat.cargo_class(Unit.CONTAINER)
        (<CargoClass.BULK_GRAIN: 'bulk'>, <CargoClass.CONTAINER: 'container'>)
        """
        unit = unit or self.usual_unit
        if unit is Unit.BULK:
            return CargoClass.ORE if self.mineral else CargoClass.BULK_GRAIN
        return CargoClass.CONTAINER if unit is Unit.CONTAINER else CargoClass.REEFER
