"""A route as an ISO 14083 transport chain in the iLEAP data model.

iLEAP (SINE Foundation / Smart Freight Centre, https://sine-fdn.github.io/ileap-extension/)
exchanges logistics emissions as a ``ShipmentFootprint``: one transport chain element (TCE)
per leg and per hub operation, each pointing at a transport operation category (TOC) or a
hub operation category (HOC) that carries the CO2e intensity. The ShipmentFootprint travels
inside a PACT ``ProductFootprint`` as a data model extension; TOCs and HOCs are listed beside it.

Units follow the iLEAP specification's example ShipmentFootprint: mass in kilograms,
transport activity in tonne-kilometres, emissions in kg CO2e, TOC intensities in kg CO2e per
tonne-km and HOC intensities in kg CO2e per tonne handled. Numbers are decimal strings.

The figures are modelled from default emission factors (``emission_factors.csv``), not
measured: every category says which factor it uses and the factor's source.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from landbridge.model.costs import EmissionFactor
from landbridge.model.operations import Operation
from landbridge.model.places import Place
from landbridge.network.network import Network
from landbridge.planning.results import Leg, Route

__all__ = [
    "DATA_SCHEMA",
    "ChainElement",
    "OperationCategory",
    "ShipmentFootprint",
    "footprint",
]

#: Where the iLEAP extension's schema and documentation live (as the specification names them).
DATA_SCHEMA = "https://api.ileap.sine.dev/shipment-footprint.json"
DOCUMENTATION = "https://sine-fdn.github.io/ileap-extension/"
PACT_SPEC_VERSION = "2.0.0"
# The iLEAP specification's example ShipmentFootprint files logistics under this UN CPC code.
PRODUCT_CATEGORY_CPC = "83117"

_ILEAP_MODE = {"rail": "Rail", "road": "Road", "sea": "Sea", "ferry": "Sea"}
_PORT_OPERATIONS = frozenset({Operation.RAIL_TO_SHIP, Operation.SHIP_DISCHARGE})
_NAMESPACE = uuid.UUID("6f2d0c1e-4b7a-5c3e-9a51-1c0de5ee14e0")  # landbridge's own uuid5 space


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationCategory:
    """A TOC (``kind`` ``toc``: intensity per tonne-km) or a HOC (``hoc``: per tonne handled).

    ``factor`` is the emission factor's key in ``emission_factors.csv``; None for a hub
    operation that moves no cargo between vehicles (a border check), which emits nothing here.
    """

    id: str
    kind: str
    mode: str | None  # the iLEAP transport mode of a TOC
    hub_type: str | None  # the iLEAP hub type of a HOC
    ttw: float
    wtw: float
    factor: str | None
    description: str
    source: str

    def to_dict(self) -> dict[str, object]:
        common: dict[str, object] = {
            "co2eIntensityWTW": _decimal(self.wtw, 6),
            "co2eIntensityTTW": _decimal(self.ttw, 6),
            # Left empty on purpose. An iLEAP energy carrier is a fuel (Diesel, HFO, Electric
            # ...) with its emission factors per unit of energy and, optionally, the energy used
            # per tonne-km. emission_factors.csv holds CO2e per tonne-km only (DESNZ, GLEC, RZD),
            # several rows blend traction types (rail_average), and no cited per-MJ fuel factor
            # (GLEC v3 default energy factors) was found to put beside them; inventing one would
            # break the rule that every figure cites its source. The schema allows an empty list.
            "energyCarriers": [],
            "isVerified": False,
            "isAccredited": False,
            "description": f"{self.description}. Emission factor: {self.factor or 'none'}; "
                           f"source: {self.source}",
        }
        if self.kind == "toc":
            return {"tocId": self.id, "mode": self.mode, "co2eIntensityThroughput": "tkm",
                    **common}
        return {"hocId": self.id, "hubType": self.hub_type,
                "co2eIntensityThroughput": "tonnes", **common}


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainElement:
    """One transport chain element: a leg (``category`` a TOC) or a hub operation (a HOC).

    ``distance_type`` is the GLEC distance type: ``sfd`` (shortest feasible distance on the
    modelled network or sea lanes) for a leg, ``actual`` (zero) for a hub operation.
    Emissions are for the whole shipment, in kg CO2e.
    """

    id: str
    category: OperationCategory
    start: Place
    end: Place
    tonnes: float
    distance_km: float
    distance_type: str
    tonne_km: float
    co2e_ttw_kg: float
    co2e_wtw_kg: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ShipmentFootprint:
    """The route's transport chain: elements in order and the categories they refer to."""

    shipment_id: str
    description: str
    tonnes: float
    elements: tuple[ChainElement, ...]
    categories: tuple[OperationCategory, ...]
    factor_table_version: str

    @property
    def co2e_ttw_kg(self) -> float:
        return math.fsum(e.co2e_ttw_kg for e in self.elements)

    @property
    def co2e_wtw_kg(self) -> float:
        return math.fsum(e.co2e_wtw_kg for e in self.elements)

    @property
    def tonne_km(self) -> float:
        return math.fsum(e.tonne_km for e in self.elements)

    def shipment(self) -> dict[str, object]:
        """The iLEAP ``ShipmentFootprint`` itself."""
        tces: list[dict[str, object]] = []
        previous: str | None = None
        for element in self.elements:
            key = "tocId" if element.category.kind == "toc" else "hocId"
            tce: dict[str, object] = {
                "tceId": element.id,
                "prevTceIds": [previous] if previous else [],
                key: element.category.id,
                "shipmentId": self.shipment_id,
                "mass": _decimal(element.tonnes * 1000.0, 1),
                "distance": {element.distance_type: _decimal(element.distance_km, 1)},
                "origin": _location(element.start),
                "destination": _location(element.end),
                "transportActivity": _decimal(element.tonne_km, 3),
                "co2eWTW": _decimal(element.co2e_wtw_kg, 3),
                "co2eTTW": _decimal(element.co2e_ttw_kg, 3),
            }
            tces.append(tce)
            previous = element.id
        return {"mass": _decimal(self.tonnes * 1000.0, 1), "shipmentId": self.shipment_id,
                "tces": tces}

    def product_footprint(self, *, created: dt.datetime | None = None,
                          company: str = "landbridge") -> dict[str, object]:
        """The PACT ``ProductFootprint`` that carries the ShipmentFootprint as its extension.

        Its ``pcf`` is declared per ``ton kilometer`` and holds the shipment's WTW total, as
        the iLEAP specification's example does. ``created`` defaults to now (UTC).
        """
        when = (created or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
        shipment = self.shipment()
        fingerprint = json.dumps(shipment, sort_keys=True)
        total_wtw = _decimal(self.co2e_wtw_kg, 3)
        return {
            "id": str(uuid.uuid5(_NAMESPACE, fingerprint)),
            "specVersion": PACT_SPEC_VERSION,
            "version": 0,
            "created": _timestamp(when),
            "status": "Active",
            "companyName": company,
            "companyIds": [f"urn:uuid:{uuid.uuid5(_NAMESPACE, company)}"],
            "productDescription": f"Logistics emissions of shipment {self.shipment_id}: "
                                  f"{self.description}",
            "productIds": ["urn:pathfinder:product:customcode:vendor-assigned:shipment:"
                           + self.shipment_id],
            "productCategoryCpc": PRODUCT_CATEGORY_CPC,
            "productNameCompany": f"Shipment {self.shipment_id}",
            "comment": "Modelled by landbridge (ISO 14083 / GLEC transport chain) from default "
                       "emission factors, not primary data; each TOC and HOC names its "
                       "factor's source.",
            "pcf": {
                "declaredUnit": "ton kilometer",
                "unitaryProductAmount": _decimal(max(self.tonne_km, 0.001), 3),
                "pCfExcludingBiogenic": total_wtw,
                "fossilGhgEmissions": total_wtw,
                "fossilCarbonContent": "0",
                "biogenicCarbonContent": "0",
                "characterizationFactors": "AR5",
                "ipccCharacterizationFactorsSources": ["AR5"],
                "crossSectoralStandardsUsed": [],
                "boundaryProcessesDescription": "ISO 14083 transport chain: well-to-wheel "
                                                "CO2e of every leg and hub operation",
                "referencePeriodStart": _timestamp(dt.datetime(when.year, 1, 1, tzinfo=dt.UTC)),
                "referencePeriodEnd": _timestamp(dt.datetime(when.year + 1, 1, 1,
                                                             tzinfo=dt.UTC)),
                "secondaryEmissionFactorSources": [
                    {"name": "landbridge emission_factors.csv",
                     "version": self.factor_table_version}],
                "exemptedEmissionsPercent": 0.0,
                "exemptedEmissionsDescription": "",
                "packagingEmissionsIncluded": False,
                "primaryDataShare": 0.0,
            },
            "extensions": [{"specVersion": PACT_SPEC_VERSION, "dataSchema": DATA_SCHEMA,
                            "documentation": DOCUMENTATION, "data": shipment}],
        }

    def to_dict(self, *, created: dt.datetime | None = None) -> dict[str, object]:
        """The exchange document: the PACT footprint, and the TOCs and HOCs it refers to."""
        return {
            "productFootprint": self.product_footprint(created=created),
            "tocs": [c.to_dict() for c in self.categories if c.kind == "toc"],
            "hocs": [c.to_dict() for c in self.categories if c.kind == "hoc"],
        }


def footprint(route: Route, network: Network, *, shipment_id: str | None = None) -> (
        ShipmentFootprint):
    """The iLEAP ShipmentFootprint of ``route`` for its ``tonnes``.

    Each leg's emission factor is the one of ``network.emission_factors`` whose intensity the
    leg has (its CO2e per tonne over its distance); each hub operation's, the per-tonne
    handling factor it carries (none for a border check).
    """
    from landbridge import __version__

    sid = shipment_id or _shipment_id(route)
    factors = network.emission_factors
    categories: dict[str, OperationCategory] = {}
    elements: list[ChainElement] = []
    for index, leg in enumerate(route.legs, start=1):
        category = _category(leg, route.unit, factors)
        category = categories.setdefault(category.id, category)
        moving = leg.operation is None
        km = leg.distance_km if moving else 0.0
        elements.append(ChainElement(
            id=f"{sid}-{index:02d}", category=category, start=leg.start, end=leg.end,
            tonnes=route.tonnes, distance_km=km, distance_type="sfd" if moving else "actual",
            tonne_km=route.tonnes * km, co2e_ttw_kg=leg.co2e_ttw * route.tonnes,
            co2e_wtw_kg=leg.co2e_wtw * route.tonnes))
    description = (f"{route.tonnes:,.0f} t ({route.consignment}, {route.unit}) from "
                   f"{route.start.name} to {route.end.name}: {route.summary}")
    return ShipmentFootprint(shipment_id=sid, description=description, tonnes=route.tonnes,
                             elements=tuple(elements), categories=tuple(categories.values()),
                             factor_table_version=__version__)


def _shipment_id(route: Route) -> str:
    """Short and stable: the end points, and a digest of the stops and unit between them."""
    stops = "-".join([route.unit, route.start.id, *(p.id for p in route.via), route.end.id])
    return f"{route.start.id}-{route.end.id}-{uuid.uuid5(_NAMESPACE, stops).hex[:8]}"


def _category(leg: Leg, unit: str, factors: Mapping[str, EmissionFactor]) -> OperationCategory:
    if leg.operation is None:
        factor = _matching([f for f in factors.values() if f.per == "tkm"],
                           leg.co2e_ttw / leg.distance_km if leg.distance_km else 0.0,
                           leg.co2e_wtw / leg.distance_km if leg.distance_km else 0.0)
        mode = _ILEAP_MODE[leg.mode]
        if factor is None:
            return OperationCategory(
                id=f"landbridge-{leg.mode}-mixed", kind="toc", mode=mode,
                ttw=_ratio(leg.co2e_ttw, leg.distance_km),
                wtw=_ratio(leg.co2e_wtw, leg.distance_km), hub_type=None, factor=None,
                description=f"{leg.mode}, several emission factors along the leg",
                source="see emission_factors.csv")
        return OperationCategory(id=f"landbridge-{factor.key}", kind="toc", mode=mode,
                                 hub_type=None, ttw=factor.ttw, wtw=factor.wtw,
                                 factor=factor.key, description=factor.description,
                                 source=factor.source)
    hub_type = ("maritimeContainerterminal" if unit != "bulk" and leg.operation in
                _PORT_OPERATIONS else "transshipment")
    if leg.co2e_wtw == 0.0 and leg.co2e_ttw == 0.0:
        return OperationCategory(id=f"landbridge-{leg.operation.value}", kind="hoc", mode=None,
                                 hub_type=hub_type, ttw=0.0, wtw=0.0, factor=None,
                                 description=f"{leg.operation.value.replace('_', ' ')}, "
                                             "no transfer between vehicles",
                                 source="no handling emissions counted")
    hub = _matching([f for f in factors.values() if f.per == "t"], leg.co2e_ttw, leg.co2e_wtw)
    if hub is None:
        return OperationCategory(id=f"landbridge-{leg.operation.value}-other", kind="hoc",
                                 mode=None, hub_type=hub_type, ttw=leg.co2e_ttw,
                                 wtw=leg.co2e_wtw, factor=None,
                                 description=leg.operation.value.replace("_", " "),
                                 source="see emission_factors.csv")
    return OperationCategory(id=f"landbridge-{leg.operation.value}-{hub.key}", kind="hoc",
                             mode=None, hub_type=hub_type, ttw=hub.ttw, wtw=hub.wtw,
                             factor=hub.key, description=f"{leg.operation.value.replace('_', ' ')}"
                                                         f": {hub.description}",
                             source=hub.source)


def _matching(factors: Sequence[EmissionFactor], ttw: float, wtw: float) -> (
        EmissionFactor | None):
    for factor in factors:
        if math.isclose(factor.ttw, ttw, rel_tol=1e-6, abs_tol=1e-12) and math.isclose(
                factor.wtw, wtw, rel_tol=1e-6, abs_tol=1e-12):
            return factor
    return None


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _decimal(value: float, places: int) -> str:
    """A decimal string as iLEAP asks (``^-?\\d+(\\.\\d+)?$``): fixed point, no exponent."""
    text = f"{value:.{places}f}"
    return "0" if text.strip("-0.") == "" else text


def _timestamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _location(place: Place) -> dict[str, object]:
    return {"city": place.name, "country": place.country,
            "lat": _decimal(place.lat, 4), "lng": _decimal(place.lon, 4)}
