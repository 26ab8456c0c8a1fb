"""Where to process: the same tonne of wheat milled at the origin, at a gateway, at the market,
or sold unmilled, compared on margin per tonne bought, days and CO2e, with the routes used."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from landbridge.chain.breakdown import ChainBreakdown, Stage, price_chain
from landbridge.errors import LandbridgeError
from landbridge.model.places import Role
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.network.processing import ChainTables, chain_tables

__all__ = ["Flip", "ProcessComparison", "ProcessOption", "Site", "where_to_process"]

#: Tonnes per tonne bought below which two options sell the same amount of a product.
_TONNES_TIE = 1e-9


class Site(enum.StrEnum):
    """Where an option processes: nowhere, at the origin, at a gateway (a country in between),
    or at the market."""

    NONE = "no processing"
    ORIGIN = "origin"
    GATEWAY = "gateway"
    MARKET = "market"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessOption:
    """One option: where it processes, the priced chain, or why there is none."""

    site: Site
    place: str | None  # the mill's place id; None for no processing
    name: str
    chain: ChainBreakdown | None
    reason: str | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"site": self.site.value, "place": self.place,
                                  "name": self.name}
        if self.chain is None:
            out["reason"] = self.reason
            return out
        c = self.chain
        out.update({
            "margin_usd_per_t": round(c.margin_usd_per_t, 2),
            "netback_usd_per_t": round(c.netback_usd_per_t, 2),
            "landed_usd_per_t": round(c.landed_usd_per_t, 2),
            "revenue_usd_per_t": round(c.revenue, 2),
            "days_mean": round(c.days, 2),
            "co2e_wtw_kg_per_t": round(c.co2e_kg, 2),
            "proposed": bool(c.mill and c.mill.scenario_only),
            "by_stage": {k.value: round(v, 2) for k, v in c.by_stage().items()},
            "routes": [leg.to_dict() for leg in c.legs],
            "notes": list(c.notes),
        })
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Flip:
    """``option`` would earn as much as the best if ``product`` sold at the market for ``at``
    USD/t instead of ``price`` (all else as bundled)."""

    option: str
    product: str
    price: float
    at: float

    def to_dict(self) -> dict[str, object]:
        return {"option": self.option, "product": self.product,
                "price_usd_per_t": round(self.price, 2), "ties_at_usd_per_t": round(self.at, 2)}


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessComparison:
    """The options, best margin first; ``gap`` is what the best earns over the runner-up."""

    origin: str
    market: str
    commodity: str
    output: str
    options: tuple[ProcessOption, ...]

    @property
    def priced(self) -> tuple[ProcessOption, ...]:
        return tuple(o for o in self.options if o.chain is not None)

    @property
    def best(self) -> ProcessOption | None:
        return self.priced[0] if self.priced else None

    def why(self) -> dict[Stage, float]:
        """Per stage, what the best option gains over the runner-up (USD per tonne bought):
        the stages that decide the ranking, and so the figures that would flip it."""
        priced = self.priced
        if len(priced) < 2 or priced[0].chain is None or priced[1].chain is None:
            return {}
        a, b = priced[0].chain.by_stage(), priced[1].chain.by_stage()
        return {s: a.get(s, 0.0) - b.get(s, 0.0) for s in Stage
                if abs(a.get(s, 0.0) - b.get(s, 0.0)) > 0.005}

    @property
    def gap(self) -> float | None:
        priced = self.priced
        if len(priced) < 2 or priced[0].chain is None or priced[1].chain is None:
            return None
        return priced[0].chain.margin_usd_per_t - priced[1].chain.margin_usd_per_t

    def flips(self) -> list[Flip]:
        """For each other option, the market price of a product at which it would earn as
        much as the best: the figures that would flip the ranking. A price moves margins by
        the tonnes each option sells of that product at the market, so an option selling the
        same tonnes as the best has no such price."""
        best = self.best
        if best is None or best.chain is None:
            return []
        lead = best.chain.market_sales()
        out = []
        for option in self.priced[1:]:
            assert option.chain is not None
            gap = best.chain.margin_usd_per_t - option.chain.margin_usd_per_t
            sales = option.chain.market_sales()
            for product in sorted(set(lead) | set(sales)):
                q_best = lead.get(product, (0.0, 0.0))[0]
                q_other, price = sales.get(product, (0.0, lead.get(product, (0.0, 0.0))[1]))
                if abs(q_other - q_best) > _TONNES_TIE:
                    out.append(Flip(option=option.name, product=product, price=price,
                                    at=price + gap / (q_other - q_best)))
        return out

    def to_dict(self) -> dict[str, object]:
        best = self.best
        gap = self.gap
        return {
            "origin": self.origin,
            "market": self.market,
            "commodity": self.commodity,
            "output": self.output,
            "per": f"tonne of {self.commodity} bought at {self.origin}",
            "best": None if best is None else {"site": best.site.value, "name": best.name},
            "gap_to_runner_up_usd_per_t": None if gap is None else round(gap, 2),
            "why": {k.value: round(v, 2) for k, v in self.why().items()},
            "flips": [f.to_dict() for f in self.flips()],
            "options": [o.to_dict() for o in self.options],
        }


def _site(network: Network, place_id: str, origin_country: str, market_ids: frozenset[str],
          market_country: str) -> Site:
    place = network.places[place_id]
    if place.id in market_ids or place.country == market_country:
        return Site.MARKET
    if place.country == origin_country:
        return Site.ORIGIN
    return Site.GATEWAY


def where_to_process(
    origin: str,
    market: str,
    *,
    commodity: str = "wheat",
    output: str = "flour",
    at: Sequence[str] = (),
    network: Network | None = None,
    tables: ChainTables | None = None,
    seed: int = 0,
) -> ProcessComparison:
    """Compare processing ``commodity`` into ``output`` at each candidate site, and not
    processing at all, on margin per tonne bought (then days and CO2e).

    The candidates are the places in ``at`` or, by default, every mill in ``mills.csv`` that
    runs the process in the origin's country, outside both countries (a gateway; proposals
    included) or in the market area. An option with no route or price gets a row with the
    reason instead of failing the comparison.

    Raises
    ------
    UnknownPlaceError
        If the origin, the market or a place in ``at`` is not in the network.
    InvalidOptionError
        If no process turns ``commodity`` into ``output``.

    Examples
    --------
    >>> cmp = where_to_process("Kostanay", "Ho Chi Minh City", at=["Kostanay"])
    >>> sorted(o.site.value for o in cmp.options)
    ['no processing', 'origin']
    """
    network = network or load_network()
    tables = tables or chain_tables()
    process = tables.process(commodity, output)
    source = network.place(origin)
    target = network.area(market, role=Role.MARKET)
    market_country = target.members[0].country
    places = [network.place(p).id for p in at] if at else [
        m.place for m in tables.mills if m.process == process.id]
    seen: list[str] = []
    for pid in places:
        if pid not in seen:
            seen.append(pid)
    options = [_option(network, tables, Site.NONE, None, source.id, market, commodity, None,
                       seed)]
    for pid in seen:
        site = _site(network, pid, source.country, target.ids, market_country)
        options.append(_option(network, tables, site, pid, source.id, market, commodity,
                               output, seed))
    ranked = sorted(options, key=lambda o: (o.chain is None, -(o.chain.margin_usd_per_t
                                                               if o.chain else 0.0)))
    return ProcessComparison(origin=source.name, market=target.name, commodity=commodity,
                             output=output, options=tuple(ranked))


def _option(network: Network, tables: ChainTables, site: Site, place: str | None,
            origin: str, market: str, commodity: str, output: str | None,
            seed: int) -> ProcessOption:
    mill = next((m for m in tables.mills if m.place == place), None)
    if place is None:
        name = f"sell {commodity} unprocessed"
    elif mill is not None:
        name = mill.name
    else:
        name = f"{network.places[place].name} (hypothetical mill)"
    try:
        chain = price_chain(origin, market, commodity=commodity, output=output,
                            at=place,
                            network=network, tables=tables, seed=seed)
    except LandbridgeError as exc:
        return ProcessOption(site=site, place=place, name=name, chain=None, reason=str(exc))
    return ProcessOption(site=site, place=place, name=name, chain=chain)
