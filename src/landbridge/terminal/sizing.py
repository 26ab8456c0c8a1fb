"""Sizing: sweep one resource of a station and watch where the bottleneck moves.

:func:`sweep` simulates the station once per value of one parameter (berths in a group, silo
capacity of a commodity, unloading positions in a group, container-yard slots), every variant
with the same seeds, so the differences come from the resource and not from luck (common
random numbers). Each row reports throughput, waiting by stage, demurrage and the bottleneck:
the stage where waiting costs most (see :attr:`SimReport.bottleneck`).
"""

from __future__ import annotations

import dataclasses
import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

from landbridge.errors import InvalidOptionError
from landbridge.model._choices import parse_choice
from landbridge.terminal.config import Handles, StationConfig
from landbridge.terminal.report import SimReport

__all__ = ["SizingParameter", "SizingResult", "SizingRow", "sweep", "with_parameter"]


class SizingParameter(enum.StrEnum):
    """The resource a sweep varies."""

    BERTHS = "berths"
    SILO_CAPACITY = "silo_capacity"
    UNLOADING_POSITIONS = "unloading_positions"
    YARD_SLOTS = "yard_slots"

    @property
    def unit(self) -> str:
        return {"silo_capacity": "t", "yard_slots": "TEU"}.get(self.value, "count")


@dataclass(frozen=True, slots=True, kw_only=True)
class SizingRow:
    """One variant: the value it was given (silo capacity rounded to whole cells) and its
    report."""

    value: float
    report: SimReport


@dataclass(frozen=True, slots=True, kw_only=True)
class SizingResult:
    """A one-parameter sweep: the parameter, what it applied to, and a row per value."""

    parameter: SizingParameter
    target: str
    rows: tuple[SizingRow, ...]

    def to_dict(self) -> dict[str, object]:
        out = []
        for row in self.rows:
            r = row.report
            out.append({
                "value": row.value,
                "bottleneck": r.bottleneck.value,
                "throughput_t_per_year": r.throughput_t_per_year.to_dict(0),
                "demurrage_usd_per_year": r.demurrage_usd_per_year.to_dict(0),
                "wagon_demurrage_usd_per_year": r.wagon_demurrage_usd_per_year.to_dict(0),
                "delays": [{"stage": d.stage.value, "hours_per_year": d.hours_per_year.to_dict(1),
                            "cost_usd_per_year": d.cost_usd_per_year.to_dict(0)}
                           for d in r.delays],
                "resources": [{"name": g.name, "kind": g.kind, "count": g.count,
                               "utilisation": g.utilisation.to_dict()} for g in r.resources],
                "stores": [{"name": s.name, "capacity_t": s.capacity_t,
                            "utilisation": s.utilisation.to_dict(),
                            "full_share": s.full_share.to_dict()} for s in r.stores],
            })
        return {"parameter": self.parameter.value, "unit": self.parameter.unit,
                "target": self.target, "rows": out}


def _default_target(config: StationConfig, parameter: SizingParameter) -> str:
    if parameter is SizingParameter.BERTHS:
        return next((b.name for b in config.berths if b.handles is Handles.BULK),
                    config.berths[0].name)
    if parameter is SizingParameter.UNLOADING_POSITIONS:
        return next((g.name for g in config.unloading if g.handles is Handles.BULK),
                    config.unloading[0].name)
    if parameter is SizingParameter.SILO_CAPACITY:
        if not config.silos:
            raise InvalidOptionError("silo", "", [], message="the station has no silos")
        return config.silos[0].commodity
    return "container yard"


