"""Route planning and comparison: the analyses users ask for."""

from landbridge.planning.batch import BestRouteMatrix, best_routes
from landbridge.planning.compare import Comparison, ComparisonRow, compare_origins
from landbridge.planning.geojson import route_geojson
from landbridge.planning.linkcosts import LinkCost, link_costs
from landbridge.planning.request import Objective, RouteRequest
from landbridge.planning.results import Leg, Route, RoutePlan
from landbridge.planning.routes import plan_routes

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
