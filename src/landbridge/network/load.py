"""Reading the network tables into typed objects, validating them, and caching the result."""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from landbridge.data import RowReader, Table, read_table
from landbridge.data.overlay import apply_overlay, overlay_from_env, read_overlay
from landbridge.errors import DataError, NetworkDataError, Problem
from landbridge.model.areas import Area, AreaKind
from landbridge.model.cargo import Commodity, Unit
from landbridge.model.costs import (
    CAPACITY_SCOPES,
    TARIFF_MODES,
    Capacity,
    EmissionFactor,
    MarketPrice,
    Parameter,
    Service,
    Speed,
    Tariff,
    Vessel,
)
from landbridge.model.links import Link
from landbridge.model.modes import Mode, RailService
from landbridge.model.operations import HubOperation, Operation
from landbridge.model.places import CargoClass, Place, PlaceKind, Role, Waters
from landbridge.network.lookup import AreaIndex, PlaceIndex
from landbridge.network.network import Network

__all__ = [
    "TABLES",
    "AreaRow",
    "Parsed",
    "check_network",
    "load_network",
    "network_from_tables",
    "parse_tables",
    "read_tables",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Tables a network directory may leave out (read as empty).
OPTIONAL_TABLES = frozenset({"areas.csv"})

#: The tables that make up a network, in the order they are read.
TABLES = (
    "places.csv",
    "links.csv",
    "hub_operations.csv",
    "commodities.csv",
    "tariffs.csv",
    "speeds.csv",
    "emission_factors.csv",
    "capacities.csv",
    "services.csv",
    "vessels.csv",
    "parameters.csv",
    "market_prices.csv",
    "areas.csv",
)

#: Parameters the engines read; the check makes sure each is in parameters.csv.
REQUIRED_PARAMETERS = (
    "vlsfo_usd_per_t",
    "bulk_load_factor",
    "ballast_factor",
    "bulk_operating_knots",
    "container_usd_per_teu_fixed",
    "container_usd_per_teu_km",
    "container_t_per_teu",
    "reefer_sea_factor",
    "liner_knots",
    "liner_detour_factor",
    "carrying_cost_per_year",
    "moving_time_p90_ratio",
    "block_train_t",
    "default_liner_departures_per_week",
)


@dataclass(frozen=True, slots=True)
class Parsed:
    """Every row that parsed, with its line number, and every problem found so far."""

    places: list[tuple[int, Place]]
    links: list[tuple[int, Link]]
    operations: list[tuple[int, HubOperation]]
    commodities: list[tuple[int, Commodity]]
    tariffs: list[tuple[int, Tariff]]
    speeds: list[tuple[int, Speed]]
    emission_factors: list[tuple[int, EmissionFactor]]
    capacities: list[tuple[int, Capacity]]
    services: list[tuple[int, Service]]
    vessels: list[tuple[int, Vessel]]
    parameters: list[tuple[int, Parameter]]
    market_prices: list[tuple[int, MarketPrice]]
    areas: list[tuple[int, AreaRow]]
    problems: list[Problem]


@dataclass(frozen=True, slots=True)
class AreaRow:
    """A row of ``areas.csv``: a city's name and the ids of its terminals."""

    id: str
    name: str
    terminals: tuple[str, ...]
    aliases: tuple[str, ...]
    source: str
    note: str


def _opt_country(value: str) -> str | None:
    return None if value in ("", "*") else value


def _place(r: RowReader) -> Place | None:
    lat = r.number("lat", minimum=-90.0)
    lon = r.number("lon", minimum=-180.0)
    if lat > 90:
        r.problem("lat", f"{lat:g} is above 90")
    if lon > 180:
        r.problem("lon", f"{lon:g} is above 180")
    country = r.text("country")
    if country and (len(country) != 2 or not country.isupper()):
        r.problem("country", f"{country!r} is not an ISO 3166 alpha-2 code")
    kind = r.choice("kind", PlaceKind)
    waters = r.choice("waters", Waters, required=False)
    if kind is None:
        return None
    if kind is PlaceKind.PORT and waters is None:
        r.problem("waters", "a port must say which waters it lies on: ocean or caspian")
    return Place(
        id=r.text("id"),
        name=r.text("name"),
        kind=kind,
        country=country,
        other_country=_opt_country(r.text("other_country", required=False)),
        lat=lat,
        lon=lon,
        waters=waters,
        handles=r.choices("handles", CargoClass),
        roles=r.choices("roles", Role),
        aliases=r.names("aliases"),
        source=r.source(),
        note=r.text("note", required=False),
    )


def _link(r: RowReader) -> Link | None:
    mode = r.choice("mode", Mode)
    distance = r.number("distance_km")
    if distance == 0:
        r.problem("distance_km", "must be positive")
    if mode is None:
        return None
    return Link(
        a=r.text("from"),
        b=r.text("to"),
        mode=mode,
        distance_km=distance,
        source=r.source(),
        note=r.text("note", required=False),
    )


def _operation(r: RowReader) -> HubOperation | None:
    operation = r.choice("operation", Operation)
    unit_text = r.text("unit")
    unit = None if unit_text == "*" else r.choice("unit", Unit)
    mean = r.number("hours_mean")
    p90 = r.number("hours_p90")
    if mean > 0 and p90 < mean:
        r.problem("hours_p90", f"{p90:g} h is below the mean {mean:g} h")
    place = r.text("place")
    if operation is None:
        return None
    into = _opt_country(r.text("into", required=False))
    if into is not None and operation not in (Operation.BORDER, Operation.GAUGE_CHANGE):
        r.problem("into", "only a border crossing has a direction; leave it empty")
    return HubOperation(
        place=None if place == "*" else place,
        operation=operation,
        unit=unit,
        into=into,
        hours_mean=mean,
        hours_p90=p90,
        cost_usd_per_t=r.number("cost_usd_per_t"),
        source=r.source(),
        note=r.text("note", required=False),
    )


def _commodity(r: RowReader) -> Commodity | None:
    usual = r.choice("usual_unit", Unit)
    units = r.choices("units", Unit)
    if usual is not None and usual not in units:
        r.problem("units", f"must include the usual unit {usual.value!r}")
    mineral = r.text("mineral", required=False).lower()
    if mineral not in ("", "yes", "no"):
        r.problem("mineral", f"{mineral!r} is not yes or no")
    if usual is None:
        return None
    return Commodity(
        id=r.text("id"),
        name=r.text("name"),
        usual_unit=usual,
        units=units,
        mineral=mineral == "yes",
        value_usd_per_t=r.number("value_usd_per_t"),
        time_value_pct_per_day=_time_value(r),
        hs_code=r.text("hs_code", required=False),
        source=r.source(),
        note=r.text("note", required=False),
    )


def _time_value(r: RowReader) -> float:
    value = r.number("time_value_pct_per_day")
    if value > 10:
        r.problem("time_value_pct_per_day", f"{value:g}% of the cargo's value per day is "
                  "implausible (Hummels & Schaur 2013: 0.6-2.1)")
    r.source("time_value_source")
    return value


def _tariff(r: RowReader) -> Tariff | None:
    unit = r.choice("unit", Unit)
    mode = r.text("mode")
    if mode and mode not in TARIFF_MODES:
        r.problem("mode", f"{mode!r} is not one of {', '.join(TARIFF_MODES)}")
    if unit is None:
        return None
    return Tariff(
        mode=mode,
        country=_opt_country(r.text("country")),
        unit=unit,
        fixed_usd_per_t=r.number("fixed_usd_per_t"),
        usd_per_tkm=r.number("usd_per_tkm"),
        source=r.source(),
        note=r.text("note", required=False),
    )


def _speed(r: RowReader) -> Speed | None:
    mode = r.choice("mode", Mode)
    speed = r.number("km_per_day")
    if speed == 0:
        r.problem("km_per_day", "must be positive")
    if mode is None:
        return None
    service_text = r.text("service")
    service = None if service_text == "*" else r.choice("service", RailService)
    ratio = r.number("p90_ratio")
    if ratio < 1:
        r.problem("p90_ratio", f"{ratio:g} is below 1: the 90th percentile cannot be below the "
                  "mean")
    return Speed(
        mode=mode,
        country=_opt_country(r.text("country")),
        service=service,
        km_per_day=speed,
        p90_ratio=ratio,
        source=r.source(),
        note=r.text("note", required=False),
    )


def _emission(r: RowReader) -> EmissionFactor | None:
    per = r.text("per")
    if per not in ("tkm", "t"):
        r.problem("per", f"{per!r} is not 'tkm' (movement) or 't' (hub operation)")
    ttw, wtw = r.number("ttw_kg"), r.number("wtw_kg")
    if ttw > wtw:
        r.problem("wtw_kg", f"well-to-wheel {wtw:g} is below tank-to-wheel {ttw:g}")
    return EmissionFactor(
        key=r.text("key"),
        per=per,
        ttw=ttw,
        wtw=wtw,
        description=r.text("description"),
        source=r.source(),
        note=r.text("note", required=False),
    )


def _capacity(r: RowReader) -> Capacity | None:
    scope = r.text("scope")
    if scope and scope not in CAPACITY_SCOPES:
        r.problem("scope", f"{scope!r} is not one of {', '.join(CAPACITY_SCOPES)}")
    return Capacity(
        element=r.text("element"),
        scope=scope,
        tonnes_per_year=r.number("tonnes_per_year"),
        source=r.source(),
        note=r.text("note", required=False),
    )


def _service(r: RowReader) -> Service | None:
    mode = r.choice("mode", Mode)
    hours = r.number("hours", required=False)
    if mode is None:
        return None
    return Service(
        a=r.text("from"),
        b=r.text("to"),
        mode=mode,
        service=r.text("service"),
        departures_per_week=r.number("departures_per_week"),
        hours=None if math.isnan(hours) else hours,
        source=r.source(),
        note=r.text("note", required=False),
        via=r.text("via", required=False),
    )


def _vessel(r: RowReader) -> Vessel | None:
    unit = r.choice("unit", Unit)
    if unit is None:
        return None
    vessel = Vessel(
        unit=unit,
        vessel_class=r.text("vessel_class"),
        capacity=r.number("capacity"),
        speed_knots=r.number("speed_knots"),
        usd_per_day=r.number("usd_per_day"),
        fuel_t_per_day=r.number("fuel_t_per_day"),
        source=r.source(),
        note=r.text("note", required=False),
    )
    for column in ("capacity", "speed_knots"):
        if getattr(vessel, column) == 0:
            r.problem(column, "must be positive")
    return vessel


def _parameter(r: RowReader) -> Parameter | None:
    return Parameter(
        key=r.text("key"),
        value=r.number("value", minimum=None),
        unit=r.text("unit"),
        source=r.source(),
        note=r.text("note", required=False),
    )


def _market_price(r: RowReader) -> MarketPrice | None:
    return MarketPrice(
        commodity=r.text("commodity"),
        market=r.text("market"),
        usd_per_t=r.number("usd_per_t"),
        basis=r.text("basis"),
        date=r.text("date"),
        source=r.source(),
    )


def _area(r: RowReader) -> AreaRow | None:
    terminals = r.names("terminals")
    if not terminals:
        r.problem("terminals", "is empty; list the ids of the area's terminals, ';'-separated")
    return AreaRow(id=r.text("id"), name=r.text("name"), terminals=terminals,
                   aliases=r.names("aliases"), source=r.source(),
                   note=r.text("note", required=False))


class _Line(int):
    """A line number that also knows its file: an overlay row's line, so that a cross-table
    check (which names the table) can name the overlay file instead (see :func:`_located`)."""

    file: str

    def __new__(cls, line: int, file: str) -> _Line:
        self = super().__new__(cls, line)
        self.file = file
        return self


def _located(problems: list[Problem]) -> list[Problem]:
    """``problems`` with the overlay file named where a problem's line is an overlay row's."""
    return [replace(p, file=p.line.file) if isinstance(p.line, _Line) else p for p in problems]


def _rows(
    table: Table | None,
    build: Callable[[RowReader], T | None],
    problems: list[Problem],
) -> list[tuple[int, T]]:
    out: list[tuple[int, T]] = []
    if table is None:
        return out
    for file, line, row in table.located():
        reader = RowReader(file, line, row)
        item = build(reader)
        problems.extend(reader.problems)
        if item is not None:  # kept even with problems, so one bad cell does not cascade
            out.append((line if file == table.name else _Line(line, file), item))
    return out


def _read_all(directory: Path | None, overlay: Path | None) -> tuple[
        dict[str, Table], list[Problem]]:
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for name in TABLES:
        if directory is not None and name in OPTIONAL_TABLES and not (directory / name).exists():
            continue
        try:
            tables[name] = read_table(name, directory)
        except DataError as exc:
            problems.append(exc.problem)
    if overlay is not None:
        try:
            changes = read_overlay(overlay)
        except NetworkDataError as exc:
            problems.extend(exc.problems)
        except DataError as exc:
            problems.append(exc.problem)
        else:
            for name, table in changes.items():
                if name in tables:
                    tables[name] = apply_overlay(tables[name], table)
    return tables, problems


def read_tables(directory: str | Path | None = None, *,
                overlay: str | Path | None = None) -> dict[str, Table]:
    """The raw network tables of ``directory`` (bundled by default) with ``overlay`` merged in.

    Raises
    ------
    NetworkDataError
        If a table is missing or the overlay is malformed (file, line and field).
    """
    tables, problems = _read_all(_path(directory), _path(overlay))
    if problems:
        raise NetworkDataError(problems)
    return tables


def _parse(tables: Mapping[str, Table], problems: list[Problem]) -> Parsed:
    def rows(name: str, build: Callable[[RowReader], T | None]) -> list[tuple[int, T]]:
        return _rows(tables.get(name), build, problems)

    return Parsed(
        places=rows("places.csv", _place),
        links=rows("links.csv", _link),
        operations=rows("hub_operations.csv", _operation),
        commodities=rows("commodities.csv", _commodity),
        tariffs=rows("tariffs.csv", _tariff),
        speeds=rows("speeds.csv", _speed),
        emission_factors=rows("emission_factors.csv", _emission),
        capacities=rows("capacities.csv", _capacity),
        services=rows("services.csv", _service),
        vessels=rows("vessels.csv", _vessel),
        parameters=rows("parameters.csv", _parameter),
        market_prices=rows("market_prices.csv", _market_price),
        areas=rows("areas.csv", _area),
        problems=problems,
    )


def parse_tables(directory: Path | None = None, *, overlay: Path | None = None) -> Parsed:
    """Parse every table in ``directory`` (the bundled data by default) with ``overlay`` merged
    in, recording problems."""
    tables, problems = _read_all(directory, overlay)
    return _parse(tables, problems)


def _build(parsed: Parsed) -> Network:
    places = {p.id: p for _, p in parsed.places}
    index = PlaceIndex(places.values())
    areas = [Area(id=a.id, name=a.name, kind=AreaKind.CITY, aliases=a.aliases,
                  members=tuple(places[t] for t in a.terminals), source=a.source, note=a.note)
             for _, a in parsed.areas]
    return Network(
        places=MappingProxyType(places),
        links=tuple(link for _, link in parsed.links),
        operations=tuple(op for _, op in parsed.operations),
        commodities=MappingProxyType({c.id: c for _, c in parsed.commodities}),
        tariffs=tuple(t for _, t in parsed.tariffs),
        speeds=tuple(s for _, s in parsed.speeds),
        emission_factors=MappingProxyType({f.key: f for _, f in parsed.emission_factors}),
        capacities=tuple(c for _, c in parsed.capacities),
        services=tuple(s for _, s in parsed.services),
        vessels=tuple(v for _, v in parsed.vessels),
        parameters=MappingProxyType({p.key: p for _, p in parsed.parameters}),
        market_prices=tuple(m for _, m in parsed.market_prices),
        index=index,
        area_index=AreaIndex(index, places.values(), areas),
    )


def network_from_tables(tables: Mapping[str, Table], *, check: bool = True) -> Network:
    """The network built from raw ``tables`` (as :func:`read_tables` returns them), e.g. after
    changing a few numbers; ``check=False`` skips the cross-table checks (same rows, new numbers).

    Raises
    ------
    NetworkDataError
        If a row is malformed or (with ``check``) the tables do not fit together.
    """
    from landbridge.network.validate import cross_check

    problems: list[Problem] = [Problem(name, None, None, "file not found")
                               for name in TABLES
                               if name not in tables and name not in OPTIONAL_TABLES]
    parsed = _parse(tables, problems)
    if check:
        problems.extend(_located(cross_check(parsed)))
    if problems:
        raise NetworkDataError(problems)
    return _build(parsed)


def check_network(directory: Path | None = None, *, overlay: Path | None = None) -> list[Problem]:
    """Every problem in the network tables of ``directory`` (bundled by default), with
    ``overlay`` (default: ``LANDBRIDGE_DATA_OVERLAY``) merged in; empty if none."""
    from landbridge.network.validate import cross_check

    _check_folder(directory)
    tables, problems = _read_all(_path(directory), _overlay(overlay))
    if problems:  # a table that cannot be read is reported alone: checks across tables
        return problems  # would only repeat that its rows are missing
    parsed = _parse(tables, problems)
    return [*parsed.problems, *_located(cross_check(parsed))]


def _check_folder(directory: str | Path | None) -> None:
    if directory is not None and not Path(directory).is_dir():
        raise NetworkDataError([Problem(str(directory), None, None, "is not a folder; give the "
                                        "folder that holds places.csv, links.csv and the others")])


def _tables_digest(directory: Path | None, overlay: Path | None = None) -> str | None:
    """A hash of the tables in ``directory`` (and the overlay's files) and of the code that reads
    and checks them; None if a table cannot be read (the check then runs and reports it)."""
    from landbridge import __version__
    from landbridge.cache import digest

    package = Path(__file__).parent.parent
    code = sorted(p for folder in ("network", "model", "data") for p in
                  (package / folder).glob("*.py"))
    parts: list[bytes | str] = [__version__, *(p.read_bytes() for p in code)]
    for name in TABLES:
        try:
            if directory is None:
                parts.append(resources.files("landbridge.data").joinpath(name).read_bytes())
            else:
                parts.append((directory / name).read_bytes())
        except FileNotFoundError:
            parts.append(f"{name} missing")
        except OSError:
            return None
    if overlay is not None:
        try:
            parts.extend(f.read_bytes() for f in sorted(overlay.glob("*.csv")))
        except OSError:
            return None
    return digest(parts)


def _checked(parsed: Parsed, directory: Path | None,
             overlay: Path | None = None) -> list[Problem]:
    """Every problem in ``parsed``. Tables found sound once are not checked across again: the
    verdict is kept in the user's cache directory under a hash of the tables and the checks."""
    from landbridge.cache import cache_dir, read_json, write_json

    if parsed.problems:
        return parsed.problems
    key = _tables_digest(directory, overlay)
    verdict = None if key is None else cache_dir() / f"tables-sound-{key[:32]}.json"
    if verdict is not None and read_json(verdict) == {"sound": key}:
        return []
    from landbridge.network.validate import cross_check

    problems = _located(cross_check(parsed))
    if not problems and verdict is not None:
        write_json(verdict, {"sound": key})
    return problems


@functools.cache
def _load_cached(directory: Path | None, overlay: Path | None,
                 stamp: tuple[tuple[str, int, int], ...]) -> Network:
    del stamp  # part of the cache key only: an edited overlay is read again
    tables, problems = _read_all(directory, overlay)
    if problems:
        raise NetworkDataError(problems)
    problems = [Problem(name, None, None, "file not found") for name in TABLES
                if name not in tables and name not in OPTIONAL_TABLES]
    parsed = _parse(tables, problems)
    problems = _checked(parsed, directory, overlay)
    if problems:
        raise NetworkDataError(problems)
    network = _build(parsed)
    log.debug("loaded network: %d places, %d links%s", len(network.places), len(network.links),
              f" (overlay {overlay})" if overlay else "")
    return network


def _path(value: str | Path | None) -> Path | None:
    return None if value is None else Path(value).expanduser().resolve()


def _overlay(value: str | Path | None) -> Path | None:
    return overlay_from_env() if value is None else _path(value)


def _stamp(overlay: Path | None) -> tuple[tuple[str, int, int], ...]:
    if overlay is None or not overlay.is_dir():
        return ()
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                 for p in sorted(overlay.glob("*.csv")))


def load_network(directory: str | Path | None = None, *,
                 overlay: str | Path | None = None) -> Network:
    """The validated corridor network from ``directory``, or the bundled data by default.

    ``overlay`` is a folder of CSV files that replace or add rows (see
    :mod:`landbridge.data.overlay`); by default the folder named by the environment variable
    ``LANDBRIDGE_DATA_OVERLAY``, if set. The result is cached and read-only: the same object
    comes back for the same directory and overlay (an overlay edited since is read again).

    Raises
    ------
    NetworkDataError
        If any table has a problem; ``problems`` lists them all with file, line and field.

    Examples
    --------
    >>> network = load_network()
    >>> network.place("Alma-Ata").name
    'Almaty'
    """
    _check_folder(directory)
    top = _overlay(overlay)
    return _load_cached(_path(directory), top, _stamp(top))
