"""A scenario: supply, demand, capacity overrides, closures, avoided things and multipliers.

Places and links are stored as network ids (resolved when the file is read); every quantity is
per year. See ``docs/scenarios.md`` for the YAML format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from landbridge.model.cargo import Unit

__all__ = [
    "CapacityOverride",
    "Closure",
    "DemandRow",
    "MillRow",
    "Multipliers",
    "Scenario",
    "SupplyRow",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplyRow:
    """Tonnes per year of a commodity available for export at an origin."""

    origin: str
    commodity: str
    tonnes: float


@dataclass(frozen=True, slots=True, kw_only=True)
class DemandRow:
    """What a market buys per year (``tonnes`` an upper bound; None = unlimited), at ``price``
    USD/t delivered if given; ``min_tonnes`` must be delivered (or reported as unmet)."""

    market: str
    commodity: str
    tonnes: float | None = None
    min_tonnes: float = 0.0
    price: float | None = None


#: How the ids of a capacity shared by several places or links are joined in its element.
GROUP_SEPARATOR = "+"


@dataclass(frozen=True, slots=True, kw_only=True)
class CapacityOverride:
    """A capacity (tonnes per year) for a place or a link ``A--B``, replacing the bundled one
    of the same scope; or one limit shared by several places or links, whose ids ``element``
    joins with ``+`` (e.g. every seaport of a transit country)."""

    element: str
    scope: str
    tonnes_per_year: float


@dataclass(frozen=True, slots=True, kw_only=True)
class MillRow:
    """A mill the scenario adds (or resizes): ``process`` (an id in ``processing.csv``) at
    ``place``, at most ``capacity`` tonnes of input a year, at ``cost`` USD per tonne of input
    (None: the bundled mill's or the process's); by-products sell at ``byproduct_prices`` (USD
    per tonne; one not given sells at the bundled price where the mill is)."""

    place: str
    process: str
    capacity: float
    cost: float | None = None
    byproduct_prices: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Closure:
    """An element out of service for ``days`` of the year (365 closes it for good)."""

    element: str
    days: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Multipliers:
    """Factors on tariffs and speeds, keyed by mode family (``rail``) or family and country
    (``rail:KZ``); the country-specific key wins."""

    tariff: Mapping[str, float] = field(default_factory=dict)
    speed: Mapping[str, float] = field(default_factory=dict)

    def factor(self, kind: str, family: str, country: str) -> float:
        table = self.tariff if kind == "tariff" else self.speed
        return table.get(f"{family}:{country}", table.get(family, 1.0))

    def key(self) -> tuple[tuple[str, str, float], ...]:
        """A hashable form, for caching compiled graphs."""
        return tuple(sorted(
            [("tariff", k, v) for k, v in self.tariff.items()]
            + [("speed", k, v) for k, v in self.speed.items()]
        ))


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """Everything a what-if needs; built by :func:`landbridge.scenario.load_scenario`."""

    name: str
    description: str = ""
    supply: tuple[SupplyRow, ...] = ()
    demand: tuple[DemandRow, ...] = ()
    units: Mapping[str, Unit] = field(default_factory=dict)
    capacity: tuple[CapacityOverride, ...] = ()
    closures: tuple[Closure, ...] = ()
    avoid: tuple[str, ...] = ()
    multipliers: Multipliers = field(default_factory=Multipliers)
    source: str = ""
    mills: tuple[MillRow, ...] = ()

    @property
    def closed_for_good(self) -> frozenset[str]:
        """Elements closed all year: removed from the network rather than throttled."""
        return frozenset(c.element for c in self.closures if c.days >= 365)

    def commodities(self) -> list[str]:
        """The commodities the scenario moves, in order of first appearance."""
        seen: dict[str, None] = {}
        for row in self.supply:
            seen.setdefault(row.commodity, None)
        return list(seen)
