"""Reading and checking a scenario file: every problem names the file, line and field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path as FilePath
from typing import Any, TypeVar

from landbridge.errors import InvalidOptionError, LandbridgeError
from landbridge.model._choices import parse_choice
from landbridge.model.cargo import Unit
from landbridge.model.costs import CAPACITY_SCOPES, TARIFF_MODES
from landbridge.network.avoid import parse_avoid
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.scenario.model import (
    GROUP_SEPARATOR,
    CapacityOverride,
    Closure,
    DemandRow,
    MillRow,
    Multipliers,
    Scenario,
    SupplyRow,
)
from landbridge.userfile import (
    Located,
    Path,
    check_keys,
    check_number,
    load_located,
    read_text,
)

__all__ = ["base_scenario", "load_scenario", "parse_scenario", "resolve_element"]

T = TypeVar("T")

_TOP = ("name", "description", "supply", "demand", "units", "capacity", "closures", "avoid",
        "multipliers", "mills")


#: Largest tonnage a supply, demand or capacity row takes: well above the exports of any
#: country in a year (estimate: a bound to keep the LP's numbers finite and well scaled).
MAX_TONNES = 1e10
#: Largest price, USD per tonne.
MAX_PRICE_USD_PER_T = 1e6
#: Bounds of a tariff or speed multiplier.
MIN_FACTOR, MAX_FACTOR = 1e-3, 1e3


def _list(doc: Located, value: Any, path: Path) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise doc.error(path, "must be a list")
    return value


def _guard(doc: Located, path: Path, fn: Callable[..., T], *args: Any) -> T:
    """Run a lookup; report its failure at ``path``."""
    try:
        return fn(*args)
    except LandbridgeError as exc:
        raise doc.error(path, str(exc)) from exc


#: Most places or links one shared capacity names.
MAX_GROUP = 50


def resolve_element(network: Network, text: str) -> str:
    """A place id, or a link ``A--B`` (names or ids on each side, ``--`` or ``-`` spaced)."""
    for separator in ("--", " - ", " – "):
        if separator in text:
            a_name, b_name = (part.strip() for part in text.split(separator, 1))
            a, b = network.place(a_name), network.place(b_name)
            for link in network.links:
                if {link.a, link.b} == {a.id, b.id}:
                    return link.id
            raise InvalidOptionError("link", text, [], message=(
                f"no link joins {a.name} and {b.name}"))
    return network.place(text).id


def parse_scenario(text: str, *, file: str = "<scenario>",
                   network: Network | None = None) -> Scenario:
    """Parse and check scenario YAML; names and aliases resolve to network ids.

    Raises
    ------
    ScenarioError
        Listing every problem found (``problems``), each naming the file, line and field.

    Examples
    --------
    >>> s = parse_scenario('''
    ... name: test
    ... supply: [{origin: Kostanay, commodity: wheat, tonnes: 1000}]
    ... demand: [{market: Cai Mep, commodity: wheat}]
    ... ''')
    >>> s.supply[0].origin
    'KZKSN'
    """
    network = network or load_network()
    doc = load_located(text, file=file)
    top = check_keys(doc, doc.data, (), _TOP, required=("name", "supply", "demand"))
    commodities = network.commodities

    def commodity(value: Any, path: Path) -> str:
        name = str(value).strip().lower()
        if name not in commodities:
            raise doc.error(path, f"unknown commodity {value!r}; choose one of: "
                            f"{', '.join(sorted(commodities))}")
        return name

    def tonnes(row: Mapping[str, Any], path: Path, *, strict: bool = False) -> float:
        return check_number(doc, row[str(path[-1])], path, strict=strict, maximum=MAX_TONNES)

    supply = []
    for i, row in enumerate(_list(doc, top["supply"], ("supply",))):
        p: Path = ("supply", i)
        with doc.collect():
            r = check_keys(doc, row, p, ("origin", "commodity", "tonnes"),
                           ("origin", "commodity", "tonnes"))
            supply.append(SupplyRow(
                origin=_guard(doc, (*p, "origin"), network.place, str(r["origin"])).id,
                commodity=commodity(r["commodity"], (*p, "commodity")),
                tonnes=tonnes(r, (*p, "tonnes"), strict=True),
            ))

    demand = []
    for i, row in enumerate(_list(doc, top["demand"], ("demand",))):
        p = ("demand", i)
        with doc.collect():
            r = check_keys(doc, row, p, ("market", "commodity", "tonnes", "min_tonnes", "price"),
                           ("market", "commodity"))
            most = None if r.get("tonnes") is None else tonnes(r, (*p, "tonnes"))
            low = 0.0 if r.get("min_tonnes") is None else tonnes(r, (*p, "min_tonnes"))
            if most is not None and low > most:
                raise doc.error((*p, "min_tonnes"), f"{low:g} is above tonnes {most:g}")
            demand.append(DemandRow(
                market=_guard(doc, (*p, "market"), network.place, str(r["market"])).id,
                commodity=commodity(r["commodity"], (*p, "commodity")),
                tonnes=most, min_tonnes=low,
                price=None if r.get("price") is None else check_number(
                    doc, r["price"], (*p, "price"), maximum=MAX_PRICE_USD_PER_T),
            ))
    mills = _mills(doc, top.get("mills"), network, commodity)
    if not doc.found:
        _check_markets(doc, supply, demand, mills)

    units: dict[str, Unit] = {}
    unit_table = top.get("units") or {}
    if not isinstance(unit_table, Mapping):
        raise doc.error(("units",), "must map commodities to units, e.g. wheat: container")
    for key, value in unit_table.items():
        p = ("units", str(key))
        with doc.collect():
            name = commodity(key, p)
            unit = _guard(doc, p, _unit, value)
            if unit not in commodities[name].units:
                raise doc.error(p, f"{name} travels only as "
                                f"{', '.join(sorted(u.value for u in commodities[name].units))}")
            units[name] = unit

    capacity = []
    for i, row in enumerate(_list(doc, top.get("capacity"), ("capacity",))):
        p = ("capacity", i)
        with doc.collect():
            r = check_keys(doc, row, p, ("element", "tonnes_per_year", "scope"),
                           ("element", "tonnes_per_year"))
            scope = str(r.get("scope", "all"))
            if scope not in CAPACITY_SCOPES:
                raise doc.error((*p, "scope"), f"{scope!r} is not one of "
                                f"{', '.join(CAPACITY_SCOPES)}")
            element = r["element"]
            if isinstance(element, list):  # one limit shared by several places or links
                if not 2 <= len(element) <= MAX_GROUP:
                    raise doc.error((*p, "element"), f"a shared capacity names 2 to {MAX_GROUP} "
                                    f"places or links, not {len(element)}")
                ids = [_guard(doc, (*p, "element", j), resolve_element, network, str(e))
                       for j, e in enumerate(element)]
                if len(set(ids)) < len(ids):
                    raise doc.error((*p, "element"), "names a place or link twice")
                element_id = GROUP_SEPARATOR.join(ids)
            else:
                element_id = _guard(doc, (*p, "element"), resolve_element, network, str(element))
            capacity.append(CapacityOverride(
                element=element_id,
                scope=scope,
                tonnes_per_year=tonnes(r, (*p, "tonnes_per_year")),
            ))

    closures = []
    for i, row in enumerate(_list(doc, top.get("closures"), ("closures",))):
        p = ("closures", i)
        with doc.collect():
            r = check_keys(doc, row, p, ("element", "days"), ("element", "days"))
            closures.append(Closure(
                element=_guard(doc, (*p, "element"), resolve_element, network,
                               str(r["element"])),
                days=check_number(doc, r["days"], (*p, "days"), maximum=365),
            ))

    avoid = tuple(str(x) for x in _list(doc, top.get("avoid"), ("avoid",)))
    for i, item in enumerate(avoid):
        with doc.collect():
            _guard(doc, ("avoid", i), parse_avoid, network, [item])

    mult = check_keys(doc, top.get("multipliers") or {}, ("multipliers",), ("tariff", "speed"))
    factors: dict[str, dict[str, float]] = {"tariff": {}, "speed": {}}
    for kind in ("tariff", "speed"):
        with doc.collect():
            table = check_keys(doc, mult.get(kind) or {}, ("multipliers", kind),
                               tuple(_factor_keys(network)), describe="a mode (rail, ferry, "
                               "sea, road) or mode:COUNTRY such as rail:KZ")
            factors[kind] = {str(k): check_number(doc, v, ("multipliers", kind, str(k)),
                                                  minimum=MIN_FACTOR, maximum=MAX_FACTOR)
                             for k, v in table.items()}
    doc.raise_found()

    return Scenario(
        name=str(top["name"]),
        description=str(top.get("description") or ""),
        supply=tuple(supply),
        demand=tuple(demand),
        units=units,
        capacity=tuple(capacity),
        closures=tuple(closures),
        avoid=avoid,
        multipliers=Multipliers(tariff=factors["tariff"], speed=factors["speed"]),
        source=file,
        mills=mills,
    )


def _check_markets(doc: Located, supply: list[SupplyRow], demand: list[DemandRow],
                   mills: tuple[MillRow, ...]) -> None:
    """Some market (or mill) takes every commodity supplied; prices are given for all its
    markets or none."""
    if not supply:
        raise doc.error(("supply",), "give at least one supply row")
    milled = {_input_of(m.process) for m in mills}
    for c in sorted({row.commodity for row in supply}):
        rows = [row for row in demand if row.commodity == c]
        if not rows and c not in milled:
            raise doc.error(("demand",), f"no market buys {c}: add a demand row for it")
        priced = {row.price is not None for row in rows}
        if len(priced) > 1:
            i = next(k for k, row in enumerate(demand)
                     if row.commodity == c and row.price is None)
            raise doc.error(("demand", i, "price"),
                            f"give a price for every {c} market, or for none")


def _input_of(process: str) -> str:
    from landbridge.network.processing import chain_tables

    return chain_tables().processes[process].input


def _mills(doc: Located, value: Any, network: Network,
           commodity: Callable[[Any, Path], str]) -> tuple[MillRow, ...]:
    """The scenario's mills: a bundled mill (mills.csv) resized, or a new one."""
    from landbridge.network.processing import chain_tables

    tables = chain_tables()
    out = []
    for i, row in enumerate(_list(doc, value, ("mills",))):
        p: Path = ("mills", i)
        with doc.collect():
            r = check_keys(doc, row, p, ("place", "process", "capacity", "cost",
                                         "byproduct_prices"), ("place", "process"))
            place = _guard(doc, (*p, "place"), network.place, str(r["place"])).id
            process = str(r["process"]).strip()
            if process not in tables.processes:
                raise doc.error((*p, "process"), f"unknown process {process!r}; choose one of: "
                                f"{', '.join(sorted(tables.processes))}")
            bundled = next((m for m in tables.mills
                            if m.place == place and m.process == process), None)
            if r.get("capacity") is None and bundled is None:
                raise doc.error(p, f"'capacity' is required: {network.places[place].name} has "
                                   f"no {process} mill in the bundled data")
            capacity = (bundled.capacity_t_per_year if r.get("capacity") is None and bundled
                        else check_number(doc, r["capacity"], (*p, "capacity"),
                                          maximum=MAX_TONNES))
            cost = None if r.get("cost") is None else check_number(
                doc, r["cost"], (*p, "cost"), maximum=MAX_PRICE_USD_PER_T)
            if cost is None and bundled is not None:
                cost = bundled.cost_usd_per_t
            prices = check_keys(doc, r.get("byproduct_prices") or {}, (*p, "byproduct_prices"),
                                tuple(b for b, _ in tables.processes[process].byproducts))
            out.append(MillRow(place=place, process=process, capacity=capacity, cost=cost,
                               byproduct_prices={str(k): check_number(
                                   doc, v, (*p, "byproduct_prices", str(k)),
                                   maximum=MAX_PRICE_USD_PER_T)
                                   for k, v in prices.items()}))
            commodity(tables.processes[process].output, (*p, "process"))
    return tuple(out)


def _unit(value: object) -> Unit:
    return parse_choice(Unit, str(value), what="unit")


def _factor_keys(network: Network) -> list[str]:
    countries = sorted({c for p in network.places.values() for c in p.countries})
    return [*TARIFF_MODES, *(f"{m}:{c}" for m in TARIFF_MODES for c in countries)]


def load_scenario(path: str | FilePath, *, network: Network | None = None) -> Scenario:
    """Read and check the scenario file at ``path``.

    Raises
    ------
    ScenarioError
        If the file is missing, unreadable or malformed (file, line and field named).
    """
    return parse_scenario(read_text(path), file=str(path), network=network)


def base_scenario(*, network: Network | None = None) -> Scenario:
    """The bundled base-year scenario (2023/24 Kazakh exports), installed with the package as
    ``landbridge/examples/base.yaml`` (``examples/scenarios/base.yaml`` in a checkout).

    Examples
    --------
    >>> base_scenario().name.startswith("Kazakhstan")
    True
    """
    from importlib import resources

    text = resources.files("landbridge.examples").joinpath("base.yaml").read_text(
        encoding="utf-8")
    return parse_scenario(text, file="base.yaml (bundled)", network=network)
