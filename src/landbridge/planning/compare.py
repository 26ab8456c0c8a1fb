"""Comparing origins for one market: each origin's best route, landed cost and netback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from landbridge.errors import CargoNotHandledError, NoRouteError
from landbridge.model.areas import Area
from landbridge.model.places import Place, Role
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.planning.request import Objective, RouteRequest, parse_objective
from landbridge.planning.results import Route
from landbridge.planning.routes import plan_routes

__all__ = ["Comparison", "ComparisonRow", "compare_origins"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparisonRow:
    """One origin's best route to the market, or why there is none."""

    origin: Place
    route: Route | None
    reason: str | None = None
    note: str | None = None  # why the row answers otherwise: another unit, a direct sailing

    @property
    def competitor(self) -> bool:
        return Role.COMPETITOR in self.origin.roles

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "origin": {"id": self.origin.id, "name": self.origin.name,
                       "country": self.origin.country},
            "competitor": self.competitor,
        }
        if self.route is None:
            out["route"] = None
            out["reason"] = self.reason
            return out
        r = self.route
        out.update({
            "summary": r.summary,
            "corridor": r.corridor,
            "unit": r.unit,
            "origin_terminal": {"id": r.start.id, "name": r.start.name},
            "terminal": {"id": r.end.id, "name": r.end.name},
            "days": r.days.to_dict(),
            "note": self.note,
            "generalised_usd_per_t": round(r.generalised_usd_per_t, 2),
            "cost_usd_per_t": round(r.cost_usd_per_t, 2),
            "freight_usd_per_t": round(r.freight_usd_per_t, 2),
            "carrying_usd_per_t": round(r.carrying_usd_per_t, 2),
            "landed_usd_per_t": round(r.landed_usd_per_t, 2),
            "co2e_kg_per_t": {"ttw": round(r.co2e_ttw, 2), "wtw": round(r.co2e_wtw, 2)},
            "legs": [leg.to_dict() for leg in r.legs],  # as in a route answer, for the map
        })
        if r.netback_usd_per_t is not None:
            out["netback_usd_per_t"] = round(r.netback_usd_per_t, 2)
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """Best routes from several origins to one market, best first by the objective."""

    market: Area
    commodity: str
    objective: str
    order: str
    price: float | None
    rows: tuple[ComparisonRow, ...]

    @property
    def answered(self) -> bool:
        """Whether at least one origin has a route."""
        return any(row.route is not None for row in self.rows)

    def to_dict(self) -> dict[str, object]:
        return {
            "market": self.market.to_dict(),
            "commodity": self.commodity,
            "objective": self.objective,
            "order": self.order,
            "price_usd_per_t": self.price,
            "rows": [row.to_dict() for row in self.rows],
        }


def compare_origins(
    market: str,
    origins: Sequence[str],
    *,
    commodity: str = "wheat",
    unit: str | None = None,
    objective: Objective | str = Objective.GENERALISED,
    price: float | None = None,
    avoid: Sequence[str] = (),
    via: str | None = None,
    samples: int = 10_000,
    seed: int = 0,
    network: Network | None = None,
) -> Comparison:
    """The best route from each origin to ``market``, with landed cost and netback.

    Competitor origins (Australian, US, Canadian, Black Sea ports) are costed from the port
    (FOB basis): their inland haul to the port is not in the network. Unless ``unit`` is
    given, each origin uses the unit its best route can (Kazakh containers beside Australian
    bulk) and its row says which. An origin with no route gets a row with the reason instead
    of failing the comparison. ``via`` (a place where the cargo must be handled, e.g. the
    Lianyungang base) applies to the inland origins; competitor ports sail direct, and their
    rows say so.

    Examples
    --------
    >>> c = compare_origins("Haiphong", ["Kostanay", "Kwinana"], price=270)
    >>> sorted(row.origin.name for row in c.rows)
    ['Kostanay', 'Kwinana']
    """
    network = network or load_network()
    goal = parse_objective(objective)
    target = network.area(market, role=Role.MARKET)
    if not origins:
        raise NoRouteError("give at least one origin to compare", field="origins")
    base = RouteRequest(origin="", destination=market, commodity=commodity, unit=unit,
                        objective=objective, price=price, avoid=tuple(avoid), samples=samples,
                        seed=seed, alternatives=1)
    rows: list[ComparisonRow] = []
    for name in origins:
        place = network.place(name)
        request = replace(base, origin=place.id)
        note = None
        if via is not None:
            if Role.COMPETITOR in place.roles:
                note = f"competitor port: sails direct, not via {network.place(via).name}"
            else:
                request = replace(request, via=via)
        try:
            try:
                plan = plan_routes(request, network=network)
            except CargoNotHandledError as exc:
                if exc.role != "origin" or unit is None:
                    raise
                # the origin cannot load the unit asked for: compare it in the units it can
                plan = plan_routes(replace(request, unit=None), network=network)
                note = "; ".join(filter(None, (note, f"{place.name} cannot load {unit}")))
        except NoRouteError as exc:
            rows.append(ComparisonRow(origin=place, route=None, reason=str(exc)))
            continue
        rows.append(ComparisonRow(origin=place, route=plan.best, note=note))

    def key(row: ComparisonRow) -> float:
        if row.route is None:
            return float("inf")
        r = row.route
        if goal is Objective.FASTEST:
            return r.days.mean
        if goal is Objective.GREENEST:
            return r.co2e_wtw
        if goal is Objective.GENERALISED:
            return r.generalised_usd_per_t
        return r.cost_usd_per_t

    return Comparison(market=target, commodity=commodity, objective=goal.value,
                      order=goal.describe, price=price, rows=tuple(sorted(rows, key=key)))
