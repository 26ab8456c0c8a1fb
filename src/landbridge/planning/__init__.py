"""Route planning and comparison: the analyses users ask for."""

from landbridge.planning.compare import Comparison, ComparisonRow, compare_origins
from landbridge.planning.request import Objective, RouteRequest
from landbridge.planning.results import Leg, Route, RoutePlan
from landbridge.planning.routes import plan_routes

__all__ = [
    "Comparison",
    "ComparisonRow",
    "Leg",
    "Objective",
    "Route",
    "RoutePlan",
    "RouteRequest",
    "compare_origins",
    "plan_routes",
]
