"""Rates: what a movement or a hub operation costs, how long it takes and what it emits."""

from landbridge.costing.rates import EdgeFigures, Rates

__all__ = ["EdgeFigures", "Rates"]
