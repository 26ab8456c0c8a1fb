"""Processing, mills, product prices and import duties: the tables the whole chain reads.

Four bundled tables, each row cited (``processing.csv``, ``mills.csv``, ``product_prices.csv``,
``duties.csv``), read into frozen records, checked, cached and returned read-only.
"""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from landbridge.data import RowReader, read_table
from landbridge.errors import InvalidOptionError, NetworkDataError, Problem

__all__ = [
    "ChainTables",
    "Duty",
    "Mill",
    "Price",
    "Process",
    "Regime",
    "chain_tables",
]

T = TypeVar("T")

#: How far the outputs of a process may fall short of its input (moisture, screenings, dust)
#: before the row is taken for a typing error: yields summing above 1 are always wrong.
_MAX_LOSS = 0.2


class Regime(enum.StrEnum):
    """Which duty applies to an import: the most-favoured-nation rate, a tariff-rate quota's
    in- or out-of-quota rate, or bonded processing for re-export (no duty, no quota)."""

    MFN = "mfn"
    IN_QUOTA = "in_quota"
    OUT_OF_QUOTA = "out_of_quota"
    BONDED_REEXPORT = "bonded_reexport"


@dataclass(frozen=True, slots=True, kw_only=True)
class Process:
    """One tonne of ``input`` becomes ``yield_`` tonnes of ``output`` and, per by-product,
    its yield in tonnes; cost, energy and CO2e are per tonne of input."""

    id: str
    input: str
    output: str
    yield_: float
    byproducts: tuple[tuple[str, float], ...]
    cost_usd_per_t: float
    energy_kwh_per_t: float
    co2e_kg_per_t: float
    output_unit: str
    source: str
    note: str = ""

    @property
    def outputs(self) -> dict[str, float]:
        """Tonnes of each product per tonne of input, the main output first."""
        return {self.output: self.yield_, **dict(self.byproducts)}

    @property
    def loss(self) -> float:
        """Tonnes per tonne of input that leave as no product (moisture, screenings)."""
        return 1.0 - sum(self.outputs.values())


@dataclass(frozen=True, slots=True, kw_only=True)
class Mill:
    """A plant at a place that runs a process, with its yearly capacity in tonnes of input.
    ``scenario_only`` mills (a proposal) are used only when asked for."""

    place: str
    name: str
    process: str
    capacity_t_per_year: float
    cost_usd_per_t: float | None
    scenario_only: bool
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Price:
    """A product's price at a place: a place id, an area id, or a country's ISO code."""

    commodity: str
    place: str
    usd_per_t: float
    basis: str
    date: str
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Duty:
    """An import duty: ``rate_pct`` of the customs value, for ``commodity`` into ``country``
    under ``regime``; ``quota_t`` is the tariff-rate quota where there is one."""

    country: str
    hs_code: str
    commodity: str
    regime: Regime
    rate_pct: float
    quota_t: float | None
    date: str
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class ChainTables:
    """The four tables, read-only."""

    processes: Mapping[str, Process]
    mills: tuple[Mill, ...]
    prices: tuple[Price, ...]
    duties: tuple[Duty, ...]

    def process(self, input_: str, output: str) -> Process:
        """The process that turns ``input_`` into ``output``.

        Raises
        ------
        InvalidOptionError
            If no process does; the message lists the ones there are.
        """
        for p in self.processes.values():
            if p.input == input_ and p.output == output:
                return p
        choices = [f"{p.input} -> {p.output}" for p in self.processes.values()]
        raise InvalidOptionError("process", f"{input_} -> {output}", choices,
                                 message=f"no process turns {input_} into {output}; "
                                         f"the bundled ones are: {', '.join(choices)}")

    def price(self, commodity: str, places: tuple[str, ...]) -> Price | None:
        """The first price of ``commodity`` found at any of ``places`` (most specific first)."""
        for where in places:
            for p in self.prices:
                if p.commodity == commodity and p.place == where:
                    return p
        return None

    def duty(self, country: str, commodity: str, regime: Regime | None = None) -> Duty | None:
        """The duty on ``commodity`` into ``country``: under ``regime``, or else the MFN rate,
        else the in-quota rate (a trader selling into a quota country holds an allocation)."""
        rows = [d for d in self.duties if d.country == country and d.commodity == commodity]
        order = [regime] if regime is not None else [Regime.MFN, Regime.IN_QUOTA]
        for wanted in order:
            for d in rows:
                if d.regime is wanted:
                    return d
        return None


