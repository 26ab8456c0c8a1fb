"""Modes of transport and the sea passages a voyage can be kept out of."""

from __future__ import annotations

import enum


class Mode(enum.StrEnum):
    """How a link moves cargo. Rail is split by gauge: a change of gauge is a transfer."""

    RAIL_1520 = "rail_1520"
    RAIL_1435 = "rail_1435"
    ROAD = "road"
    FERRY = "ferry"
    SEA = "sea"

    @property
    def family(self) -> str:
        """``rail``, ``road``, ``ferry`` or ``sea``: the mode without its gauge."""
        return _FAMILIES[self]

    @property
    def is_rail(self) -> bool:
        return _FAMILIES[self] == "rail"


# by mode, as the planner asks of every movement on a route (a member read off its class, or
# its value, costs a lookup of its own on Python 3.11)
_FAMILIES = {m: "rail" if m in (Mode.RAIL_1520, Mode.RAIL_1435) else m.value for m in Mode}


class RailService(enum.StrEnum):
    """How a train carries the cargo: each kind runs at its own commercial speed.

    A scheduled container block train runs through on a timetable; a block (route) train of
    grain or ore wagons runs from loading station to destination without remarshalling; single
    wagons (wagonload) are sorted in yards along the way and move far slower.
    """

    CONTAINER_BLOCK = "container_block"
    BLOCK = "block"
    WAGONLOAD = "wagonload"

    @property
    def describe(self) -> str:
        return {RailService.CONTAINER_BLOCK: "container block train",
                RailService.BLOCK: "block (route) train",
                RailService.WAGONLOAD: "wagonload"}[self]


class Passage(enum.StrEnum):
    """A strait, canal or cape route that a sea leg may be forbidden to use."""

    SUEZ = "suez"
    BAB_EL_MANDEB = "bab-el-mandeb"
    MALACCA = "malacca"
    BOSPORUS = "bosporus"
    GIBRALTAR = "gibraltar"
    PANAMA = "panama"
    HORMUZ = "hormuz"
    SUNDA = "sunda"
    CAPE_OF_GOOD_HOPE = "cape-of-good-hope"
    CAPE_HORN = "cape-horn"
    BERING = "bering"
    NORTHWEST = "northwest-passage"


PASSAGE_ALIASES: dict[str, Passage] = {
    "red sea": Passage.BAB_EL_MANDEB,
    "bab al mandab": Passage.BAB_EL_MANDEB,
    "suez canal": Passage.SUEZ,
    "turkish straits": Passage.BOSPORUS,
    "dardanelles": Passage.BOSPORUS,
    "bosphorus": Passage.BOSPORUS,
    "strait of malacca": Passage.MALACCA,
    "strait of hormuz": Passage.HORMUZ,
    "ormuz": Passage.HORMUZ,
    "panama canal": Passage.PANAMA,
    "good hope": Passage.CAPE_OF_GOOD_HOPE,
}
