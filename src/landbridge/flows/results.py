"""Typed results of an allocation and of comparing two allocations."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Allocation",
    "AllocationDiff",
    "CapacityUse",
    "CorridorChange",
    "FlowRow",
    "LinkFlow",
    "MillUse",
    "Shortfall",
]


def _r(x: float, digits: int = 1) -> float:
    return round(float(x), digits)


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowRow:
    """Tonnes per year of one commodity from an origin to a market along one corridor."""

    origin: str
    origin_name: str
    commodity: str
    market: str
    market_name: str
    corridor: str
    tonnes: float
    cost_usd_per_t: float
    days: float

    def to_dict(self) -> dict[str, object]:
        return {"origin": {"id": self.origin, "name": self.origin_name},
                "commodity": self.commodity,
                "market": {"id": self.market, "name": self.market_name},
                "corridor": self.corridor, "tonnes": _r(self.tonnes, 0),
                "cost_usd_per_t": _r(self.cost_usd_per_t, 2), "days": _r(self.days, 1)}


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkFlow:
    """Tonnes per year on a link (both directions) or a sea lane ``A>>B``."""

    element: str
    name: str
    mode: str
    tonnes: float

    def to_dict(self) -> dict[str, object]:
        return {"element": self.element, "name": self.name, "mode": self.mode,
                "tonnes": _r(self.tonnes, 0)}


@dataclass(frozen=True, slots=True, kw_only=True)
class CapacityUse:
    """How full a constrained element is, and what one more tonne of capacity is worth."""

    element: str
    name: str
    scope: str
    capacity: float
    tonnes: float
    value_usd_per_t: float
    source: str

    @property
    def utilisation(self) -> float:
        return self.tonnes / self.capacity if self.capacity > 0 else float("inf")

    @property
    def binding(self) -> bool:
        return bool(self.value_usd_per_t > 1e-6
                    or (self.capacity > 0 and self.utilisation > 0.9999))

    def to_dict(self) -> dict[str, object]:
        return {"element": self.element, "name": self.name, "scope": self.scope,
                "capacity_t": _r(self.capacity, 0), "tonnes": _r(self.tonnes, 0),
                "utilisation": round(self.utilisation, 4) if self.capacity > 0 else None,
                "binding": self.binding, "value_usd_per_t": _r(self.value_usd_per_t, 2),
                "source": self.source}


@dataclass(frozen=True, slots=True, kw_only=True)
class MillUse:
    """What a mill processed: tonnes of input, tonnes of each product (input x yield), how
    full it ran, its net cost per tonne of input (by-product sales netted off), and what one
    more tonne a year of its capacity is worth (the dual of its capacity row)."""

    place: str
    name: str
    process: str
    input: str
    capacity: float
    tonnes_in: float
    outputs: tuple[tuple[str, float], ...]
    cost_usd_per_t: float
    value_usd_per_t: float

    @property
    def utilisation(self) -> float:
        return self.tonnes_in / self.capacity if self.capacity > 0 else 0.0

    def to_dict(self) -> dict[str, object]:
        return {"place": {"id": self.place, "name": self.name}, "process": self.process,
                "input": self.input, "capacity_t": _r(self.capacity, 0),
                "tonnes_in": _r(self.tonnes_in, 0),
                "outputs": {k: _r(v, 0) for k, v in self.outputs},
                "utilisation": round(self.utilisation, 4),
                "net_cost_usd_per_t": _r(self.cost_usd_per_t, 2),
                "value_usd_per_t": _r(self.value_usd_per_t, 2)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Shortfall:
    """Supply that could not be exported, or a minimum demand that was not met, and why."""

    place: str
    name: str
    commodity: str
    tonnes: float
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"place": {"id": self.place, "name": self.name}, "commodity": self.commodity,
                "tonnes": _r(self.tonnes, 0), "reason": self.reason}


@dataclass(frozen=True, slots=True, kw_only=True)
class Allocation:
    """The optimal split of a scenario's exports across corridors."""

    scenario: str
    objective: str
    total_cost_usd: float
    revenue_usd: float | None
    delivered_t: float
    flows: tuple[FlowRow, ...]
    links: tuple[LinkFlow, ...]
    capacities: tuple[CapacityUse, ...]
    stranded: tuple[Shortfall, ...]
    unmet: tuple[Shortfall, ...]
    mills: tuple[MillUse, ...] = ()

    @property
    def netback_usd(self) -> float | None:
        return None if self.revenue_usd is None else self.revenue_usd - self.total_cost_usd

    def corridor_totals(self) -> dict[tuple[str, str], float]:
        """Tonnes by (commodity, corridor)."""
        out: dict[tuple[str, str], float] = {}
        for row in self.flows:
            key = (row.commodity, row.corridor)
            out[key] = out.get(key, 0.0) + row.tonnes
        return out

    def to_dict(self) -> dict[str, object]:
        corridors = [{"commodity": c, "corridor": k, "tonnes": _r(t, 0)}
                     for (c, k), t in sorted(self.corridor_totals().items(),
                                             key=lambda kv: -kv[1])]
        return {
            "scenario": self.scenario,
            "objective": self.objective,
            "total_cost_usd": _r(self.total_cost_usd, 0),
            "revenue_usd": None if self.revenue_usd is None else _r(self.revenue_usd, 0),
            "netback_usd": None if self.netback_usd is None else _r(self.netback_usd, 0),
            "delivered_t": _r(self.delivered_t, 0),
            "corridors": corridors,
            "flows": [f.to_dict() for f in self.flows],
            "links": [link.to_dict() for link in self.links],
            "capacities": [c.to_dict() for c in self.capacities],
            "stranded": [s.to_dict() for s in self.stranded],
            "unmet": [u.to_dict() for u in self.unmet],
            **({"mills": [m.to_dict() for m in self.mills]} if self.mills else {}),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class CorridorChange:
    commodity: str
    corridor: str
    before_t: float
    after_t: float

    @property
    def change_t(self) -> float:
        return self.after_t - self.before_t

    def to_dict(self) -> dict[str, object]:
        return {"commodity": self.commodity, "corridor": self.corridor,
                "before_t": _r(self.before_t, 0), "after_t": _r(self.after_t, 0),
                "change_t": _r(self.change_t, 0)}


@dataclass(frozen=True, slots=True, kw_only=True)
class AllocationDiff:
    """What changes from ``base`` to ``other``: flows shifted, cost added, bottlenecks."""

    base: Allocation
    other: Allocation
    corridors: tuple[CorridorChange, ...]
    new_bottlenecks: tuple[CapacityUse, ...]
    relieved_bottlenecks: tuple[CapacityUse, ...]

    @property
    def cost_change_usd(self) -> float:
        return self.other.total_cost_usd - self.base.total_cost_usd

    @property
    def delivered_change_t(self) -> float:
        return self.other.delivered_t - self.base.delivered_t

    def to_dict(self) -> dict[str, object]:
        return {
            "base": self.base.scenario,
            "other": self.other.scenario,
            "cost_change_usd": _r(self.cost_change_usd, 0),
            "delivered_change_t": _r(self.delivered_change_t, 0),
            "corridors": [c.to_dict() for c in self.corridors],
            "new_bottlenecks": [b.to_dict() for b in self.new_bottlenecks],
            "relieved_bottlenecks": [b.to_dict() for b in self.relieved_bottlenecks],
        }
