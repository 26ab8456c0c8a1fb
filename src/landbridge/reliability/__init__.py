"""Transit-time distributions by Monte Carlo."""

from landbridge.reliability.montecarlo import (
    TransitTime,
    lognormal_params,
    simulate_transit,
    standard_normals,
)

__all__ = ["TransitTime", "lognormal_params", "simulate_transit", "standard_normals"]