def with_parameter(config: StationConfig, parameter: SizingParameter | str, value: float, *,
                   target: str | None = None) -> StationConfig:
    """``config`` with one resource set to ``value``; ``target`` names the berth group,
    unloading group or silo commodity (default: the first bulk one).

    Silo capacity changes the number of cells (rounded, at least one) and trims the initial
    stock to fit.

    Raises
    ------
    InvalidOptionError
        For an unknown parameter or target, or a value that is not a valid size.
    StationConfigError
        If the changed station fails its checks (e.g. silos smaller than one train).

    Examples
    --------
    >>> from landbridge.terminal.config import load_station
    >>> station = with_parameter(load_station(), "berths", 2)
    >>> [(b.name, b.count) for b in station.berths]
    [('grain berth', 2), ('container berth', 1)]
    """
    parameter = parse_choice(SizingParameter, parameter, what="sizing parameter")
    target = target or _default_target(config, parameter)
    if not (math.isfinite(value) and value > 0):
        raise InvalidOptionError(parameter.value, f"{value:g}", [],
                                 message=f"{parameter.value} must be > 0; got {value:g}")
    whole = round(value)
    if parameter in (SizingParameter.BERTHS, SizingParameter.UNLOADING_POSITIONS) and (
            whole != value):
        raise InvalidOptionError(parameter.value, f"{value:g}", [],
                                 message=f"{parameter.value} must be a whole number; "
                                 f"got {value:g}")
    if parameter is SizingParameter.BERTHS:
        names = [b.name for b in config.berths]
        if target not in names:
            raise InvalidOptionError("berth group", target, names)
        return config.replace(berths=tuple(
            dataclasses.replace(b, count=whole) if b.name == target else b
            for b in config.berths))
    if parameter is SizingParameter.UNLOADING_POSITIONS:
        names = [g.name for g in config.unloading]
        if target not in names:
            raise InvalidOptionError("unloading group", target, names)
        return config.replace(unloading=tuple(
            dataclasses.replace(g, positions=whole) if g.name == target else g
            for g in config.unloading))
    if parameter is SizingParameter.SILO_CAPACITY:
        commodities = [s.commodity for s in config.silos]
        if target not in commodities:
            raise InvalidOptionError("silo commodity", target, commodities)
        silos = []
        for s in config.silos:
            if s.commodity == target:
                cells = max(1, round(value / s.cell_capacity_t))
                s = dataclasses.replace(s, cells=cells,
                                        initial_t=min(s.initial_t, cells * s.cell_capacity_t))
            silos.append(s)
        return config.replace(silos=tuple(silos))
    yard = config.container_yard
    if yard is None:
        raise InvalidOptionError("yard_slots", f"{value:g}", [],
                                 message="the station has no container yard")
    initial = {c: q * min(1.0, value / max(sum(yard.initial_teu.values()), 1e-9))
               for c, q in yard.initial_teu.items()}
    return config.replace(container_yard=dataclasses.replace(
        yard, slots_teu=float(value), initial_teu=initial))


def _effective(config: StationConfig, parameter: SizingParameter, target: str) -> float:
    if parameter is SizingParameter.BERTHS:
        return next(b.count for b in config.berths if b.name == target)
    if parameter is SizingParameter.UNLOADING_POSITIONS:
        return next(g.positions for g in config.unloading if g.name == target)
    if parameter is SizingParameter.SILO_CAPACITY:
        silo = config.silo(target)
        assert silo is not None
        return silo.capacity_t
    assert config.container_yard is not None
    return config.container_yard.slots_teu


def sweep(config: StationConfig, parameter: SizingParameter | str, values: Sequence[float], *,
          target: str | None = None, days: float = 365.0, replications: int = 5,
          seed: int = 0, warmup_days: float = 0.0, processes: int = 1) -> SizingResult:
    """Simulate ``config`` once per value of ``parameter`` (same seeds for every value), each
    value's replications shared among ``processes`` processes as in
    :func:`~landbridge.terminal.model.simulate`.

    Raises
    ------
    InvalidOptionError
        If ``values`` is empty, or as :func:`with_parameter` and
        :func:`~landbridge.terminal.model.simulate`.

    Examples
    --------
    >>> from landbridge.terminal.config import load_station
    >>> result = sweep(load_station(), "berths", [1, 2], days=60, replications=2)
    >>> [row.value for row in result.rows], result.target
    ([1, 2], 'grain berth')
    """
    from landbridge.terminal.model import simulate

    parameter = parse_choice(SizingParameter, parameter, what="sizing parameter")
    if not values:
        raise InvalidOptionError("values", "", [], message="give at least one value to sweep")
    target = target or _default_target(config, parameter)
    variants = [with_parameter(config, parameter, v, target=target) for v in values]
    rows = tuple(
        SizingRow(value=_effective(variant, parameter, target),
                  report=simulate(variant, days=days, replications=replications, seed=seed,
                                  warmup_days=warmup_days, processes=processes))
        for variant in variants)
    return SizingResult(parameter=parameter, target=target, rows=rows)
