"""Reading a station from YAML: field by field, each failure naming file, line and field.

Private to :mod:`landbridge.terminal.config`, whose :func:`parse_station` calls :func:`parse`;
:func:`check` holds the cross-field checks, also run on ``StationConfig.replace``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from landbridge.errors import Problem, ScenarioError, StationConfigError
from landbridge.model._choices import parse_choice
from landbridge.scenario.yamltext import Located, Path, format_path, load_located
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

__all__ = ["check", "parse"]


@dataclass(frozen=True, slots=True)
class _Doc:
    located: Located

    def error(self, path: Path, message: str) -> StationConfigError:
        return StationConfigError(Problem(self.located.file, self.located.line(path),
                                          format_path(path) or None, message))


@dataclass(frozen=True, slots=True)
class _Map:
    """One YAML mapping and its path; each getter checks a field and names it on failure."""

    doc: _Doc
    data: Mapping[str, Any]
    path: Path

    def fail(self, key: str | None, message: str) -> StationConfigError:
        return self.doc.error(self.path if key is None else (*self.path, key), message)

    def only(self, *allowed: str) -> None:
        for key in self.data:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else (
                    f"; expected one of: {', '.join(allowed)}")
                raise self.fail(str(key), f"unknown field{hint}")

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def number(self, key: str, *, default: float | None = None, positive: bool = False,
               at_most: float | None = None) -> float:
        raw = self.data.get(key)
        if raw is None:
            if default is None:
                raise self.fail(key, "is missing; give a number")
            return default
        if isinstance(raw, str):  # YAML 1.1 reads 1.0e6 (no exponent sign) as text
            try:
                raw = float(raw.replace("_", ""))
            except ValueError:
                raise self.fail(key, f"{raw!r} is not a number") from None
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise self.fail(key, f"{raw!r} is not a finite number")
        value = float(raw)
        if positive and value <= 0:
            raise self.fail(key, f"must be > 0; got {value:g}")
        if value < 0:
            raise self.fail(key, f"must not be negative; got {value:g}")
        if at_most is not None and value > at_most:
            raise self.fail(key, f"must be at most {at_most:g}; got {value:g}")
        return value

    def optional(self, key: str, *, positive: bool = True) -> float | None:
        return self.number(key, positive=positive) if self.has(key) else None

    def count(self, key: str, *, default: int | None = None) -> int:
        raw = self.data.get(key, default)
        if raw is None:
            raise self.fail(key, "is missing; give a whole number")
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise self.fail(key, f"must be a whole number >= 1; got {raw!r}")
        return raw

    def text(self, key: str, *, default: str | None = None) -> str:
        raw = self.data.get(key, default)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise self.fail(key, "is missing; give a name")
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            raise self.fail(key, f"{raw!r} is not a name")
        return str(raw).strip()

    def choice(self, key: str, kind: type[Any], what: str, *, default: Any = None) -> Any:
        raw = self.data.get(key, default)
        if raw is None:
            raise self.fail(key, f"is missing; choose one of: {', '.join(m.value for m in kind)}")
        try:
            return parse_choice(kind, str(raw), what=what)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from exc

    def sub(self, key: str) -> _Map:
        raw = self.data.get(key)
        if not isinstance(raw, Mapping):
            raise self.fail(key, "must be a mapping of fields")
        return _Map(self.doc, raw, (*self.path, key))

    def items(self, key: str, *, required: bool = True) -> list[_Map]:
        raw = self.data.get(key)
        if raw is None and not required:
            return []
        if not isinstance(raw, list) or (required and not raw):
            raise self.fail(key, "must be a non-empty list")
        out = []
        for i, item in enumerate(raw):
            if not isinstance(item, Mapping):
                raise self.doc.error((*self.path, key, i), "must be a mapping of fields")
            out.append(_Map(self.doc, item, (*self.path, key, i)))
        return out


def _commodity_ids() -> tuple[str, ...]:
    from landbridge.data import read_table

    return tuple(row["id"] for _, row in read_table("commodities.csv"))


def _commodity(m: _Map, key: str, known: Sequence[str]) -> str:
    value = m.text(key).lower()
    if value not in known:
        near = difflib.get_close_matches(value, known, n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise m.fail(key, f"unknown commodity {value!r}; {hint}choose one of: {', '.join(known)}")
    return value


def _arrivals(m: _Map) -> Arrivals:
    pattern = m.choice("pattern", ArrivalPattern, "arrival pattern")
    seasonal: tuple[float, ...] = (1.0,) * MONTHS
    if m.has("seasonal"):
            raw = m.data["seasonal"]
            if not isinstance(raw, list) or len(raw) != MONTHS:
                raise m.fail("seasonal", "must be a list of 12 monthly factors, January first")
            for i, value in enumerate(raw):
                if (isinstance(value, bool) or not isinstance(value, int | float)
                        or not math.isfinite(value) or value < 0):
                    raise m.doc.error((*m.path, "seasonal", i),
                                      f"{value!r} is not a factor >= 0")
            seasonal = tuple(float(v) for v in raw)
            if not any(seasonal):
                raise m.fail("seasonal", "needs at least one factor above 0")
    if pattern is ArrivalPattern.RANDOM:
        m.only("pattern", "per_year", "seasonal")
        return Arrivals(pattern=pattern, per_year=m.number("per_year", positive=True),
                        seasonal=seasonal)
    m.only("pattern", "every_hours", "first_hour", "late_hours_mean", "seasonal")
    return Arrivals(pattern=pattern, every_hours=m.number("every_hours", positive=True),
                    first_hour=m.number("first_hour", default=0.0),
                    late_hours_mean=m.number("late_hours_mean", default=0.0),
                    seasonal=seasonal)


def _unit_key(m: _Map, stem: str, handles: Handles, *, suffix: str = "",
              required: bool = True) -> str | None:
    """The one of ``{stem}_t{suffix}`` / ``{stem}_teu{suffix}`` that fits ``handles``."""
    right = f"{stem}_{handles.unit}{suffix}"
    wrong = f"{stem}_{'teu' if handles is Handles.BULK else 't'}{suffix}"
    if m.has(wrong):
        raise m.fail(wrong, f"this one handles {handles.value}: give {right!r} instead")
    if required and not m.has(right):
        raise m.fail(right, "is missing; give a number")
    return right if m.has(right) else None


def _named_group(m: _Map, key: str, groups: Sequence[Any], handles: Handles, what: str) -> str:
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


def _parse(doc: _Doc) -> StationConfig:
    if not isinstance(doc.located.data, Mapping):
        raise doc.error((), "the file must be a mapping with fields name, silos, unloading, "
                        "berths, trains and ships")
    top = _Map(doc, doc.located.data, ())
    top.only("name", "description", "start_month", "silos", "container_yard", "mill",
             "unloading", "berths", "trains", "ships")
    known = _commodity_ids()
    start_month = top.count("start_month", default=1)
    if start_month > MONTHS:
        raise top.fail("start_month", f"must be a month 1-12; got {start_month}")

    silos = []
    for m in top.items("silos", required=False):
        m.only("commodity", "cells", "cell_capacity_t", "initial_t")
        silos.append(Silo(commodity=_commodity(m, "commodity", known), cells=m.count("cells"),
                          cell_capacity_t=m.number("cell_capacity_t", positive=True),
                          initial_t=m.number("initial_t", default=0.0)))
    yard = None
    if top.has("container_yard"):
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
        yard = ContainerYard(slots_teu=m.number("slots_teu", positive=True),
                             tonnes_per_teu=m.number("tonnes_per_teu", positive=True),
                             initial_teu=MappingProxyType(initial))
    mill = None
    if top.has("mill"):
        m = top.sub("mill")
        m.only("input", "output", "rate_t_per_hour", "yield", "output_to", "batch_hours",
               "hours_per_day", "start_hour")
        mill = Mill(input=_commodity(m, "input", known), output=_commodity(m, "output", known),
                    rate_t_per_hour=m.number("rate_t_per_hour", positive=True),
                    yield_=m.number("yield", positive=True, at_most=1.0),
                    output_to=m.choice("output_to", MillOutput, "mill output", default="yard"),
                    batch_hours=m.number("batch_hours", default=8.0, positive=True),
                    hours_per_day=m.number("hours_per_day", default=24.0, positive=True,
                                           at_most=24.0),
                    start_hour=m.number("start_hour", default=0.0, at_most=23.99))
        if mill.batch_hours > mill.hours_per_day:
            raise m.fail("batch_hours", f"a batch of {mill.batch_hours:g} h does not fit in "
                                        f"{mill.hours_per_day:g} working hours a day")

    unloading = []
    for m in top.items("unloading", required=False):
        handles = m.choice("handles", Handles, "cargo handled")
        rate = _unit_key(m, "rate", handles, suffix="_per_hour")
        m.only("name", "handles", "positions", str(rate), "setup_hours", "rate_cv")
        unloading.append(UnloadingGroup(
            name=m.text("name"), handles=handles, positions=m.count("positions"),
            rate_per_hour=m.number(str(rate), positive=True),
            setup_hours=m.number("setup_hours", default=0.0),
            rate_cv=m.number("rate_cv", default=0.0, at_most=3.0)))
    berths = []
    for m in top.items("berths", required=False):
        handles = m.choice("handles", Handles, "cargo handled")
        rate = _unit_key(m, "rate", handles, suffix="_per_hour")
        m.only("name", "handles", "count", str(rate), "rate_cv")
        berths.append(BerthGroup(name=m.text("name"), handles=handles, count=m.count("count"),
                                 rate_per_hour=m.number(str(rate), positive=True),
                                 rate_cv=m.number("rate_cv", default=0.0, at_most=3.0)))
    trains = []
    for i, m in enumerate(top.items("trains", required=False)):
        kind = m.choice("kind", TrainKind, "train kind")
        per_wagon = {TrainKind.HOPPER: "tonnes_per_wagon", TrainKind.CONTAINER: "teu_per_wagon"}
        other = per_wagon[TrainKind.CONTAINER if kind is TrainKind.HOPPER else TrainKind.HOPPER]
        if m.has(other):
            raise m.fail(other, f"a {kind.value} train gives {per_wagon[kind]!r} instead")
        m.only("name", "kind", "commodity", "wagons", per_wagon[kind], "arrivals", "unloading",
               "wagon_hire_usd_per_day", "free_hours", "max_hold_hours")
        trains.append(TrainService(
            name=m.text("name", default=f"train service {i + 1}"), kind=kind,
            commodity=_commodity(m, "commodity", known), wagons=m.count("wagons"),
            load_per_wagon=m.number(per_wagon[kind], positive=True),
            arrivals=_arrivals(m.sub("arrivals")),
            unloading=_named_group(m, "unloading", unloading, kind.handles, "unloading group"),
            wagon_hire_usd_per_day=m.number("wagon_hire_usd_per_day", default=0.0),
            free_hours=m.number("free_hours", default=0.0),
            max_hold_hours=m.optional("max_hold_hours", positive=False)))
    ships = []
    for i, m in enumerate(top.items("ships", required=False)):
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
        ships.append(ShipService(
            name=m.text("name", default=f"{ship_class.value} {i + 1}"), ship_class=ship_class,
            commodity=_commodity(m, "commodity", known),
            berth=_named_group(m, "berth", berths, handles, "berth group"), parcel=size,
            min_parcel=size if minimum is None else m.number(minimum, at_most=size),
            arrivals=_arrivals(m.sub("arrivals")),
            sail_after_days=m.optional("sail_after_days"),
            laytime_hours=m.optional("laytime_hours", positive=False),
            laytime_per_day=None if per_day is None else m.number(per_day, positive=True),
            demurrage_usd_per_day=m.number("demurrage_usd_per_day", default=0.0)))

    if not trains and not ships:
        raise top.fail(None, "a station needs at least one entry under 'trains' or 'ships'")
    config = StationConfig(
        name=top.text("name", default="transfer station"), silos=tuple(silos),
        unloading=tuple(unloading), berths=tuple(berths), trains=tuple(trains),
        ships=tuple(ships), container_yard=yard, mill=mill, start_month=start_month,
        source=doc.located.file)
    check(config, doc)
    return config


# ------------------------------------------------------------------------------ consistency


def check(config: StationConfig, doc: _Doc | None = None) -> None:
    """Cross-field checks: what each flow needs exists and fits. Raises StationConfigError."""

    def fail(path: Path, message: str) -> StationConfigError:
        if doc is not None:
            return doc.error(path, message)
        return StationConfigError(Problem(config.source, None, format_path(path), message))

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


def parse(text: str, *, file: str) -> StationConfig:
    """Parse and check a station from YAML ``text`` (see ``parse_station``)."""
    try:
        located = load_located(text, file=file)
    except ScenarioError as exc:
        raise StationConfigError(exc.problem) from exc
    return _parse(_Doc(located))
