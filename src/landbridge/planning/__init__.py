"""Route planning and comparison: the analyses users ask for.

The route planner's names are imported with the package; the other analyses' on first use, so
that a cold ``landbridge route`` does not import them.
"""

from typing import TYPE_CHECKING

from landbridge._lazy import lazy_names
from landbridge.planning.request import Objective, RouteRequest
from landbridge.planning.results import Leg, Route, RoutePlan
from landbridge.planning.routes import plan_routes

if TYPE_CHECKING:
    from landbridge.planning.batch import BestRouteMatrix, best_routes
    from landbridge.planning.compare import Comparison, ComparisonRow, compare_origins
    from landbridge.planning.geojson import route_geojson
    from landbridge.planning.linkcosts import LinkCost, link_costs

__getattr__ = lazy_names(__name__, {
    "landbridge.planning.batch": ("BestRouteMatrix", "best_routes"),
    "landbridge.planning.compare": ("Comparison", "ComparisonRow", "compare_origins"),
    "landbridge.planning.geojson": ("route_geojson",),
    "landbridge.planning.linkcosts": ("LinkCost", "link_costs"),
})

__all__ = [
    "BestRouteMatrix",
    "Comparison",
    "ComparisonRow",
    "Leg",
    "LinkCost",
    "Objective",
    "Route",
    "RoutePlan",
    "RouteRequest",
    "best_routes",
    "compare_origins",
    "link_costs",
    "plan_routes",
    "route_geojson",
]
