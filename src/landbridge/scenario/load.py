"""Reading and checking a scenario file: every problem names the file, line and field."""

from __future__ import annotations

import difflib
import math
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
    CapacityOverride,
    Closure,
    DemandRow,
    MillRow,
    Multipliers,
    Scenario,
    SupplyRow,
)
from landbridge.scenario.yamltext import Located, Path, load_located, read_text

__all__ = ["load_scenario", "parse_scenario", "resolve_element"]

T = TypeVar("T")

_TOP = ("name", "description", "supply", "demand", "units", "capacity", "closures", "avoid",
        "multipliers", "mills")


def _keys(doc: Located, value: Any, path: Path, allowed: tuple[str, ...],
          required: tuple[str, ...] = (), *, describe: str | None = None) -> dict[str, Any]:
    described = describe or ", ".join(allowed)
    if not isinstance(value, Mapping):
        raise doc.error(path, f"must be a mapping with keys {described}")
    for key in value:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {described}"
            raise doc.error((*path, str(key)), f"unknown key '{key}'{hint}")
    for key in required:
        if key not in value or value[key] is None:
            raise doc.error(path, f"'{key}' is required")
    return dict(value)


def _number(doc: Located, value: Any, path: Path, *, minimum: float = 0.0,
            maximum: float = math.inf, strict: bool = False) -> float:
    try:
        number = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        number = math.nan
    ok = math.isfinite(number) and number <= maximum and (
        number > minimum if strict else number >= minimum)
    if not ok:
        bound = f"greater than {minimum:g}" if strict else f"at least {minimum:g}"
        top = f" and at most {maximum:g}" if math.isfinite(maximum) else ""
        raise doc.error(path, f"{value!r} is not a number {bound}{top}")
    return number


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
        For the first problem found, naming the file, line and field.

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
    top = _keys(doc, doc.data, (), _TOP, required=("name", "supply", "demand"))
    commodities = network.commodities

    def commodity(value: Any, path: Path) -> str:
        name = str(value).strip().lower()
        if name not in commodities:
            raise doc.error(path, f"unknown commodity {value!r}; choose one of: "
                            f"{', '.join(sorted(commodities))}")
        return name

    supply = []
    for i, row in enumerate(_list(doc, top["supply"], ("supply",))):
        p: Path = ("supply", i)
        r = _keys(doc, row, p, ("origin", "commodity", "tonnes"),
                  ("origin", "commodity", "tonnes"))
        supply.append(SupplyRow(
            origin=_guard(doc, (*p, "origin"), network.place, str(r["origin"])).id,
            commodity=commodity(r["commodity"], (*p, "commodity")),
            tonnes=_number(doc, r["tonnes"], (*p, "tonnes"), strict=True),
        ))
    if not supply:
        raise doc.error(("supply",), "give at least one supply row")

    demand = []
    for i, row in enumerate(_list(doc, top["demand"], ("demand",))):
        p = ("demand", i)
        r = _keys(doc, row, p, ("market", "commodity", "tonnes", "min_tonnes", "price"),
                  ("market", "commodity"))
        tonnes = None if r.get("tonnes") is None else _number(doc, r["tonnes"], (*p, "tonnes"))
        low = 0.0 if r.get("min_tonnes") is None else _number(doc, r["min_tonnes"],
                                                              (*p, "min_tonnes"))
        if tonnes is not None and low > tonnes:
            raise doc.error((*p, "min_tonnes"), f"{low:g} is above tonnes {tonnes:g}")
        demand.append(DemandRow(
            market=_guard(doc, (*p, "market"), network.place, str(r["market"])).id,
            commodity=commodity(r["commodity"], (*p, "commodity")),
            tonnes=tonnes, min_tonnes=low,
            price=None if r.get("price") is None else _number(doc, r["price"], (*p, "price")),
        ))
    mills = _mills(doc, top.get("mills"), network, commodity)
    milled = {m.process for m in mills}
    for c in {row.commodity for row in supply}:
        rows = [row for row in demand if row.commodity == c]
        if not rows and not any(_input_of(p) == c for p in milled):
            raise doc.error(("demand",), f"no market buys {c}: add a demand row for it")
        priced = {row.price is not None for row in rows}
        if len(priced) > 1:
            i = next(k for k, row in enumerate(demand)
                     if row.commodity == c and row.price is None)
            raise doc.error(("demand", i, "price"),
                            f"give a price for every {c} market, or for none")

    units: dict[str, Unit] = {}
    for key, value in (top.get("units") or {}).items():
        p = ("units", str(key))
        name = commodity(key, p)
        unit = _guard(doc, p, _unit, value)
        if unit not in commodities[name].units:
            raise doc.error(p, f"{name} travels only as "
                            f"{', '.join(sorted(u.value for u in commodities[name].units))}")
        units[name] = unit

    capacity = []
    for i, row in enumerate(_list(doc, top.get("capacity"), ("capacity",))):
        p = ("capacity", i)
        r = _keys(doc, row, p, ("element", "tonnes_per_year", "scope"),
                  ("element", "tonnes_per_year"))
        scope = str(r.get("scope", "all"))
        if scope not in CAPACITY_SCOPES:
            raise doc.error((*p, "scope"), f"{scope!r} is not one of "
                            f"{', '.join(CAPACITY_SCOPES)}")
        capacity.append(CapacityOverride(
            element=_guard(doc, (*p, "element"), resolve_element, network, str(r["element"])),
            scope=scope,
            tonnes_per_year=_number(doc, r["tonnes_per_year"], (*p, "tonnes_per_year")),
        ))

    closures = []
    for i, row in enumerate(_list(doc, top.get("closures"), ("closures",))):
        p = ("closures", i)
        r = _keys(doc, row, p, ("element", "days"), ("element", "days"))
        closures.append(Closure(
            element=_guard(doc, (*p, "element"), resolve_element, network, str(r["element"])),
            days=_number(doc, r["days"], (*p, "days"), maximum=365),
        ))

    avoid = tuple(str(x) for x in _list(doc, top.get("avoid"), ("avoid",)))
    for i, item in enumerate(avoid):
        _guard(doc, ("avoid", i), parse_avoid, network, [item])

    mult = _keys(doc, top.get("multipliers") or {}, ("multipliers",), ("tariff", "speed"))
    factors: dict[str, dict[str, float]] = {}
    for kind in ("tariff", "speed"):
        table = _keys(doc, mult.get(kind) or {}, ("multipliers", kind),
                      tuple(_factor_keys(network)),
                      describe="a mode (rail, ferry, sea, road) or mode:COUNTRY such as rail:KZ")
        factors[kind] = {str(k): _number(doc, v, ("multipliers", kind, str(k)), strict=True)
                         for k, v in table.items()}

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


