"""Places: stations, junctions, border crossings, ports, logistics centres, origins, markets."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class PlaceKind(enum.StrEnum):
    CITY = "city"
    JUNCTION = "junction"
    STATION = "station"
    BORDER = "border"
    PORT = "port"
    DRY_PORT = "dry_port"
    LOGISTICS_CENTRE = "logistics_centre"
    REGION = "region"


class Role(enum.StrEnum):
    """What a place is to a user: where cargo starts, where it is sold, a rival origin."""

    ORIGIN = "origin"
    MARKET = "market"
    COMPETITOR = "competitor"


class CargoClass(enum.StrEnum):
    """What a terminal must be able to handle; the graph is compiled once per class."""

    BULK_GRAIN = "bulk"
    ORE = "ore"
    CONTAINER = "container"
    REEFER = "reefer"


class Waters(enum.StrEnum):
    """Which sea a port lies on: the ocean network (searoute) or the closed Caspian."""

    OCEAN = "ocean"
    CASPIAN = "caspian"


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A node of the corridor network. ``id`` is the UN/LOCODE where one exists."""

    id: str
    name: str
    kind: PlaceKind
    country: str
    lat: float
    lon: float
    handles: frozenset[CargoClass]
    roles: frozenset[Role] = frozenset()
    aliases: tuple[str, ...] = ()
    other_country: str | None = None
    waters: Waters | None = None
    source: str = ""
    note: str = ""

    @property
    def countries(self) -> frozenset[str]:
        """The country, and for a border crossing the neighbour too."""
        return frozenset(c for c in (self.country, self.other_country) if c)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "country": self.country,
            "other_country": self.other_country,
            "lat": self.lat,
            "lon": self.lon,
            "handles": sorted(h.value for h in self.handles),
            "roles": sorted(r.value for r in self.roles),
            "aliases": list(self.aliases),
            "waters": self.waters.value if self.waters else None,
            "source": self.source,
        }
