"""Rates, speeds, capacities, services and emission factors: the numbers attached to the network."""

from __future__ import annotations

from dataclasses import dataclass

from landbridge.model.cargo import Unit
from landbridge.model.modes import Mode, RailService

TARIFF_MODES = ("rail", "ferry", "sea", "road")
CAPACITY_SCOPES = ("all", "bulk", "container", "ferry")


@dataclass(frozen=True, slots=True, kw_only=True)
class Tariff:
    """What a tonne pays on one national network of a mode: a fixed part and a part per tonne-km.

    ``mode`` is a mode family (rail, ferry, sea, road); ``country`` None is the default for
    networks with no row of their own.
    """

    mode: str
    country: str | None
    unit: Unit
    fixed_usd_per_t: float
    usd_per_tkm: float
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Speed:
    """Commercial speed of one rail service on a network (km per day), en-route stops included
    and border time excluded (borders are hub operations); ``p90_ratio`` is the 90th
    percentile of the running time over its mean. ``service`` None is any service."""

    mode: Mode
    country: str | None
    service: RailService | None
    km_per_day: float
    p90_ratio: float
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class EmissionFactor:
    """Greenhouse-gas intensity, tank-to-wheel and well-to-wheel (ISO 14083 / GLEC).

    Movement factors are per tonne-km; hub factors (``per`` = ``t``) per tonne handled.
    """

    key: str
    per: str
    ttw: float
    wtw: float
    description: str
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Capacity:
    """What a crossing, port, terminal or link can move in a year (tonnes)."""

    element: str
    scope: str
    tonnes_per_year: float
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Service:
    """A scheduled service (ferry line, liner, block train) and how often it departs."""

    a: str
    b: str
    mode: Mode
    service: str
    departures_per_week: float
    hours: float | None
    source: str
    note: str = ""
    via: str = ""  # a place the train passes (a border crossing), where the route is named


@dataclass(frozen=True, slots=True, kw_only=True)
class Vessel:
    """A ship class for the voyage-cost model: size, speed, daily hire and fuel burn."""

    unit: Unit
    vessel_class: str
    capacity: float  # dwt for bulk carriers, TEU for container ships
    speed_knots: float
    usd_per_day: float
    fuel_t_per_day: float
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter:
    """A model constant (fuel price, carrying-cost rate ...) with its unit and source."""

    key: str
    value: float
    unit: str
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class MarketPrice:
    """A published price of a commodity at a market, for netbacks."""

    commodity: str
    market: str
    usd_per_t: float
    basis: str
    date: str
    source: str
