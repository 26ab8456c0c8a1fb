"""The edges of the expanded graph as records: what the planner reports of each movement,
voyage and hub operation."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

import numpy as np
from numpy.typing import NDArray

from landbridge.costing.rates import EdgeFigures
from landbridge.model.modes import Mode, Passage
from landbridge.model.operations import Operation
from landbridge.routing.scheduled import ScheduledRun

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
    service: ScheduledRun | None = None  # the scheduled train this movement rides, if any


class EdgeRecords(Sequence[Edge]):
    """A graph's edge records in edge order: the movements, then the voyages, then the hub
    operations. A voyage's record is made the first time it is asked for, and kept."""

    __slots__ = ("_after", "_before", "_records", "_voyages")

    def __init__(self, before: Sequence[Edge], voyages: Voyages, after: Sequence[Edge]) -> None:
        self._before = tuple(before)
        self._voyages = voyages
        self._after = tuple(after)
        # every record by index, None for a voyage's until it is read
        self._records: list[Edge | None] = [*self._before, *[None] * len(voyages),
                                            *self._after]

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, index: int) -> Edge: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Edge]: ...

    def __getitem__(self, index: int | slice) -> Edge | Sequence[Edge]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        edge = self._records[index]
        if edge is None:
            voyage = index % len(self._records) - len(self._before)
            edge = self._records[index] = self._voyages.edge(voyage)
        return edge

    def path(self, indices: Iterable[int]) -> list[Edge]:
        """The records of the edges ``indices``, in their order: a path's, in one call."""
        records = self._records
        return [records[i] or self[i] for i in indices]

    def __iter__(self) -> Iterator[Edge]:
        for index in range(len(self._records)):
            yield self[index]

    @property
    def voyages(self) -> Voyages:
        """The voyages, as arrays."""
        return self._voyages

    def others(self) -> Iterator[tuple[int, Edge]]:
        """Each record that is not a voyage's, with its index (no voyage record is made)."""
        yield from enumerate(self._before)
        after = len(self._before) + len(self._voyages)
        yield from enumerate(self._after, start=after)

    def voyage_indices(self) -> range:
        """The indices of the voyages."""
        return range(len(self._before), len(self._before) + len(self._voyages))

    def distance_km(self) -> NDArray[np.float64]:
        """Every edge's distance, in edge order."""
        return np.concatenate([[e.distance_km for e in self._before],
                               self._voyages.distance_km,
                               [e.distance_km for e in self._after]]).astype(np.float64)

    def ttw(self) -> NDArray[np.float64]:
        """Every edge's kg CO2e tank to wheel, in edge order."""
        return np.concatenate([[e.figures.ttw for e in self._before], self._voyages.ttw,
                               [e.figures.ttw for e in self._after]]).astype(np.float64)

    @property
    def before_voyages(self) -> tuple[Edge, ...]:
        """The records before the voyages (the movements)."""
        return self._before

    @property
    def after_voyages(self) -> tuple[Edge, ...]:
        """The records after the voyages (the hub operations)."""
        return self._after
