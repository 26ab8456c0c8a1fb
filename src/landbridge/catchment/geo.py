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
    by_origin: dict[str, dict[str, Any]] = {}
    for f in result.flows:
        row = by_origin.setdefault(f.origin.id, {"place": f.origin, "flows": 0, "won": 0,
                                                 "share_sum": 0.0, "tonnes": 0.0,
                                                 "gateway_tonnes": 0.0})
        row["flows"] += 1
        row["won"] += int(f.wins)
        row["share_sum"] += f.share
        row["tonnes"] += f.tonnes
        row["gateway_tonnes"] += f.gateway_tonnes
    features = []
    for pid, row in by_origin.items():
        place = row["place"]
        mean = row["share_sum"] / row["flows"]
        taken = row["gateway_tonnes"] / row["tonnes"] if row["tonnes"] > 0 else None
        features.append({
            "type": "Feature", "id": pid,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {"name": place.name, "country": place.country,
                           "flows": row["flows"], "won": row["won"],
                           "mean_share": round(mean, 4),
                           "tonnes_share": None if taken is None else round(taken, 4),
                           "gateway_tonnes": round(row["gateway_tonnes"]),
                           "label": f"{place.name}: {100 * mean:.0f}% ({row['won']}/"
                                    f"{row['flows']} won)"},
        })
    return {"type": "FeatureCollection", "gateway": result.gateway,
            "logit_scale_usd_per_t": result.scale_usd_per_t, "features": features}


def catchment_geojson(result: Catchment) -> str:
    """:func:`catchment_features` as JSON text."""
    return json.dumps(catchment_features(result), ensure_ascii=False, indent=1)
