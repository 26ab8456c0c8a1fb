"""Links: a movement by one mode between two places, usable both ways."""

from __future__ import annotations

from dataclasses import dataclass

from landbridge.model.modes import Mode


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A rail, road, ferry or Caspian sea link. Ocean legs come from the sea network instead."""

    a: str
    b: str
    mode: Mode
    distance_km: float
    source: str
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.a}--{self.b}"

    def other(self, place_id: str) -> str:
        """The end of the link that is not ``place_id``."""
        return self.b if place_id == self.a else self.a

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "from": self.a,
            "to": self.b,
            "mode": self.mode.value,
            "distance_km": self.distance_km,
            "source": self.source,
            "note": self.note,
        }
