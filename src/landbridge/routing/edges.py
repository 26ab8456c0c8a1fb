"""The edges of the expanded graph as records: what the planner reports of each movement,
voyage and hub operation."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from landbridge.costing.rates import EdgeFigures
from landbridge.model.modes import Mode, Passage
from landbridge.model.operations import Operation

if TYPE_CHECKING:
    from landbridge.routing.voyages import Voyages

__all__ = ["Edge", "EdgeKind", "EdgeRecords"]


class EdgeKind(enum.IntEnum):
    MOVE = 0
    SEA = 1
    TRANSFER = 2
    LOAD = 3
    UNLOAD = 4


@dataclass(frozen=True, slots=True)
class Edge:
    """One edge of the expanded graph, with the figures the planner reports."""

    kind: EdgeKind
    a: str
    b: str
    mode: Mode | None
    operation: Operation | None
    distance_km: float
    country: str
    passages: frozenset[Passage]
    figures: EdgeFigures


class EdgeRecords(Sequence[Edge]):
    """A graph's edge records in edge order: the movements, then the voyages, then the hub
    operations. A voyage's record is made the first time it is asked for, and kept."""

    __slots__ = ("_after", "_before", "_made", "_voyages")

    def __init__(self, before: Sequence[Edge], voyages: Voyages, after: Sequence[Edge]) -> None:
        self._before = tuple(before)
        self._voyages = voyages
        self._after = tuple(after)
        self._made: dict[int, Edge] = {}

    def __len__(self) -> int:
        return len(self._before) + len(self._voyages) + len(self._after)

    @overload
    def __getitem__(self, index: int) -> Edge: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Edge]: ...

    def __getitem__(self, index: int | slice) -> Edge | Sequence[Edge]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        voyage = index - len(self._before)
        if voyage < 0:
            return self._before[index]
        if voyage >= len(self._voyages):
            return self._after[voyage - len(self._voyages)]
        edge = self._made.get(voyage)
        if edge is None:
            edge = self._made[voyage] = self._voyages.edge(voyage)
        return edge

    def __iter__(self) -> Iterator[Edge]:
        yield from self._before
        for voyage in range(len(self._voyages)):
            yield self[len(self._before) + voyage]
        yield from self._after

    @property
    def voyages(self) -> Voyages:
        """The voyages, as arrays."""
        return self._voyages

    @property
    def before_voyages(self) -> tuple[Edge, ...]:
        """The records before the voyages (the movements)."""
        return self._before

    @property
    def after_voyages(self) -> tuple[Edge, ...]:
        """The records after the voyages (the hub operations)."""
        return self._after
