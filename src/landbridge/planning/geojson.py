"""A planned route as GeoJSON (RFC 7946), for GIS tools and web maps.

One Feature per leg, drawn along the leg's track (the sea lanes for a voyage, the places passed
for a train) and cut at the antimeridian (:func:`landbridge.network.export.line_geometry`), and a
Point Feature per hub operation (loading, border, break of gauge, rail to ship ...). Each carries
the figures the planner gives it, per tonne of cargo.
"""

from __future__ import annotations

from typing import Any

from landbridge.network.export import line_geometry
from landbridge.planning.results import Leg, Route

__all__ = ["route_geojson"]

#: Decimal places of a position: 0.00001 degrees is about a metre.
_PLACES = 5


def route_geojson(route: Route) -> dict[str, Any]:
    """``route`` as a GeoJSON FeatureCollection: a line per leg, a point per hub operation.

    Features follow the route's order; ``properties.leg`` is the leg's number (from 1) in
    :attr:`Route.legs <landbridge.planning.Route.legs>`. A leg's properties are its mode, the
    ids and names of its ends, ``distance_km``, ``hours``, ``cost_usd_per_t`` and
    ``co2e_kg_per_t`` (``ttw`` and ``wtw``), and the sea passages it uses; a hub operation's are
    its place, ``operation`` and the same figures. The route's totals are a foreign member
    ``route`` of the collection (RFC 7946, 6.1).

    Examples
    --------
    >>> from landbridge.planning import RouteRequest, plan_routes
    >>> plan = plan_routes(RouteRequest(origin="Kostanay", destination="Ho Chi Minh City",
    ...                                 samples=200))
    >>> collection = route_geojson(plan.best)
    >>> collection["type"], len(collection["features"]) == len(plan.best.legs)
    ('FeatureCollection', True)
    """
    features = [_feature(number, leg) for number, leg in enumerate(route.legs, start=1)]
    return {
        "type": "FeatureCollection",
        "route": {
            "summary": route.summary,
            "corridor": route.corridor,
            "unit": route.unit,
            "from": route.start.id,
            "to": route.end.id,
            "distance_km": round(route.distance_km, 1),
            "days_mean": round(route.days.mean, 2),
            "cost_usd_per_t": round(route.cost_usd_per_t, 2),
            "co2e_kg_per_t": {"ttw": round(route.co2e_ttw, 3), "wtw": round(route.co2e_wtw, 3)},
        },
        "features": features,
    }


def _figures(leg: Leg) -> dict[str, Any]:
    return {
        "hours": round(leg.hours, 2),
        "cost_usd_per_t": round(leg.cost_usd_per_t, 2),
        "co2e_kg_per_t": {"ttw": round(leg.co2e_ttw, 3), "wtw": round(leg.co2e_wtw, 3)},
    }


def _feature(number: int, leg: Leg) -> dict[str, Any]:
    if leg.operation is not None:
        place = leg.start
        return {
            "type": "Feature",
            "id": f"leg-{number}",
            "geometry": {"type": "Point", "coordinates": [round(place.lon, _PLACES),
                                                          round(place.lat, _PLACES)]},
            "properties": {"feature": "operation", "leg": number, "place": place.id,
                           "place_name": place.name, "operation": leg.operation.value,
                           **_figures(leg)},
        }
    track = leg.track or ((leg.start.lon, leg.start.lat), (leg.end.lon, leg.end.lat))
    return {
        "type": "Feature",
        "id": f"leg-{number}",
        "geometry": line_geometry([(round(lon, _PLACES), round(lat, _PLACES))
                                   for lon, lat in track]),
        "properties": {"feature": "leg", "leg": number, "mode": leg.mode,
                       "from": leg.start.id, "from_name": leg.start.name,
                       "to": leg.end.id, "to_name": leg.end.name,
                       "distance_km": round(leg.distance_km, 1), **_figures(leg),
                       "passages": list(leg.passages)},
    }
