"""A catchment as GeoJSON: one point per origin with the gateway's share and tonnes there,
for a map that colours origins by share (with the share as a label too, not colour alone)."""

from __future__ import annotations

import json
from typing import Any

from landbridge.catchment.results import Catchment

__all__ = ["catchment_features", "catchment_geojson"]


def catchment_features(result: Catchment) -> dict[str, Any]:
    """A FeatureCollection: per origin, the flows the gateway can serve, how many it wins, its
    mean share over them, the share of the origin's tonnes it takes and those tonnes."""
    features = []
    for row in result.origins():
        place = row.origin
        taken = row.gateway_tonnes / row.tonnes if row.tonnes > 0 else None
        features.append({
            "type": "Feature", "id": place.id,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {"name": place.name, "country": place.country,
                           "flows": row.flows, "won": row.won,
                           "beat_rival": row.beat_rival, "only_route": row.only_route,
                           "mean_share": round(row.mean_share, 4),
                           "tonnes_share": None if taken is None else round(taken, 4),
                           "gateway_tonnes": round(row.gateway_tonnes),
                           "label": f"{place.name}: {100 * row.mean_share:.0f}% ({row.won}/"
                                    f"{row.flows} won: {row.beat_rival} over a rival, "
                                    f"{row.only_route} as the only route)"},
        })
    return {"type": "FeatureCollection", "gateway": result.gateway,
            "logit_scale_usd_per_t": result.scale_usd_per_t, "features": features}


def catchment_geojson(result: Catchment) -> str:
    """:func:`catchment_features` as JSON text."""
    return json.dumps(catchment_features(result), ensure_ascii=False, indent=1)
