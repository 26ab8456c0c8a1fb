"""Areas: what people name when they mean several terminals (a city, a country).

A user asks for "Ho Chi Minh City" or "Vietnam", not for one berth. An :class:`Area` is the
set of terminals a name stands for; the planner searches every member that can take the cargo
and says which one each route uses. A single place is an area of one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from landbridge.model.places import Place

__all__ = ["Area", "AreaKind"]


class AreaKind(enum.StrEnum):
    """What an area name stands for."""

    PLACE = "place"  # one terminal, station or crossing
    CITY = "city"  # a city's terminals (areas.csv)
    COUNTRY = "country"  # a country's origins or markets


@dataclass(frozen=True, slots=True, kw_only=True)
class Area:
    """A named set of places; ``members`` are in table order."""

    id: str
    name: str
    kind: AreaKind
    members: tuple[Place, ...]
    aliases: tuple[str, ...] = ()
    source: str = ""
    note: str = ""

    @classmethod
    def of(cls, place: Place) -> Area:
        """The area of one place."""
        return cls(id=place.id, name=place.name, kind=AreaKind.PLACE, members=(place,))

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.members)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "members": [{"id": p.id, "name": p.name} for p in self.members],
        }
