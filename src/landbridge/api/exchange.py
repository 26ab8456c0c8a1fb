"""Request and response bodies of the exchange formats: one planned route as GeoJSON
(:func:`landbridge.planning.route_geojson`) and as an iLEAP ShipmentFootprint
(:func:`landbridge.emissions.footprint`), the files ``landbridge route --geojson`` and
``--footprint`` write.

The footprint models follow the published iLEAP schemas (PACT ProductFootprint with the
ShipmentFootprint as a data model extension, TOCs and HOCs) for the fields landbridge writes;
the test suite validates the answers against those schemas too.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints
from pydantic.alias_generators import to_camel

from landbridge.api.schemas import (
    AnswerModel,
    Co2eOut,
    LineStringGeometry,
    MultiLineStringGeometry,
    PointGeometry,
    RouteIn,
)
from landbridge.model.modes import Passage
from landbridge.model.operations import Operation

__all__ = ["FootprintOut", "RouteChoiceIn", "RouteGeoJsonOut"]


class RouteChoiceIn(RouteIn):
    """A route request, and which of its routes to export."""

    route: int = Field(1, ge=1, description="Which route of the plan, best first (1 = the "
                       "best); 422 if the plan has fewer.")


# --- a route as GeoJSON -------------------------------------------------------------------------


class RouteSummaryOut(AnswerModel):
    model_config = ConfigDict(populate_by_name=True)

    summary: str
    corridor: str
    unit: str
    from_: str = Field(alias="from", description="The origin terminal (a place id).")
    to: str = Field(description="The market terminal (a place id).")
    distance_km: float = Field(ge=0)
    days_mean: float = Field(ge=0)
    cost_usd_per_t: float
    co2e_kg_per_t: Co2eOut


class RouteLegProperties(AnswerModel):
    """A stretch by one mode (:func:`landbridge.planning.route_geojson`)."""

    model_config = ConfigDict(populate_by_name=True)

    feature: Literal["leg"]
    leg: int = Field(ge=1, description="The leg's number in the route, from 1.")
    mode: str = Field(description="rail, road, ferry or sea.")
    from_: str = Field(alias="from", description="A place id.")
    from_name: str
    to: str = Field(description="A place id.")
    to_name: str
    distance_km: float = Field(ge=0)
    hours: float = Field(ge=0)
    cost_usd_per_t: float
    co2e_kg_per_t: Co2eOut
    passages: list[Passage] = Field(description="Sea passages it goes through.")


class RouteOperationProperties(AnswerModel):
    """A hub operation (loading, border, break of gauge, rail to ship ...)."""

    feature: Literal["operation"]
    leg: int = Field(ge=1, description="The operation's number in the route's legs, from 1.")
    place: str = Field(description="A place id.")
    place_name: str
    operation: Operation
    hours: float = Field(ge=0)
    cost_usd_per_t: float
    co2e_kg_per_t: Co2eOut


class RouteLegFeature(AnswerModel):
    type: Literal["Feature"]
    id: str
    geometry: LineStringGeometry | MultiLineStringGeometry
    properties: RouteLegProperties


class RouteOperationFeature(AnswerModel):
    type: Literal["Feature"]
    id: str
    geometry: PointGeometry
    properties: RouteOperationProperties


class RouteGeoJsonOut(AnswerModel):
    """One route as a GeoJSON FeatureCollection (RFC 7946): a line per leg, cut at the
    antimeridian, and a point per hub operation, in the route's order; ``route`` (a foreign
    member) holds its totals."""

    type: Literal["FeatureCollection"]
    route: RouteSummaryOut
    features: list[RouteLegFeature | RouteOperationFeature]


# --- the iLEAP footprint ------------------------------------------------------------------------

#: A decimal number as a string, as iLEAP writes every quantity.
DecimalText = Annotated[str, StringConstraints(pattern=r"^-?\d+(\.\d+)?$")]


class _Ileap(AnswerModel):
    """Field names as iLEAP spells them (camelCase)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class LocationOut(_Ileap):
    city: str
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    lat: DecimalText
    lng: DecimalText


class TceOut(_Ileap):
    """A transport chain element: a leg (``tocId``) or a hub operation (``hocId``)."""

    tce_id: str
    prev_tce_ids: list[str]
    toc_id: str | None = Field(None, description="For a leg: its TOC.")
    hoc_id: str | None = Field(None, description="For a hub operation: its HOC.")
    shipment_id: str
    mass: DecimalText = Field(description="kg.")
    distance: dict[Literal["sfd", "actual", "gcd"], DecimalText] = Field(
        description="km, keyed by the GLEC distance type.")
    origin: LocationOut
    destination: LocationOut
    transport_activity: DecimalText = Field(description="tonne-km.")
    co2e_wtw: DecimalText = Field(alias="co2eWTW", description="kg CO2e, well to wheel.")
    co2e_ttw: DecimalText = Field(alias="co2eTTW", description="kg CO2e, tank to wheel.")


class ShipmentFootprintOut(_Ileap):
    mass: DecimalText = Field(description="kg.")
    shipment_id: str
    tces: list[TceOut]


class ExtensionOut(_Ileap):
    spec_version: str
    data_schema: str
    documentation: str
    data: ShipmentFootprintOut


class ProductFootprintOut(_Ileap):
    """The PACT ProductFootprint that carries the ShipmentFootprint."""

    id: str
    spec_version: str
    version: int
    created: str
    status: str
    company_name: str
    company_ids: list[str]
    product_description: str
    product_ids: list[str]
    product_category_cpc: str
    product_name_company: str
    comment: str
    pcf: dict[str, Any] = Field(description="The PACT CarbonFootprint: declared per ton "
                                "kilometer, the shipment's well-to-wheel total.")
    extensions: list[ExtensionOut]


class EnergyCarrierOut(_Ileap):
    energy_carrier: str
    emission_factor_wtw: DecimalText = Field(alias="emissionFactorWTW")
    emission_factor_ttw: DecimalText = Field(alias="emissionFactorTTW")
    energy_consumption: DecimalText | None = None
    energy_consumption_unit: str | None = None


class _CategoryOut(_Ileap):
    co2e_intensity_wtw: DecimalText = Field(alias="co2eIntensityWTW")
    co2e_intensity_ttw: DecimalText = Field(alias="co2eIntensityTTW")
    energy_carriers: list[EnergyCarrierOut]
    is_verified: bool
    is_accredited: bool
    description: str


class TocOut(_CategoryOut):
    """A transport operation category: intensity per tonne-km."""

    toc_id: str
    mode: Literal["Road", "Rail", "Air", "Sea", "InlandWaterway"]
    co2e_intensity_throughput: Literal["tkm"] = Field(alias="co2eIntensityThroughput")


class HocOut(_CategoryOut):
    """A hub operation category: intensity per tonne handled."""

    hoc_id: str
    hub_type: str
    co2e_intensity_throughput: Literal["tonnes"] = Field(alias="co2eIntensityThroughput")


class FootprintOut(_Ileap):
    """What ``landbridge route --footprint`` writes: the PACT footprint with the iLEAP
    ShipmentFootprint, and the TOCs and HOCs its elements refer to."""

    product_footprint: ProductFootprintOut
    tocs: list[TocOut]
    hocs: list[HocOut]
