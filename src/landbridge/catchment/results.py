"""Typed results of a catchment, a gateway comparison and a break-even search."""

from __future__ import annotations

import math
from dataclasses import dataclass

from landbridge.model.places import Place

__all__ = ["BreakEven", "Catchment", "CatchmentFlow", "GatewayUse", "Gateways", "OriginSummary",
           "PathSummary"]


def _r(x: float, digits: int = 2) -> float | None:
    return round(float(x), digits) if math.isfinite(x) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class PathSummary:
    """One route of a flow: the gateways it passes (ids, in order), its corridor in words,
    days, freight and handling (USD/t) and generalised cost (USD/t)."""

    gateways: tuple[str, ...]
    corridor: str
    days: float
    freight_usd_per_t: float
    generalised_usd_per_t: float
    km: float

    def to_dict(self) -> dict[str, object]:
        return {"corridor": self.corridor, "gateways": list(self.gateways),
                "days": _r(self.days, 1), "freight_usd_per_t": _r(self.freight_usd_per_t),
                "generalised_usd_per_t": _r(self.generalised_usd_per_t),
                "km": _r(self.km, 0)}


@dataclass(frozen=True, slots=True, kw_only=True)
class CatchmentFlow:
    """One origin x market x commodity: the best route through the gateway (``via``), the best
    avoiding it (``other``), the gateway's share of the flow and the tonnes that gives."""

    origin: Place
    market: Place
    commodity: str
    unit: str
    via: PathSummary | None
    other: PathSummary | None
    share: float
    tonnes: float  # the flow's tonnes per year (all routes), from the scenario

    @property
    def gateway_tonnes(self) -> float:
        return self.tonnes * self.share

    @property
    def margin_days(self) -> float:
        """Days saved by the gateway's route against the best other (negative: it is slower)."""
        if self.via is None or self.other is None:
            return math.nan
        return self.other.days - self.via.days

    @property
    def margin_usd_per_t(self) -> float:
        if self.via is None or self.other is None:
            return math.nan
        return self.other.freight_usd_per_t - self.via.freight_usd_per_t

    @property
    def margin_generalised(self) -> float:
        if self.via is None or self.other is None:
            return math.nan
        return self.other.generalised_usd_per_t - self.via.generalised_usd_per_t

    @property
    def wins(self) -> bool:
        """Whether the gateway's route is the best (ties count as a win): it beats its rival
        or it is the only route."""
        return self.beats_rival or self.only_route

    @property
    def beats_rival(self) -> bool:
        """Whether the gateway's route is at least as good as the best route avoiding it."""
        return (self.via is not None and self.other is not None
                and self.margin_generalised >= 0)

    @property
    def only_route(self) -> bool:
        """Whether the gateway's route has no rival: no sensible route avoids it."""
        return self.via is not None and self.other is None

    def to_dict(self) -> dict[str, object]:
        return {
            "origin": {"id": self.origin.id, "name": self.origin.name,
                       "country": self.origin.country},
            "market": {"id": self.market.id, "name": self.market.name},
            "commodity": self.commodity, "unit": self.unit,
            "via": None if self.via is None else self.via.to_dict(),
            "other": None if self.other is None else self.other.to_dict(),
            "margin": {"days": _r(self.margin_days, 1), "usd_per_t": _r(self.margin_usd_per_t),
                       "generalised_usd_per_t": _r(self.margin_generalised)},
            "wins": self.wins, "beats_rival": self.beats_rival,
            "only_route": self.only_route, "share": round(self.share, 4),
            "tonnes": round(self.tonnes), "gateway_tonnes": round(self.gateway_tonnes),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class OriginSummary:
    """What a gateway wins at one origin: the flows it can serve there, how many it wins
    (``won``: those where it beats a rival route plus those where it is the only route), its
    mean share over them, and the tonnes (all routes, and through the gateway)."""

    origin: Place
    flows: int
    beat_rival: int
    only_route: int
    mean_share: float
    tonnes: float
    gateway_tonnes: float

    @property
    def won(self) -> int:
        return self.beat_rival + self.only_route

    def to_dict(self) -> dict[str, object]:
        return {"origin": {"id": self.origin.id, "name": self.origin.name,
                           "country": self.origin.country},
                "flows": self.flows, "won": self.won, "beat_rival": self.beat_rival,
                "only_route": self.only_route, "mean_share": round(self.mean_share, 4),
                "tonnes": round(self.tonnes), "gateway_tonnes": round(self.gateway_tonnes)}


@dataclass(frozen=True, slots=True, kw_only=True)
class Catchment:
    """What a gateway wins: every flow it can serve, its share, tonnes by origin country."""

    gateway: str
    gateway_ids: tuple[str, ...]
    scale_usd_per_t: float
    volumes: str  # how the scenario's tonnes were split into origin-market flows
    scenario: str | None
    flows: tuple[CatchmentFlow, ...]
    by_country: dict[str, float]
    sco_members: tuple[str, ...]

    @property
    def tonnes(self) -> float:
        return sum(f.gateway_tonnes for f in self.flows)

    def origins(self) -> list[OriginSummary]:
        """The flows summed by origin, in the order the origins first appear."""
        rows: dict[str, list[CatchmentFlow]] = {}
        for f in self.flows:
            rows.setdefault(f.origin.id, []).append(f)
        return [OriginSummary(origin=fs[0].origin, flows=len(fs),
                              beat_rival=sum(f.beats_rival for f in fs),
                              only_route=sum(f.only_route for f in fs),
                              mean_share=sum(f.share for f in fs) / len(fs),
                              tonnes=sum(f.tonnes for f in fs),
                              gateway_tonnes=sum(f.gateway_tonnes for f in fs))
                for fs in rows.values()]

    def counts(self) -> dict[str, int]:
        """How many flows the gateway can serve, and of those how many it wins against a rival
        route, how many it has to itself (no sensible route avoids it) and how many it loses."""
        beat = sum(f.beats_rival for f in self.flows)
        only = sum(f.only_route for f in self.flows)
        return {"flows": len(self.flows), "won": beat + only, "beat_rival": beat,
                "only_route": only, "lost": len(self.flows) - beat - only}

    def country_share(self, country: str) -> float:
        """``country``'s share of the gateway's tonnes from SCO members (NaN if none)."""
        sco = sum(t for c, t in self.by_country.items() if c in self.sco_members)
        return self.by_country.get(country, 0.0) / sco if sco > 0 else math.nan

    def to_dict(self) -> dict[str, object]:
        return {
            "gateway": self.gateway, "gateway_ids": list(self.gateway_ids),
            "logit_scale_usd_per_t": self.scale_usd_per_t, "volumes": self.volumes,
            "scenario": self.scenario, "tonnes": round(self.tonnes),
            "counts": self.counts(),
            "by_country": {c: round(t) for c, t in sorted(self.by_country.items())},
            "sco_members": list(self.sco_members),
            "uzbekistan_share_of_sco": _r(self.country_share("UZ"), 4),
            "origins": [o.to_dict() for o in self.origins()],
            "flows": [f.to_dict() for f in self.flows],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class GatewayUse:
    """A gateway's tonnes per year under the logit split, and after capacity is respected."""

    id: str
    name: str
    country: str
    demand_tonnes: float  # what the split sends before capacity
    tonnes: float  # what passes after capacity (demand - spilled + received overflow)
    capacity: float | None  # the binding limit, tonnes per year (None: no capacity known)
    capacity_scope: str | None
    scope_tonnes: float | None  # the tonnes that limit counts (bulk only, boxes only, or all)
    received: float  # overflow from full gateways taken here
    full: bool
    overflow_to: dict[str, float]  # where this gateway's overflow went (gateway id: tonnes)

    def to_dict(self, total: float) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "country": self.country,
                "tonnes": round(self.tonnes), "demand_tonnes": round(self.demand_tonnes),
                "share_of_exports": _r(self.tonnes / total, 4) if total > 0 else None,
                "capacity_t": None if self.capacity is None else round(self.capacity),
                "capacity_scope": self.capacity_scope,
                "scope_tonnes": None if self.scope_tonnes is None else round(self.scope_tonnes),
                "full": self.full,
                "received_overflow_t": round(self.received),
                "overflow_to": {k: round(v) for k, v in sorted(self.overflow_to.items())}}


@dataclass(frozen=True, slots=True, kw_only=True)
class Gateways:
    """Every gateway's volume from the same split, with capacity respected."""

    scenario: str | None
    scale_usd_per_t: float
    volumes: str
    total_tonnes: float  # all the flows' tonnes
    gateways: tuple[GatewayUse, ...]
    unplaced_tonnes: float  # overflow no gateway with room could take
    overflow_rule: str

    def to_dict(self) -> dict[str, object]:
        return {"scenario": self.scenario, "logit_scale_usd_per_t": self.scale_usd_per_t,
                "volumes": self.volumes, "total_tonnes": round(self.total_tonnes),
                "overflow_rule": self.overflow_rule,
                "unplaced_tonnes": round(self.unplaced_tonnes),
                "gateways": [g.to_dict(self.total_tonnes) for g in self.gateways]}


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakEven:
    """The value of one lever at which the gateway's route ties with the best other route."""

    gateway: str
    origin: str
    market: str
    commodity: str
    lever: str
    unit: str  # of the lever's value
    current: float
    needed: float | None  # None: no value in the searched range makes the gateway win
    searched: tuple[float, float]
    gap_usd_per_t: float  # generalised cost, gateway route minus other, at ``needed``
    tolerance_usd_per_t: float
    sentence: str

    def to_dict(self) -> dict[str, object]:
        return {"gateway": self.gateway, "origin": self.origin, "market": self.market,
                "commodity": self.commodity, "lever": self.lever, "unit": self.unit,
                "current": _r(self.current, 3),
                "needed": None if self.needed is None else _r(self.needed, 3),
                "searched": [_r(self.searched[0], 3), _r(self.searched[1], 3)],
                "gap_usd_per_t": _r(self.gap_usd_per_t, 4),
                "tolerance_usd_per_t": self.tolerance_usd_per_t, "sentence": self.sentence}
