"""Ocean freight per tonne: a bulk voyage estimate per lane, and container rates per lane.

Bulk grain moves on a trip-chartered dry bulk carrier. For one leg of ``km`` kilometres::

    class     the largest class both ports take (port_limits.csv; supramax for a port with
              no row), ranked in bulk_classes.csv; for a lot of a given size, the smallest
              class whose parcel holds it, if that is smaller (:func:`lot_bulk_class`)
    parcel    = capacity x bulk_load_factor (vessels.csv), capped by either port's max_parcel_t,
              and by the lot if a lot charters the ship: it pays for the whole ship (the
              ship's days and calls are shared by the lot's tonnes alone)
    sea_days  = km / (speed_knots x 1.852 x 24) x ballast_factor        (paid round voyage,
              at the speed the class's hire and fuel are quoted at; the voyage's time is at
              the fleet's bulk_operating_knots, in :meth:`Rates.ocean_lane`)
    port_days = parcel / laytime_t_per_day x laytime_calendar_factor     (the class's own
              laytime rate in bulk_classes.csv, else bulk_laytime_t_per_day)
    hire      = usd_per_day x (sea_days + port_days)
    fuel      = fuel_t_per_day x sea_days x vlsfo_usd_per_t
    calls     = 2 x port_call disbursement of the class                 (ocean_charges.csv)
    passages  = laden toll of each tolled passage the leg uses (suez, panama, turkish_straits)
    war_risk  = hull_share x hull_value of the class, for each of the two ports in a war-risk
                listed area (war_risk_ports.csv; hull values in bulk_classes.csv)
    freight   = (hire + fuel + calls + passages + war_risk) / (1 - bulk_commission_share)
                / parcel

Containers pay the published spot rate of the lane where one is bundled (container_lanes.csv),
else the linear fit ``container_usd_per_teu_fixed + container_usd_per_teu_km x km``; reefers
pay ``reefer_sea_factor`` times that, and ``container_t_per_teu`` turns a box into tonnes.

Every figure is a cited row of ``vessels.csv``, ``parameters.csv`` or the tables named above;
this module only combines them. The tables are read once and cached (bundled data only: a data
overlay does not reach them yet).
"""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from landbridge.data import RowReader, read_table
from landbridge.errors import DataError, NetworkDataError, Problem
from landbridge.model.cargo import Unit
from landbridge.model.costs import Vessel
from landbridge.model.modes import Passage
from landbridge.network.network import Network

__all__ = [
    "BulkLane",
    "BulkVoyage",
    "Charge",
    "OceanTables",
    "bulk_lane",
    "bulk_voyage",
    "container_lane_usd_per_teu",
    "container_usd_per_teu",
    "lane_vessel_class",
    "lot_bulk_class",
    "ocean_tables",
]

KNOT_KM_PER_H = 1.852
#: A voyage calls at two ports: it loads at one and discharges at the other.
CALLS_PER_VOYAGE = 2
#: Used for a port with no row in port_limits.csv: the class the model used on every lane
#: before port limits were tabled.
DEFAULT_BULK_CLASS = "supramax"


class Charge(enum.StrEnum):
    """A lump sum a bulk voyage pays: per port call, or per laden transit of a passage."""

    PORT_CALL = "port_call"
    SUEZ = "suez"
    PANAMA = "panama"
    TURKISH_STRAITS = "turkish_straits"


#: The passages that charge a toll, and the charge each one levies.
TOLLED_PASSAGES: Mapping[Passage, Charge] = MappingProxyType({
    Passage.SUEZ: Charge.SUEZ,
    Passage.PANAMA: Charge.PANAMA,
    Passage.BOSPORUS: Charge.TURKISH_STRAITS,
})


