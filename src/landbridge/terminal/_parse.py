"""Reading a station from YAML: field by field, each failure naming file, line and field.

Private to :mod:`landbridge.terminal.config`, whose :func:`parse_station` calls :func:`parse`;
:func:`check` holds the cross-field checks, also run on ``StationConfig.replace``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from landbridge.errors import DataError, Problem, StationConfigError
from landbridge.terminal.config import (
    MONTHS,
    ArrivalPattern,
    Arrivals,
    BerthGroup,
    ContainerYard,
    Handles,
    Mill,
    MillOutput,
    ShipClass,
    ShipService,
    Silo,
    StationConfig,
    TrainKind,
    TrainService,
    UnloadingGroup,
)
from landbridge.userfile import MAX_QUANTITY, Fields, Located, Path, format_path, load_located

__all__ = ["check", "parse"]


#: Most arrivals a year of one train or ship service: about one every five minutes, far
#: beyond any port (estimate: a bound that keeps a simulated year finite).
MAX_ARRIVALS_PER_YEAR = 100_000
#: Shortest timetable headway, hours (the same bound as a timetable).
MIN_HEADWAY_HOURS = 365 * 24 / MAX_ARRIVALS_PER_YEAR
#: Most wagons in one block train (the longest heavy-haul trains run about 300).
MAX_WAGONS = 1_000
#: Most positions, berths or silo cells in one group.
MAX_GROUP = 1_000
#: Longest time any hour field takes (ten years).
MAX_HOURS = 10 * 365 * 24.0
#: Largest monthly seasonal factor (before the twelve are normalised to a mean of one).
MAX_SEASONAL = 100.0

def _commodity_ids() -> tuple[str, ...]:
    from landbridge.data import read_table

    return tuple(row["id"] for _, row in read_table("commodities.csv"))


def _commodity(m: Fields, key: str, known: Sequence[str]) -> str:
    value = m.text(key).lower()
    if value not in known:
        near = difflib.get_close_matches(value, known, n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise m.fail(key, f"unknown commodity {value!r}; {hint}choose one of: {', '.join(known)}")
    return value


def _arrivals(m: Fields) -> Arrivals:
    pattern = m.choice("pattern", ArrivalPattern, "arrival pattern")
    seasonal: tuple[float, ...] = (1.0,) * MONTHS
    if m.has("seasonal"):
            raw = m.data["seasonal"]
            if not isinstance(raw, list) or len(raw) != MONTHS:
                raise m.fail("seasonal", "must be a list of 12 monthly factors, January first")
            for i, value in enumerate(raw):
                if (isinstance(value, bool) or not isinstance(value, int | float)
                        or not math.isfinite(value) or not 0 <= value <= MAX_SEASONAL):
                    raise m.doc.error((*m.path, "seasonal", i),
                                      f"{value!r} is not a factor from 0 to {MAX_SEASONAL:g}")
            seasonal = tuple(float(v) for v in raw)
            if not any(seasonal):
                raise m.fail("seasonal", "needs at least one factor above 0")
    if pattern is ArrivalPattern.RANDOM:
        m.only("pattern", "per_year", "seasonal")
        return Arrivals(pattern=pattern, per_year=m.number("per_year", positive=True,
                                                           at_most=MAX_ARRIVALS_PER_YEAR),
                        seasonal=seasonal)
    m.only("pattern", "every_hours", "first_hour", "late_hours_mean", "seasonal")
    return Arrivals(pattern=pattern, every_hours=m.number("every_hours", positive=True,
                                                              at_least=MIN_HEADWAY_HOURS,
                                                              at_most=MAX_HOURS),
                    first_hour=m.number("first_hour", default=0.0, at_most=MAX_HOURS),
                    late_hours_mean=m.number("late_hours_mean", default=0.0, at_most=MAX_HOURS),
                    seasonal=seasonal)


def _unit_key(m: Fields, stem: str, handles: Handles, *, suffix: str = "",
              required: bool = True) -> str | None:
    """The one of ``{stem}_t{suffix}`` / ``{stem}_teu{suffix}`` that fits ``handles``."""
    right = f"{stem}_{handles.unit}{suffix}"
    wrong = f"{stem}_{'teu' if handles is Handles.BULK else 't'}{suffix}"
    if m.has(wrong):
        raise m.fail(wrong, f"this one handles {handles.value}: give {right!r} instead")
    if required and not m.has(right):
        raise m.fail(right, "is missing; give a number")
    return right if m.has(right) else None


def _named_group(m: Fields, key: str, groups: Sequence[Any], handles: Handles, what: str) -> str:
    fitting: list[str] = [g.name for g in groups if g.handles is handles]
    if m.has(key):
        name = m.text(key)
        match = next((g for g in groups if g.name == name), None)
        if match is None:
            have = ", ".join(g.name for g in groups) or "none"
            raise m.fail(key, f"no {what} named {name!r}; have: {have}")
        if match.handles is not handles:
            raise m.fail(key, f"{what} {name!r} handles {match.handles.value}, not {handles.value}")
        return name
    if len(fitting) != 1:
        found = "none" if not fitting else ", ".join(fitting)
        raise m.fail(key, f"name the {what} to use; {what}s handling {handles.value}: {found}")
    return fitting[0]


def _parse(doc: Located) -> StationConfig:
    if not isinstance(doc.data, Mapping):
        raise doc.error((), "the file must be a mapping with fields name, silos, unloading, "
                        "berths, trains and ships")
    top = Fields(doc, doc.data, ())
    top.only("name", "description", "start_month", "silos", "container_yard", "mill",
             "unloading", "berths", "trains", "ships")
    known = _commodity_ids()
    start_month = top.count("start_month", default=1)
    if start_month > MONTHS:
        raise top.fail("start_month", f"must be a month 1-12; got {start_month}")

    silos = []
    for m in top.items("silos", required=False):
        with doc.collect():
            m.only("commodity", "cells", "cell_capacity_t", "initial_t")
            silos.append(Silo(commodity=_commodity(m, "commodity", known),
                              cells=m.count("cells", at_most=MAX_GROUP),
                              cell_capacity_t=m.number("cell_capacity_t", positive=True),
                              initial_t=m.number("initial_t", default=0.0)))
    yard = None
    with doc.collect():
        yard = _yard(top, known)
    mill = None
    with doc.collect():
        mill = _mill(top, known)

    unloading = []
    for m in top.items("unloading", required=False):
        with doc.collect():
            unloading.append(_unloading(m))
    berths = []
    for m in top.items("berths", required=False):
        with doc.collect():
            berths.append(_berths(m))
    doc.raise_found()  # trains and ships name the groups above
    trains = []
    for i, m in enumerate(top.items("trains", required=False)):
        with doc.collect():
            trains.append(_train(m, i, known, unloading))
    ships = []
    for i, m in enumerate(top.items("ships", required=False)):
        with doc.collect():
            ships.append(_ship(m, i, known, berths))
    doc.raise_found()

    if not trains and not ships:
        raise top.fail(None, "a station needs at least one entry under 'trains' or 'ships'")
    config = StationConfig(
        name=top.text("name", default="transfer station"), silos=tuple(silos),
        unloading=tuple(unloading), berths=tuple(berths), trains=tuple(trains),
        ships=tuple(ships), container_yard=yard, mill=mill, start_month=start_month,
        source=doc.file)
    check(config, doc)
    return config


def _yard(top: Fields, known: Sequence[str]) -> ContainerYard | None:
    if not top.has("container_yard"):
        return None
    m = top.sub("container_yard")
    m.only("slots_teu", "tonnes_per_teu", "initial_teu")
    initial: dict[str, float] = {}
    if m.has("initial_teu"):
        stock = m.sub("initial_teu")
        for key in stock.data:
            if str(key).lower() not in known:
                raise stock.fail(str(key), f"unknown commodity {key!r}; choose one of: "
                                 f"{', '.join(known)}")
            initial[str(key).lower()] = stock.number(str(key))
    return ContainerYard(slots_teu=m.number("slots_teu", positive=True),
                         tonnes_per_teu=m.number("tonnes_per_teu", positive=True),
                         initial_teu=MappingProxyType(initial))


def _mill(top: Fields, known: Sequence[str]) -> Mill | None:
    if not top.has("mill"):
        return None
    m = top.sub("mill")
    m.only("input", "output", "rate_t_per_hour", "yield", "output_to", "batch_hours",
           "hours_per_day", "start_hour")
    mill = Mill(input=_commodity(m, "input", known), output=_commodity(m, "output", known),
                rate_t_per_hour=m.number("rate_t_per_hour", positive=True),
                yield_=m.number("yield", positive=True, at_most=1.0),
                output_to=m.choice("output_to", MillOutput, "mill output", default="yard"),
                batch_hours=m.number("batch_hours", default=8.0, positive=True,
                                     at_most=MAX_HOURS),
                hours_per_day=m.number("hours_per_day", default=24.0, positive=True,
                                       at_most=24.0),
                start_hour=m.number("start_hour", default=0.0, at_most=23.99))
    if mill.batch_hours > mill.hours_per_day:
        raise m.fail("batch_hours", f"a batch of {mill.batch_hours:g} h does not fit in "
                                    f"{mill.hours_per_day:g} working hours a day")
    return mill


def _unloading(m: Fields) -> UnloadingGroup:
    handles = m.choice("handles", Handles, "cargo handled")
    rate = _unit_key(m, "rate", handles, suffix="_per_hour")
    m.only("name", "handles", "positions", str(rate), "setup_hours", "rate_cv")
    return UnloadingGroup(
        name=m.text("name"), handles=handles, positions=m.count("positions", at_most=MAX_GROUP),
        rate_per_hour=m.number(str(rate), positive=True),
        setup_hours=m.number("setup_hours", default=0.0, at_most=MAX_HOURS),
        rate_cv=m.number("rate_cv", default=0.0, at_most=3.0))


def _berths(m: Fields) -> BerthGroup:
    handles = m.choice("handles", Handles, "cargo handled")
    rate = _unit_key(m, "rate", handles, suffix="_per_hour")
    m.only("name", "handles", "count", str(rate), "rate_cv")
    return BerthGroup(name=m.text("name"), handles=handles,
                      count=m.count("count", at_most=MAX_GROUP),
                      rate_per_hour=m.number(str(rate), positive=True),
                      rate_cv=m.number("rate_cv", default=0.0, at_most=3.0))


def _train(m: Fields, i: int, known: Sequence[str],
           unloading: Sequence[UnloadingGroup]) -> TrainService:
    kind = m.choice("kind", TrainKind, "train kind")
    per_wagon = {TrainKind.HOPPER: "tonnes_per_wagon", TrainKind.CONTAINER: "teu_per_wagon"}
    other = per_wagon[TrainKind.CONTAINER if kind is TrainKind.HOPPER else TrainKind.HOPPER]
    if m.has(other):
        raise m.fail(other, f"a {kind.value} train gives {per_wagon[kind]!r} instead")
    m.only("name", "kind", "commodity", "wagons", per_wagon[kind], "arrivals", "unloading",
           "wagon_hire_usd_per_day", "free_hours", "max_hold_hours")
    return TrainService(
        name=m.text("name", default=f"train service {i + 1}"), kind=kind,
        commodity=_commodity(m, "commodity", known),
        wagons=m.count("wagons", at_most=MAX_WAGONS),
        load_per_wagon=m.number(per_wagon[kind], positive=True),
        arrivals=_arrivals(m.sub("arrivals")),
        unloading=_named_group(m, "unloading", unloading, kind.handles, "unloading group"),
        wagon_hire_usd_per_day=m.number("wagon_hire_usd_per_day", default=0.0),
        free_hours=m.number("free_hours", default=0.0, at_most=MAX_HOURS),
        max_hold_hours=m.optional("max_hold_hours", positive=False, at_most=MAX_HOURS))


def _ship(m: Fields, i: int, known: Sequence[str], berths: Sequence[BerthGroup]) -> ShipService:
    ship_class = m.choice("class", ShipClass, "ship class")
    handles = ship_class.handles
    parcel = str(_unit_key(m, "parcel", handles))
    minimum = _unit_key(m, "min_parcel", handles, required=False)
    per_day = _unit_key(m, "laytime", handles, suffix="_per_day", required=False)
    if per_day is not None and m.has("laytime_hours"):
        raise m.fail("laytime_hours", f"give either 'laytime_hours' or {per_day!r}, not both")
    m.only("name", "class", "commodity", "berth", parcel, "arrivals", "sail_after_days",
           "laytime_hours", "demurrage_usd_per_day",
           *(key for key in (minimum, per_day) if key is not None))
    size = m.number(parcel, positive=True)
    return ShipService(
        name=m.text("name", default=f"{ship_class.value} {i + 1}"), ship_class=ship_class,
        commodity=_commodity(m, "commodity", known),
        berth=_named_group(m, "berth", berths, handles, "berth group"), parcel=size,
        min_parcel=size if minimum is None else m.number(minimum, at_most=size),
        arrivals=_arrivals(m.sub("arrivals")),
        sail_after_days=m.optional("sail_after_days", at_most=MAX_HOURS / 24),
        laytime_hours=m.optional("laytime_hours", positive=False, at_most=MAX_HOURS),
        laytime_per_day=None if per_day is None else m.number(per_day, positive=True),
        demurrage_usd_per_day=m.number("demurrage_usd_per_day", default=0.0))


# ------------------------------------------------------------------------------ consistency


def check(config: StationConfig, doc: Located | None = None) -> None:
    """Cross-field checks: what each flow needs exists and fits. Raises StationConfigError."""

    def fail(path: Path, message: str) -> DataError:
        if doc is not None:
            return doc.error(path, message)
        return StationConfigError(Problem(config.source, None, format_path(path), message))

    sizes = [(("silos", i, "cells"), s.cells) for i, s in enumerate(config.silos)]
    sizes += [(("unloading", i, "positions"), g.positions) for i, g in enumerate(config.unloading)]
    sizes += [(("berths", i, "count"), b.count) for i, b in enumerate(config.berths)]
    for path, size in sizes:
        if size > MAX_GROUP:
            raise fail(path, f"must be at most {MAX_GROUP:,}; got {size:g}")
    if config.container_yard is not None and config.container_yard.slots_teu > MAX_QUANTITY:
        raise fail(("container_yard", "slots_teu"), f"must be at most {MAX_QUANTITY:g}")
    seen: set[str] = set()
    for i, silo in enumerate(config.silos):
        if silo.commodity in seen:
            raise fail(("silos", i, "commodity"), f"{silo.commodity!r} has silo cells twice; "
                       "merge the two entries")
        seen.add(silo.commodity)
    for key, groups in (("unloading", config.unloading), ("berths", config.berths)):
        names = [g.name for g in groups]
        for i, name in enumerate(names):
            if name in names[:i]:
                raise fail((key, i, "name"), f"the name {name!r} is used twice")
    yard = config.container_yard
    if yard is not None and sum(yard.initial_teu.values()) > yard.slots_teu:
        raise fail(("container_yard", "initial_teu"), "more boxes than slots")

    def store_of(commodity: str, handles: Handles, path: Path) -> float:
        """Capacity (t or TEU) of the store a flow of ``commodity`` uses."""
        if handles is Handles.BULK:
            silo = config.silo(commodity)
            if silo is None:
                raise fail(path, f"no silo cells hold {commodity!r}; add them under 'silos'")
            return silo.capacity_t
        if yard is None:
            raise fail(path, "containers need a 'container_yard'")
        return yard.slots_teu

    for i, train in enumerate(config.trains):
        handles = train.kind.handles
        capacity = store_of(train.commodity, handles, ("trains", i, "commodity"))
        load = train.wagons * train.load_per_wagon
        unit = handles.unit.upper() if handles is Handles.CONTAINER else "t"
        if handles is Handles.BULK:
            cells = config.silo(train.commodity)
            assert cells is not None
            j = config.silos.index(cells)
            if cells.cell_capacity_t < train.load_per_wagon:
                raise fail(("silos", j, "cell_capacity_t"), f"a silo cell of "
                           f"{cells.cell_capacity_t:g} t is smaller than one wagon of "
                           f"{train.commodity} ({train.load_per_wagon:g} t, trains[{i}])")
            if capacity < load:
                raise fail(("silos", j, "cells"), f"{capacity:,.0f} t of cells cannot take one "
                           f"train of trains[{i}] ({load:,.0f} t); trains would wait forever")
        elif capacity < load:
            raise fail(("container_yard", "slots_teu"), f"{capacity:,.0f} slots cannot take one "
                       f"train of trains[{i}] ({load:,.0f} {unit})")
        if train.unloading not in {g.name for g in config.unloading if g.handles is handles}:
            raise fail(("trains", i, "unloading"), f"no unloading group {train.unloading!r} "
                       f"handling {handles.value}")
    for i, ship in enumerate(config.ships):
        handles = ship.ship_class.handles
        capacity = store_of(ship.commodity, handles, ("ships", i, "commodity"))
        if ship.min_parcel > capacity:
            raise fail(("ships", i, f"min_parcel_{handles.unit}"), f"{ship.min_parcel:,.0f} is "
                       f"more than the store holds ({capacity:,.0f}); ships would wait forever")
        if ship.berth not in {b.name for b in config.berths if b.handles is handles}:
            raise fail(("ships", i, "berth"), f"no berth group {ship.berth!r} handling "
                       f"{handles.value}")
    for i, silo in enumerate(config.silos):
        if silo.initial_t > silo.capacity_t:
            raise fail(("silos", i, "initial_t"), f"{silo.initial_t:,.0f} t is more than the "
                       f"{silo.capacity_t:,.0f} t the cells hold")
    mill = config.mill
    if mill is not None:
        if config.silo(mill.input) is None:
            raise fail(("mill", "input"), f"no silo cells hold {mill.input!r}")
        if mill.output_to is MillOutput.SILO:
            store_of(mill.output, Handles.BULK, ("mill", "output"))
        else:
            store_of(mill.output, Handles.CONTAINER, ("mill", "output_to"))
        if mill.output == mill.input and mill.output_to is MillOutput.SILO:
            raise fail(("mill", "output"), "the mill's output must differ from its input")


def parse(text: str, *, file: str, bundled: bool = False) -> StationConfig:
    """Parse and check a station from YAML ``text`` (see ``parse_station``); ``bundled``: the
    text is the package's own (see :func:`~landbridge.userfile.load_located`)."""
    return _parse(load_located(text, file=file, kind=StationConfigError, bundled=bundled))
