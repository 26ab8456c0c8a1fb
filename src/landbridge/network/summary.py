"""What the network holds: counts by kind, mode and country, and how its numbers are sourced."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from landbridge.network.network import Network

__all__ = ["NetworkSummary", "summarize"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkSummary:
    places: int
    links: int
    link_km: float
    places_by_kind: dict[str, int]
    places_by_country: dict[str, int]
    places_by_role: dict[str, int]
    links_by_mode: dict[str, int]
    km_by_mode: dict[str, float]
    rows_by_table: dict[str, int]
    estimated_by_table: dict[str, int]
    sources: int

    def to_dict(self) -> dict[str, object]:
        return {
            "places": self.places,
            "links": self.links,
            "link_km": round(self.link_km, 1),
            "places_by_kind": self.places_by_kind,
            "places_by_country": self.places_by_country,
            "places_by_role": self.places_by_role,
            "links_by_mode": self.links_by_mode,
            "km_by_mode": {k: round(v, 1) for k, v in self.km_by_mode.items()},
            "rows_by_table": self.rows_by_table,
            "estimated_by_table": self.estimated_by_table,
            "distinct_sources": self.sources,
        }


def _is_estimate(text: str) -> bool:
    return "estimate" in text.lower()


def summarize(network: Network) -> NetworkSummary:
    """Counts that describe ``network``.

    Examples
    --------
    >>> from landbridge.network.load import load_network
    >>> summary = summarize(load_network())
    >>> summary.places == len(load_network().places)
    True
    """
    # source and note together: a row citing a publication may still be derived by estimate
    tables: dict[str, list[str]] = {
        "places": [f"{p.source} {p.note}" for p in network.places.values()],
        "links": [f"{link.source} {link.note}" for link in network.links],
        "hub_operations": [f"{o.source} {o.note}" for o in network.operations],
        "commodities": [f"{c.source} {c.note}" for c in network.commodities.values()],
        "tariffs": [f"{t.source} {t.note}" for t in network.tariffs],
        "speeds": [f"{s.source} {s.note}" for s in network.speeds],
        "emission_factors": [f"{f.source} {f.note}" for f in network.emission_factors.values()],
        "capacities": [f"{c.source} {c.note}" for c in network.capacities],
        "services": [f"{s.source} {s.note}" for s in network.services],
        "vessels": [f"{v.source} {v.note}" for v in network.vessels],
        "parameters": [f"{p.source} {p.note}" for p in network.parameters.values()],
        "market_prices": [m.source for m in network.market_prices],
    }
    km: dict[str, float] = {}
    for link in network.links:
        km[link.mode.value] = km.get(link.mode.value, 0.0) + link.distance_km
    distinct = {
        part.strip()
        for source in (
            *(p.source for p in network.places.values()), *(k.source for k in network.links),
            *(o.source for o in network.operations), *(t.source for t in network.tariffs),
            *(c.source for c in network.capacities), *(s.source for s in network.services),
        )
        for part in source.split("|")
        if not part.strip().lower().startswith("estimate")
    }
    roles: Counter[str] = Counter(r.value for p in network.places.values() for r in p.roles)
    return NetworkSummary(
        places=len(network.places),
        links=len(network.links),
        link_km=sum(km.values()),
        places_by_kind=dict(Counter(p.kind.value for p in network.places.values()).most_common()),
        places_by_country=dict(Counter(p.country for p in network.places.values()).most_common()),
        places_by_role=dict(roles.most_common()),
        links_by_mode=dict(Counter(link.mode.value for link in network.links).most_common()),
        km_by_mode=dict(sorted(km.items(), key=lambda kv: -kv[1])),
        rows_by_table={name: len(rows) for name, rows in tables.items()},
        estimated_by_table={
            name: sum(map(_is_estimate, rows)) for name, rows in tables.items()
        },
        sources=len(distinct),
    )