@dataclass(frozen=True, slots=True)
class OceanTables:
    """The ocean-freight tables: class ranks, own laytime rates and hull values, port limits,
    lump-sum charges, war-risk ports, container lanes."""

    class_rank: Mapping[str, int]
    class_laytime_t_per_day: Mapping[str, float]
    class_hull_value_usd: Mapping[str, float]
    port_class: Mapping[str, str]
    port_parcel_t: Mapping[str, float]
    charges: Mapping[tuple[Charge, str], float]
    war_risk_share: Mapping[str, float]  # port id: additional premium per call, share of hull
    container_lanes: Mapping[tuple[str, str], float]


@dataclass(frozen=True, slots=True)
class BulkVoyage:
    """One bulk leg costed: the vessel class, its days, and each part of the freight in USD."""

    vessel_class: str
    parcel_t: float
    sea_days: float
    port_days: float
    hire_usd: float
    fuel_usd: float
    port_calls_usd: float
    passages_usd: float
    war_risk_usd: float
    commission_usd: float

    @property
    def total_usd(self) -> float:
        return (self.hire_usd + self.fuel_usd + self.port_calls_usd + self.passages_usd
                + self.war_risk_usd + self.commission_usd)

    @property
    def usd_per_t(self) -> float:
        return self.total_usd / self.parcel_t

    def to_dict(self) -> dict[str, float | str]:
        return {
            "vessel_class": self.vessel_class,
            "parcel_t": self.parcel_t,
            "sea_days": self.sea_days,
            "port_days": self.port_days,
            "hire_usd": self.hire_usd,
            "fuel_usd": self.fuel_usd,
            "port_calls_usd": self.port_calls_usd,
            "passages_usd": self.passages_usd,
            "war_risk_usd": self.war_risk_usd,
            "commission_usd": self.commission_usd,
            "usd_per_t": self.usd_per_t,
        }


# --- tables ------------------------------------------------------------------------------------
@functools.cache
def ocean_tables(directory: Path | None = None) -> OceanTables:
    """The ocean tables of ``directory`` (the bundled data by default), checked and read-only.

    Raises
    ------
    NetworkDataError
        If any row is malformed; ``problems`` lists every one (each row must cite a source).

    Examples
    --------
    >>> ocean_tables().port_class["VNHPH"]
    'handysize'
    """
    problems: list[Problem] = []
    rank: dict[str, int] = {}
    laytime: dict[str, float] = {}
    hull: dict[str, float] = {}
    for reader in _readers("bulk_classes.csv", directory, problems):
        reader.source()
        cls = reader.text("vessel_class")
        rank[cls] = int(reader.number("rank", minimum=1))
        hull[cls] = reader.number("hull_value_usd", minimum=0)
        rate = reader.number("laytime_t_per_day", minimum=1, required=False)
        if not math.isnan(rate):
            laytime[cls] = rate
    ports: dict[str, str] = {}
    parcels: dict[str, float] = {}
    for reader in _readers("port_limits.csv", directory, problems):
        reader.source()
        place, cls = reader.text("place"), reader.text("max_bulk_class")
        if cls not in rank:
            reader.problem("max_bulk_class", f"{cls!r} is not a class of bulk_classes.csv")
        ports[place] = cls
        parcel = reader.number("max_parcel_t", required=False)
        if not math.isnan(parcel):
            parcels[place] = parcel
    charges: dict[tuple[Charge, str], float] = {}
    for reader in _readers("ocean_charges.csv", directory, problems):
        reader.source()
        charge = reader.choice("charge", Charge)
        cls = reader.text("vessel_class")
        if cls not in rank:
            reader.problem("vessel_class", f"{cls!r} is not a class of bulk_classes.csv")
        if charge is not None:
            charges[(charge, cls)] = reader.number("usd")
    war_risk: dict[str, float] = {}
    for reader in _readers("war_risk_ports.csv", directory, problems):
        reader.source()
        share = reader.number("hull_share", minimum=0)
        if share >= 1:
            reader.problem("hull_share", f"{share} is not a share of the hull value (below 1)")
        war_risk[reader.text("place")] = share
    lanes: dict[tuple[str, str], float] = {}
    for reader in _readers("container_lanes.csv", directory, problems):
        reader.source()
        lanes[(reader.text("lane_from"), reader.text("lane_to"))] = reader.number("usd_per_teu")
    for charge in Charge:
        for cls in rank:
            if (charge, cls) not in charges:
                problems.append(Problem("ocean_charges.csv", None, "charge",
                                        f"no {charge.value} row for {cls}"))
    if problems:
        raise NetworkDataError(problems)
    return OceanTables(MappingProxyType(rank), MappingProxyType(laytime), MappingProxyType(hull),
                       MappingProxyType(ports), MappingProxyType(parcels),
                       MappingProxyType(charges), MappingProxyType(war_risk),
                       MappingProxyType(lanes))