def _process(r: RowReader) -> Process:
    byproducts: list[tuple[str, float]] = []
    for item in r.names("byproducts"):
        name, _, share = item.partition(":")
        try:
            value = float(share)
        except ValueError:
            r.problem("byproducts", f"{item!r} is not 'product:yield'")
            continue
        byproducts.append((name.strip(), value))
    process = Process(
        id=r.text("id"), input=r.text("input"), output=r.text("output"),
        yield_=r.number("yield"), byproducts=tuple(byproducts),
        cost_usd_per_t=r.number("cost_usd_per_t_input"),
        energy_kwh_per_t=r.number("energy_kwh_per_t_input"),
        co2e_kg_per_t=r.number("co2e_kg_per_t_input"),
        output_unit=r.text("output_unit"), source=r.source(),
        note=r.text("note", required=False))
    if math.isfinite(process.loss) and not 0.0 <= process.loss <= _MAX_LOSS:
        r.problem("yield", f"outputs add up to {1.0 - process.loss:.3f} t per t of input; "
                           f"they must lie between {1.0 - _MAX_LOSS:g} and 1")
    return process


def _mill(r: RowReader) -> Mill:
    cost = r.number("cost_usd_per_t_input", required=False)
    flag = r.text("scenario_only")
    if flag not in ("yes", "no"):
        r.problem("scenario_only", f"{flag!r} is not yes or no")
    return Mill(place=r.text("place"), name=r.text("name"), process=r.text("process"),
                capacity_t_per_year=r.number("capacity_t_per_year"),
                cost_usd_per_t=None if math.isnan(cost) else cost,
                scenario_only=flag == "yes", source=r.source(),
                note=r.text("note", required=False))


def _price(r: RowReader) -> Price:
    return Price(commodity=r.text("commodity"), place=r.text("place"),
                 usd_per_t=r.number("usd_per_t"), basis=r.text("basis"), date=r.text("date"),
                 source=r.source(), note=r.text("note", required=False))


def _duty(r: RowReader) -> Duty | None:
    regime = r.choice("regime", Regime)
    quota = r.number("quota_t", required=False)
    if regime is None:
        return None
    return Duty(country=r.text("country"), hs_code=r.text("hs_code"),
                commodity=r.text("commodity"), regime=regime,
                rate_pct=r.number("rate_pct"), quota_t=None if math.isnan(quota) else quota,
                date=r.text("date"), source=r.source(), note=r.text("note", required=False))


def _read(name: str, directory: Path | None, build: Callable[[RowReader], T | None],
          problems: list[Problem]) -> list[T]:
    out: list[T] = []
    for line, row in read_table(name, directory):
        reader = RowReader(name, line, row)
        item = build(reader)
        problems.extend(reader.problems)
        if item is not None:
            out.append(item)
    return out


@functools.cache
def chain_tables(directory: Path | None = None) -> ChainTables:
    """The processing, mill, price and duty tables (bundled by default), checked and cached.

    Raises
    ------
    NetworkDataError
        If a row is malformed; every problem is listed with file, line and field.

    Examples
    --------
    >>> tables = chain_tables()
    >>> tables.process("wheat", "flour").outputs
    {'flour': 0.75, 'bran': 0.25}
    """
    problems: list[Problem] = []
    processes = _read("processing.csv", directory, _process, problems)
    mills = _read("mills.csv", directory, _mill, problems)
    prices = _read("product_prices.csv", directory, _price, problems)
    duties = _read("duties.csv", directory, _duty, problems)
    known = {p.id for p in processes}
    for mill in mills:
        if mill.process not in known:
            problems.append(Problem("mills.csv", None, "process",
                                    f"{mill.process!r} is not a process in processing.csv"))
    if problems:
        raise NetworkDataError(problems)
    return ChainTables(processes=MappingProxyType({p.id: p for p in processes}),
                       mills=tuple(mills), prices=tuple(prices), duties=tuple(duties))
