"""A small RFC 7946 checker for the GeoJSON landbridge writes (shared by the export tests).

It checks what the RFC requires of the geometry types landbridge uses (Point, LineString,
MultiLineString) and of Features and FeatureCollections, and the antimeridian rule of 3.1.9:
no segment may span more than half the globe (a line that crosses 180 must be cut there).
"""

from __future__ import annotations

import itertools
import math
from typing import Any

GEOMETRIES = {"Point", "LineString", "MultiLineString"}


def _position(value: Any, where: str) -> tuple[float, float]:
    assert isinstance(value, list) and len(value) in (2, 3), f"{where}: not a position {value}"
    assert all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
               for x in value), f"{where}: not numbers {value}"
    lon, lat = value[0], value[1]
    assert -180 <= lon <= 180 and -90 <= lat <= 90, f"{where}: out of range {value}"
    return lon, lat


def _line(value: Any, where: str) -> None:
    assert isinstance(value, list) and len(value) >= 2, f"{where}: a line needs 2 positions"
    points = [_position(p, where) for p in value]
    for (lon0, _), (lon1, _) in itertools.pairwise(points):
        assert abs(lon1 - lon0) <= 180, f"{where}: a segment spans the antimeridian"


def check_geometry(geometry: Any, where: str = "geometry") -> None:
    """Assert that ``geometry`` is a valid Point, LineString or MultiLineString."""
    assert isinstance(geometry, dict), f"{where}: not an object"
    kind = geometry.get("type")
    assert kind in GEOMETRIES, f"{where}: unexpected type {kind!r}"
    coordinates = geometry.get("coordinates")
    if kind == "Point":
        _position(coordinates, where)
    elif kind == "LineString":
        _line(coordinates, where)
    else:
        assert isinstance(coordinates, list) and coordinates, f"{where}: no lines"
        for i, line in enumerate(coordinates):
            _line(line, f"{where}[{i}]")


def check_feature_collection(document: Any) -> None:
    """Assert that ``document`` is an RFC 7946 FeatureCollection of valid Features."""
    assert isinstance(document, dict) and document.get("type") == "FeatureCollection"
    assert "crs" not in document, "RFC 7946 drops 'crs' (WGS 84 only)"
    features = document.get("features")
    assert isinstance(features, list)
    ids = []
    for i, feature in enumerate(features):
        where = f"features[{i}]"
        assert isinstance(feature, dict) and feature.get("type") == "Feature", where
        assert "geometry" in feature and "properties" in feature, f"{where}: members missing"
        check_geometry(feature["geometry"], f"{where}.geometry")
        assert feature["properties"] is None or isinstance(feature["properties"], dict)
        if "id" in feature:
            assert isinstance(feature["id"], str | int | float), f"{where}: bad id"
            ids.append(feature["id"])
    assert len(ids) == len(set(ids)), "feature ids repeat"