def _readers(name: str, directory: Path | None,
             problems: list[Problem]) -> Iterable[RowReader]:
    for line, row in read_table(name, directory):
        reader = RowReader(name, line, row)
        yield reader
        problems.extend(reader.problems)


# --- bulk --------------------------------------------------------------------------------------
def lane_vessel_class(origin: str | None, destination: str | None,
                      tables: OceanTables | None = None, *,
                      largest: str | None = None) -> str:
    """The largest bulk class both ports of a lane take: the smaller of the two port limits,
    and no larger than ``largest`` if given (the class a lot needs, :func:`lot_bulk_class`).

    Examples
    --------
    >>> lane_vessel_class("CNLYG", "VNHPH")
    'handysize'
    >>> lane_vessel_class("USKAM", "JPYOK")
    'panamax'
    >>> lane_vessel_class("USKAM", "JPYOK", largest="coaster")
    'coaster'
    """
    tables = tables or ocean_tables()
    limits = [tables.port_class.get(p, DEFAULT_BULK_CLASS) for p in (origin, destination)
              if p is not None] or [DEFAULT_BULK_CLASS]
    if largest is not None:
        limits.append(largest)
    return min(limits, key=lambda cls: tables.class_rank[cls])


def lot_bulk_class(network: Network, tonnes: float | None,
                   tables: OceanTables | None = None) -> str | None:
    """The smallest bulk class whose parcel (capacity x ``bulk_load_factor``) holds a lot of
    ``tonnes``: the largest class the lot is worth chartering at sea.

    None when no size is given, or when the lot is above every class's parcel: it then sails
    on the largest class each lane takes, in as many voyages as it needs, at that class's
    freight per tonne.

    Examples
    --------
    >>> import landbridge
    >>> network = landbridge.load_network()
    >>> [lot_bulk_class(network, t) for t in (5000, 20000, 60000, 1e6, None)]
    ['coaster', 'handysize', 'panamax', None, None]
    """
    if tonnes is None:
        return None
    tables = tables or ocean_tables()
    load_factor = network.parameter("bulk_load_factor")
    for cls in sorted(tables.class_rank, key=tables.class_rank.__getitem__):
        if tonnes <= _bulk_vessel(network, cls).capacity * load_factor:
            return cls
    return None


def bulk_voyage(network: Network, km: float, *, origin: str | None = None,
                destination: str | None = None, passages: Iterable[Passage] = (),
                lot_t: float | None = None) -> BulkVoyage:
    """Cost one bulk grain leg of ``km`` between two ocean ports (ids from places.csv).

    ``origin``/``destination`` choose the vessel class through the port limits; a lot of
    ``lot_t`` tonnes that charters the ship takes the smallest class that holds it and pays
    for the whole ship (see :func:`bulk_lane`); ``passages`` (as
    :class:`~landbridge.network.sea.SeaLeg` reports them) add the canal and strait tolls.

    Raises
    ------
    ValueError
        If ``km`` is negative or not finite.

    Examples
    --------
    >>> import landbridge
    >>> leg = bulk_voyage(landbridge.load_network(), 8029, origin="USKAM", destination="JPYOK")
    >>> leg.vessel_class, round(leg.usd_per_t)
    ('panamax', 22)
    >>> small = bulk_voyage(landbridge.load_network(), 8029, origin="USKAM",
    ...                     destination="JPYOK", lot_t=20_000)
    >>> small.vessel_class, small.parcel_t, small.usd_per_t > leg.usd_per_t
    ('handysize', 20000, True)
    """
    if not math.isfinite(km) or km < 0:
        raise ValueError(f"sea distance must be a finite, non-negative number of km, not {km}")
    return bulk_lane(network, origin=origin, destination=destination,
                     passages=passages, lot_t=lot_t).voyage(km)


