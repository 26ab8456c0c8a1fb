"""Emissions reporting: a planned route as an ISO 14083 transport chain (iLEAP data model)."""

from landbridge.emissions.ileap import (
    ChainElement,
    OperationCategory,
    ShipmentFootprint,
    footprint,
)

__all__ = ["ChainElement", "OperationCategory", "ShipmentFootprint", "footprint"]
