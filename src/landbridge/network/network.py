"""The corridor network: every bundled table, typed, validated and read-only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from landbridge.model.areas import Area
from landbridge.model.cargo import Commodity
from landbridge.model.costs import (
    Capacity,
    EmissionFactor,
    MarketPrice,
    Parameter,
    Service,
    Speed,
    Tariff,
    Vessel,
)
from landbridge.model.links import Link
from landbridge.model.operations import HubOperation
from landbridge.model.places import Place, Role
from landbridge.network.lookup import AreaIndex, PlaceIndex

__all__ = ["Network"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Network:
    """Places, links and the numbers attached to them. Built by :func:`load_network`.

    Compared and hashed by identity: one loaded network is one object, shared read-only.
    """

    places: Mapping[str, Place]
    links: tuple[Link, ...]
    operations: tuple[HubOperation, ...]
    commodities: Mapping[str, Commodity]
    tariffs: tuple[Tariff, ...]
    speeds: tuple[Speed, ...]
    emission_factors: Mapping[str, EmissionFactor]
    capacities: tuple[Capacity, ...]
    services: tuple[Service, ...]
    vessels: tuple[Vessel, ...]
    parameters: Mapping[str, Parameter]
    market_prices: tuple[MarketPrice, ...]
    index: PlaceIndex
    area_index: AreaIndex

    def place(self, query: str) -> Place:
        """The place with this id, name or alias (see :class:`PlaceIndex`)."""
        return self.index.get(query)

    def area(self, query: str, *, role: Role | None = None) -> Area:
        """What ``query`` names: one place, a city's terminals, or a country's places that
        play ``role`` (see :meth:`AreaIndex.get`).

        Examples
        --------
        >>> from landbridge.network.load import load_network
        >>> [p.name for p in load_network().area("Ho Chi Minh City").members]
        ['Cat Lai (Ho Chi Minh City)', 'Cai Mep']
        """
        return self.area_index.get(query, role=role)

    def with_role(self, role: Role) -> list[Place]:
        """Places that play ``role``, in table order."""
        return [p for p in self.places.values() if role in p.roles]

    def parameter(self, key: str) -> float:
        """The value of a model parameter from ``parameters.csv``."""
        return self.parameters[key].value

    def links_of(self, place_id: str) -> list[Link]:
        return [link for link in self.links if place_id in (link.a, link.b)]