@dataclass(frozen=True, slots=True, kw_only=True)
class BulkLane:
    """What a bulk leg's freight depends on besides its distance: the vessel both ports take,
    the parcel, the tolls of the passages it uses, and the charter market's parameters.

    One lane costs many distances at once (:meth:`usd_per_t`), each exactly as
    :meth:`voyage` costs it alone.
    """

    vessel: Vessel
    parcel_t: float
    ballast_factor: float
    laytime_t_per_day: float
    laytime_calendar_factor: float
    fuel_usd_per_t: float
    port_call_usd: float
    tolls_usd: float
    war_risk_usd: float
    commission_share: float

    def voyage(self, km: float) -> BulkVoyage:
        """The leg of ``km`` with each part of its freight."""
        sea_days, port_days, hire, fuel, calls, _, commission = self._parts(np.array([km]))
        return BulkVoyage(self.vessel.vessel_class, self.parcel_t, float(sea_days[0]),
                          port_days, float(hire[0]), float(fuel[0]), calls, self.tolls_usd,
                          self.war_risk_usd, float(commission[0]))

    def usd_per_t(self, km: NDArray[np.float64]) -> NDArray[np.float64]:
        """The freight per tonne of a leg of each distance in ``km``."""
        _, _, _, _, _, costs, commission = self._parts(km)
        # the sum BulkVoyage.total_usd takes, in its order: costs are its first four parts
        per_t: NDArray[np.float64] = (costs + commission) / self.parcel_t
        return per_t

    def _parts(self, km: NDArray[np.float64]) -> tuple[
            NDArray[np.float64], float, NDArray[np.float64], NDArray[np.float64], float,
            NDArray[np.float64], NDArray[np.float64]]:
        """Sea days, port days, hire, fuel, port calls, costs before commission, commission
        (USD) of legs of ``km``: the arithmetic of the module docstring, element by element."""
        vessel = self.vessel
        sea_days = km / (vessel.speed_knots * KNOT_KM_PER_H * 24.0) * self.ballast_factor
        port_days = self.parcel_t / self.laytime_t_per_day * self.laytime_calendar_factor
        hire = vessel.usd_per_day * (sea_days + port_days)
        fuel = vessel.fuel_t_per_day * sea_days * self.fuel_usd_per_t
        calls = CALLS_PER_VOYAGE * self.port_call_usd
        costs = hire + fuel + calls + self.tolls_usd + self.war_risk_usd
        commission = costs * self.commission_share / (1.0 - self.commission_share)
        return sea_days, port_days, hire, fuel, calls, costs, commission