def _input_of(process: str) -> str:
    from landbridge.chain.tables import chain_tables

    return chain_tables().processes[process].input


def _mills(doc: Located, value: Any, network: Network,
           commodity: Callable[[Any, Path], str]) -> tuple[MillRow, ...]:
    """The scenario's mills: a bundled mill (mills.csv) resized, or a new one."""
    from landbridge.chain.tables import chain_tables

    tables = chain_tables()
    out = []
    for i, row in enumerate(_list(doc, value, ("mills",))):
        p: Path = ("mills", i)
        r = _keys(doc, row, p, ("place", "process", "capacity", "cost", "byproduct_prices"),
                  ("place", "process"))
        place = _guard(doc, (*p, "place"), network.place, str(r["place"])).id
        process = str(r["process"]).strip()
        if process not in tables.processes:
            raise doc.error((*p, "process"), f"unknown process {process!r}; choose one of: "
                            f"{', '.join(sorted(tables.processes))}")
        bundled = next((m for m in tables.mills
                        if m.place == place and m.process == process), None)
        if r.get("capacity") is None and bundled is None:
            raise doc.error(p, f"'capacity' is required: {network.places[place].name} has no "
                               f"{process} mill in the bundled data")
        capacity = (bundled.capacity_t_per_year if r.get("capacity") is None and bundled
                    else _number(doc, r["capacity"], (*p, "capacity")))
        cost = None if r.get("cost") is None else _number(doc, r["cost"], (*p, "cost"))
        if cost is None and bundled is not None:
            cost = bundled.cost_usd_per_t
        prices = _keys(doc, r.get("byproduct_prices") or {}, (*p, "byproduct_prices"),
                       tuple(b for b, _ in tables.processes[process].byproducts))
        out.append(MillRow(place=place, process=process, capacity=capacity, cost=cost,
                           byproduct_prices={str(k): _number(
                               doc, v, (*p, "byproduct_prices", str(k)))
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
