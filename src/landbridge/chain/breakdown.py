"""The whole chain priced per tonne of the original input, from purchase to sale.

A chain buys a commodity (wheat) at the origin, moves it to a mill (or straight to the market),
turns it into products there (flour sold at the market, bran sold where it is milled), moves
the main product on, and sells it. Each stage is a :class:`ChainStep` in USD per tonne of the
wheat bought: costs negative, revenue positive, so the steps add up to the margin and

* ``landed`` = purchase + every cost (what the delivered product cost, duty included),
* ``netback`` = revenue - every cost after purchase (what the chain can pay at the origin),
* ``margin`` = revenue - landed = netback - purchase.

Transport comes from :func:`~landbridge.planning.plan_routes` (the best route by generalised
cost), one plan per leg: origin -> mill for the input, mill -> market for the product.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from landbridge.errors import InvalidOptionError, NoRouteError
from landbridge.model.areas import Area
from landbridge.model.operations import Operation
from landbridge.model.places import Place, Role
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.network.processing import ChainTables, Mill, Process, Regime, chain_tables
from landbridge.planning import RouteRequest, plan_routes
from landbridge.planning.results import Leg, Route

__all__ = ["ChainBreakdown", "ChainLeg", "ChainStep", "Stage", "price_chain"]

#: Monte Carlo draws for each leg's transit time: the chain reports mean days, which a
#: thousand draws pin to well under an hour.
_SAMPLES = 1_000
#: The tolerance (USD/t) within which the planner's leg costs must add up to its freight.
_TIE_USD = 1e-6


class Stage(enum.StrEnum):
    """The stages of a chain, in the order a tonne meets them."""

    PURCHASE = "purchase"
    LOADING = "elevator and loading"
    RAIL = "rail"
    ROAD = "road"
    BORDERS = "borders"
    PORT = "port"
    FERRY = "ferry"
    OCEAN = "ocean freight"
    DISCHARGE = "discharge"
    UNLOADING = "unloading"
    CARRYING = "carrying cost"
    PROCESSING = "processing"
    INSURANCE = "insurance"
    DUTY = "duty"
    SALE = "sale"


_OPERATION_STAGE = {
    Operation.ORIGIN_LOAD: Stage.LOADING,
    Operation.BORDER: Stage.BORDERS,
    Operation.GAUGE_CHANGE: Stage.BORDERS,
    Operation.RAIL_TO_SHIP: Stage.PORT,
    Operation.RAIL_TO_FERRY: Stage.PORT,
    Operation.FERRY_TO_RAIL: Stage.PORT,
    Operation.SHIP_DISCHARGE: Stage.DISCHARGE,
    Operation.RAIL_UNLOAD: Stage.UNLOADING,
}
_MODE_STAGE = {"rail": Stage.RAIL, "road": Stage.ROAD, "ferry": Stage.FERRY, "sea": Stage.OCEAN}


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainStep:
    """One stage of the chain in USD per tonne of the original input (costs negative)."""

    stage: Stage
    label: str
    usd_per_t: float
    product: str
    at_market: bool = False  # a sale at the market (not of a by-product at the mill)
    tonnes_per_t: float = 0.0  # of a sale: tonnes sold per tonne of the original input

    def to_dict(self) -> dict[str, object]:
        return {"stage": self.stage.value, "label": self.label, "product": self.product,
                "usd_per_t": round(self.usd_per_t, 2)}


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainLeg:
    """A transport leg of the chain: the route, what it carries and how many tonnes of it
    travel per tonne of the original input."""

    product: str
    tonnes_per_t: float
    route: Route

    def to_dict(self) -> dict[str, object]:
        r = self.route
        return {"product": self.product, "tonnes_per_t_input": round(self.tonnes_per_t, 4),
                "from": r.start.name, "to": r.end.name, "summary": r.summary,
                "corridor": r.corridor, "unit": r.unit, "days_mean": round(r.days.mean, 2),
                "cost_usd_per_t_carried": round(r.cost_usd_per_t, 2),
                "co2e_wtw_kg_per_t_carried": round(r.co2e_wtw, 2)}


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainBreakdown:
    """A priced chain: its steps, legs, mill (None when nothing is processed), days and
    CO2e (kg WTW per tonne of input, milling included)."""

    origin: Place
    market: Area
    commodity: str
    output: str | None
    mill: Mill | None
    mill_place: Place | None
    steps: tuple[ChainStep, ...]
    legs: tuple[ChainLeg, ...]
    days: float
    co2e_kg: float
    notes: tuple[str, ...] = field(default=())

    @property
    def purchase(self) -> float:
        """What a tonne of the input costs at the origin (a positive number)."""
        return -sum(s.usd_per_t for s in self.steps if s.stage is Stage.PURCHASE)

    @property
    def revenue(self) -> float:
        return sum(s.usd_per_t for s in self.steps if s.stage is Stage.SALE)

    @property
    def costs(self) -> float:
        """Every cost after the purchase (a positive number)."""
        return -sum(s.usd_per_t for s in self.steps
                    if s.stage not in (Stage.PURCHASE, Stage.SALE))

    @property
    def landed_usd_per_t(self) -> float:
        return self.purchase + self.costs

    @property
    def netback_usd_per_t(self) -> float:
        return self.revenue - self.costs

    @property
    def margin_usd_per_t(self) -> float:
        return self.revenue - self.landed_usd_per_t

    def market_sales(self) -> dict[str, tuple[float, float]]:
        """Per product sold at the market: tonnes per tonne bought, and its price."""
        return {s.product: (s.tonnes_per_t, s.usd_per_t / s.tonnes_per_t)
                for s in self.steps if s.at_market and s.tonnes_per_t > 0}

    def by_stage(self) -> dict[Stage, float]:
        """The steps summed per stage, in stage order."""
        out: dict[Stage, float] = {}
        for stage in Stage:
            total = sum(s.usd_per_t for s in self.steps if s.stage is stage)
            if any(s.stage is stage for s in self.steps):
                out[stage] = total
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "origin": {"id": self.origin.id, "name": self.origin.name},
            "market": self.market.to_dict(),
            "commodity": self.commodity,
            "output": self.output,
            "mill": None if self.mill is None or self.mill_place is None else {
                "place": self.mill_place.id, "name": self.mill.name,
                "scenario_only": self.mill.scenario_only},
            "per": f"tonne of {self.commodity} bought",
            "steps": [s.to_dict() for s in self.steps],
            "by_stage": {k.value: round(v, 2) for k, v in self.by_stage().items()},
            "purchase_usd_per_t": round(self.purchase, 2),
            "costs_usd_per_t": round(self.costs, 2),
            "revenue_usd_per_t": round(self.revenue, 2),
            "landed_usd_per_t": round(self.landed_usd_per_t, 2),
            "netback_usd_per_t": round(self.netback_usd_per_t, 2),
            "margin_usd_per_t": round(self.margin_usd_per_t, 2),
            "days_mean": round(self.days, 2),
            "co2e_wtw_kg_per_t": round(self.co2e_kg, 2),
            "legs": [leg.to_dict() for leg in self.legs],
            "notes": list(self.notes),
        }


def leg_steps(route: Route, product: str, tonnes_per_t: float) -> list[ChainStep]:
    """The steps of one route, scaled to tonnes of the original input: each hub operation and
    each run by one mode, then the carrying cost. They add up to the route's cost (freight,
    handling and carrying) times ``tonnes_per_t``."""
    steps: list[ChainStep] = []
    for leg in route.legs:
        steps.append(ChainStep(stage=_stage(leg), label=_label(leg), product=product,
                               usd_per_t=-leg.cost_usd_per_t * tonnes_per_t))
    residual = route.freight_usd_per_t - sum(leg.cost_usd_per_t for leg in route.legs)
    if abs(residual) > _TIE_USD:  # a cost the legs do not show (none today): keep the total
        steps.append(ChainStep(stage=Stage.PORT, label="other handling", product=product,
                               usd_per_t=-residual * tonnes_per_t))
    steps.append(ChainStep(stage=Stage.CARRYING, label="capital tied up in transit",
                           product=product, usd_per_t=-route.carrying_usd_per_t * tonnes_per_t))
    return steps


def _stage(leg: Leg) -> Stage:
    if leg.operation is not None:
        return _OPERATION_STAGE[leg.operation]
    return _MODE_STAGE.get(leg.mode, Stage.RAIL)


def _label(leg: Leg) -> str:
    if leg.operation is not None:
        return f"{leg.operation.value.replace('_', ' ')} at {leg.start.name}"
    return f"{leg.mode} {leg.start.name} -> {leg.end.name}"


def _best(network: Network, origin: str, destination: str, commodity: str,
          unit: str | None, seed: int) -> Route:
    request = RouteRequest(origin=origin, destination=destination, commodity=commodity,
                           unit=unit, samples=_SAMPLES, seed=seed, alternatives=1)
    return plan_routes(request, network=network).best


def _country_of(area: Area) -> str:
    return area.members[0].country


def _price(tables: ChainTables, commodity: str, where: tuple[str, ...], what: str) -> float:
    price = tables.price(commodity, where)
    if price is None:
        raise NoRouteError(f"no price for {commodity} at {what} in product_prices.csv; add a "
                           "row (commodity, place or area id or country code)",
                           field="prices", value=commodity)
    return price.usd_per_t


def price_chain(
    origin: str,
    market: str,
    *,
    commodity: str = "wheat",
    output: str | None = None,
    at: str | None = None,
    network: Network | None = None,
    tables: ChainTables | None = None,
    seed: int = 0,
) -> ChainBreakdown:
    """Price the chain from buying ``commodity`` at ``origin`` to selling at ``market``, per
    tonne bought.

    With ``output`` None the commodity is sold unprocessed at the market. Otherwise it is processed
    at ``at`` (a place; its mill in ``mills.csv`` if it has one, else a hypothetical mill with
    the process's default cost), or at a mill in the market area when ``at`` is None. The main
    product travels on to the market in the process's unit (flour: bagged, in containers); the
    by-products are sold where they are made.

    Raises
    ------
    UnknownPlaceError
        If a place is not in the network.
    InvalidOptionError
        If no process turns ``commodity`` into ``output``, or the market area has no mill for it.
    NoRouteError
        If a leg has no route, or a price the chain needs is not in the tables.

    Examples
    --------
    >>> chain = price_chain("Kostanay", "Ho Chi Minh City")
    >>> round(chain.revenue - chain.landed_usd_per_t - chain.margin_usd_per_t, 9)
    0.0
    """
    network = network or load_network()
    tables = tables or chain_tables()
    start = network.area(origin, role=Role.ORIGIN)
    if len(start.members) != 1:
        raise NoRouteError(f"name one origin place, not the area {start.name}", field="origin",
                           value=origin)
    source = start.members[0]
    target = network.area(market, role=Role.MARKET)
    country = _country_of(target)
    insurance_rate = network.parameter("cargo_insurance_pct") / 100.0
    purchase = _price(tables, commodity, (source.id, source.country), source.name)
    steps = [ChainStep(stage=Stage.PURCHASE, label=f"{commodity} bought at {source.name}",
                       product=commodity, usd_per_t=-purchase)]
    notes: list[str] = []
    if output is None:
        route = _best(network, source.id, market, commodity, None, seed)
        steps += leg_steps(route, commodity, 1.0)
        legs = (ChainLeg(product=commodity, tonnes_per_t=1.0, route=route),)
        _insure(steps, insurance_rate, commodity)
        _duty_step(steps, tables, country, commodity, None, notes)
        price = _price(tables, commodity, (route.end.id, target.id, country), target.name)
        steps.append(ChainStep(stage=Stage.SALE, label=f"{commodity} sold at {target.name}",
                               product=commodity, usd_per_t=price, at_market=True,
                               tonnes_per_t=1.0))
        return ChainBreakdown(origin=source, market=target, commodity=commodity, output=None,
                              mill=None, mill_place=None, steps=tuple(steps), legs=legs,
                              days=route.days.mean, co2e_kg=route.co2e_wtw, notes=tuple(notes))
    process = tables.process(commodity, output)
    mill_place, mill = _mill(network, tables, process, target, at)
    legs_list: list[ChainLeg] = []
    days = 0.0
    co2e = process.co2e_kg_per_t
    in_market = mill_place.id in target.ids  # milled where it is sold: no product leg
    at_home = mill_place.country == country  # milled in the market's country: one import
    if mill_place.id != source.id:  # to a mill in the market area: any terminal of it
        route = _best(network, source.id, market if in_market else mill_place.id, commodity,
                      None, seed)
        steps += leg_steps(route, commodity, 1.0)
        legs_list.append(ChainLeg(product=commodity, tonnes_per_t=1.0, route=route))
        days += route.days.mean
        co2e += route.co2e_wtw
    if mill_place.country != source.country:  # the commodity crosses a border to the mill
        _insure(steps, insurance_rate, commodity)
        regime = None if at_home else Regime.BONDED_REEXPORT
        _duty_step(steps, tables, mill_place.country, commodity, regime, notes)
    cost = process.cost_usd_per_t
    if mill is not None and mill.cost_usd_per_t is not None:
        cost = mill.cost_usd_per_t
    steps.append(ChainStep(stage=Stage.PROCESSING,
                           label=f"{process.input} -> {process.output} at {mill_place.name}",
                           product=commodity, usd_per_t=-cost))
    for product, share in process.byproducts:
        price = _price(tables, product, (mill_place.id, mill_place.country), mill_place.name)
        steps.append(ChainStep(stage=Stage.SALE, label=f"{product} sold at {mill_place.name}",
                               product=product, usd_per_t=share * price))
    end_id = mill_place.id
    if not in_market:
        route = _best(network, mill_place.id, market, output, process.output_unit, seed)
        steps += leg_steps(route, output, process.yield_)
        legs_list.append(ChainLeg(product=output, tonnes_per_t=process.yield_, route=route))
        days += route.days.mean
        co2e += route.co2e_wtw * process.yield_
        _insure(steps, insurance_rate, output)
        if not at_home:
            _duty_step(steps, tables, country, output, None, notes)
        end_id = route.end.id
    price = _price(tables, output, (end_id, target.id, country), target.name)
    steps.append(ChainStep(stage=Stage.SALE, label=f"{output} sold at {target.name}",
                           product=output, usd_per_t=process.yield_ * price, at_market=True,
                           tonnes_per_t=process.yield_))
    return ChainBreakdown(origin=source, market=target, commodity=commodity, output=output,
                          mill=mill, mill_place=mill_place, steps=tuple(steps),
                          legs=tuple(legs_list), days=days, co2e_kg=co2e, notes=tuple(notes))


def _mill(network: Network, tables: ChainTables, process: Process, market: Area,
          at: str | None) -> tuple[Place, Mill | None]:
    if at is None:
        for mill in tables.mills:
            if mill.process == process.id and mill.place in market.ids:
                return network.places[mill.place], mill
        raise InvalidOptionError("at", market.name, [m.place for m in tables.mills
                                                     if m.process == process.id],
                                 message=f"no mill in {market.name} runs {process.id}; name "
                                         "the place to process at")
    place = network.place(at)
    for mill in tables.mills:
        if mill.process == process.id and mill.place == place.id:
            return place, mill
    return place, None


def _cif_basis(steps: list[ChainStep]) -> float:
    """The value the cargo has reached, per tonne of the original commodity: purchase and every
    cost so far, less by-product sales; the customs (CIF) and insured value of what ships."""
    return -sum(s.usd_per_t for s in steps if s.stage is not Stage.SALE) - sum(
        s.usd_per_t for s in steps if s.stage is Stage.SALE)


def _insure(steps: list[ChainStep], rate: float, product: str) -> None:
    steps.append(ChainStep(stage=Stage.INSURANCE, label=f"cargo insurance ({rate:.2%} of "
                           "value)", product=product, usd_per_t=_cost(rate * _cif_basis(steps))))


def _cost(usd: float) -> float:
    """A cost as a step: negative, and a nil cost as 0.0 rather than -0.0."""
    return -usd if usd else 0.0


def _duty_step(steps: list[ChainStep], tables: ChainTables, country: str, product: str,
               regime: Regime | None, notes: list[str]) -> None:
    duty = tables.duty(country, product, regime)
    if duty is None:
        notes.append(f"no duty row for {product} into {country}: none charged")
        return
    steps.append(ChainStep(stage=Stage.DUTY,
                           label=f"{product} into {country}, HS {duty.hs_code} "
                                 f"{duty.regime.value} {duty.rate_pct:g}%",
                           product=product, usd_per_t=_cost(duty.rate_pct / 100.0
                                                             * _cif_basis(steps))))
    if duty.quota_t is not None:
        notes.append(f"{product} into {country} at {duty.rate_pct:g}% needs a share of the "
                     f"{duty.quota_t / 1e6:.3f} Mt tariff-rate quota")
