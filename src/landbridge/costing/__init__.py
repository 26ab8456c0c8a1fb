"""Rates: what a movement or a hub operation costs, how long it takes and what it emits."""

from landbridge.costing.rates import EdgeFigures, Rates, carrying_cost_per_hour

__all__ = ["EdgeFigures", "Rates", "carrying_cost_per_hour"]