def bulk_lane(network: Network, *, origin: str | None = None, destination: str | None = None,
              passages: Iterable[Passage] = (), lot_t: float | None = None) -> BulkLane:
    """The lane between two ocean ports (ids from places.csv) that uses ``passages``: its vessel
    class through the port limits, its parcel, the tolls of its passages, and the war-risk
    premium of each call in a listed area.

    A lot of ``lot_t`` tonnes that charters its own ship sails on the smallest class that holds
    it (:func:`lot_bulk_class`, within the port limits) and carries only itself: the parcel is
    the lot, so the ship's sea days, calls and tolls are shared by the lot's tonnes alone (a
    voyage charter's dead freight), and its laytime runs on the lot. A lot larger than the
    lane's parcel fills whole parcels, in as many voyages as it needs.

    Examples
    --------
    >>> import landbridge
    >>> lane = bulk_lane(landbridge.load_network(), origin="USKAM", destination="JPYOK")
    >>> lane.vessel.vessel_class, lane.tolls_usd
    ('panamax', 0)
    """
    tables = ocean_tables()
    vessel_class = lane_vessel_class(origin, destination, tables,
                                     largest=lot_bulk_class(network, lot_t, tables))
    vessel = _bulk_vessel(network, vessel_class)
    tolls = [tables.charges[(TOLLED_PASSAGES[p], vessel_class)]
             for p in sorted(set(passages)) if p in TOLLED_PASSAGES]
    limits = [tables.port_parcel_t[p] for p in (origin, destination)
              if p is not None and p in tables.port_parcel_t]
    return BulkLane(
        vessel=vessel,
        parcel_t=min([vessel.capacity * network.parameter("bulk_load_factor"), *limits,
                      *([lot_t] if lot_t is not None else [])]),
        ballast_factor=network.parameter("ballast_factor"),
        laytime_t_per_day=tables.class_laytime_t_per_day.get(
            vessel_class, network.parameter("bulk_laytime_t_per_day")),
        laytime_calendar_factor=network.parameter("laytime_calendar_factor"),
        fuel_usd_per_t=network.parameter("vlsfo_usd_per_t"),
        port_call_usd=tables.charges[(Charge.PORT_CALL, vessel_class)],
        tolls_usd=sum(tolls),
        war_risk_usd=sum(tables.war_risk_share.get(p, 0.0) for p in {origin, destination}
                         if p is not None) * tables.class_hull_value_usd[vessel_class],
        commission_share=network.parameter("bulk_commission_share"),
    )


def _bulk_vessel(network: Network, vessel_class: str) -> Vessel:
    for vessel in network.vessels:
        if vessel.unit is Unit.BULK and vessel.vessel_class == vessel_class:
            return vessel
    raise DataError(Problem("vessels.csv", None, "vessel_class",
                            f"no bulk vessel row for {vessel_class!r} (bulk_classes.csv names it)"))


# --- containers --------------------------------------------------------------------------------
def container_usd_per_teu(network: Network, km: float, *, origin: str | None = None,
                          destination: str | None = None) -> float:
    """The dry-box rate of a lane: its published spot rate if bundled, else the distance fit.

    Examples
    --------
    >>> import landbridge
    >>> container_usd_per_teu(landbridge.load_network(), 4091, origin="CNSHA",
    ...                       destination="SGSIN")
    293.0
    """
    return float(container_lane_usd_per_teu(network, np.array([km]), origin=origin,
                                            destination=destination)[0])


def container_lane_usd_per_teu(network: Network, km: NDArray[np.float64], *,
                               origin: str | None = None,
                               destination: str | None = None) -> NDArray[np.float64]:
    """:func:`container_usd_per_teu` of legs of each distance in ``km`` on one lane.

    Examples
    --------
    >>> import landbridge
    >>> network = landbridge.load_network()
    >>> km = np.array([4091.0, 9000.0])
    >>> container_lane_usd_per_teu(network, km, origin="CNSHA", destination="SGSIN").tolist()
    [293.0, 293.0]
    >>> bool(container_lane_usd_per_teu(network, km)[0]
    ...      == container_usd_per_teu(network, 4091.0))
    True
    """
    published = ocean_tables().container_lanes.get((origin or "", destination or ""))
    if published is not None:
        return np.full(km.shape, published)
    fit: NDArray[np.float64] = (network.parameter("container_usd_per_teu_fixed")
                                + network.parameter("container_usd_per_teu_km") * km)
    return fit
