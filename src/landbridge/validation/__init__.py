"""Validation against published observations: does the model answer to what the trade reports?

A table of observations (published transit times, distances and freight rates, each with the
planner question that reproduces it) runs through the planner; each row gets the model value,
the error and whether it lies in the published range, and the report sums up by corridor family.
"""

from landbridge.validation.measure import model_value
from landbridge.validation.observations import (
    BUNDLED_OBSERVATIONS,
    OBSERVATION_COLUMNS,
    OPTIONAL_OBSERVATION_COLUMNS,
    Family,
    Observation,
    Quantity,
    load_observations,
    select,
)
from landbridge.validation.report import (
    FamilySummary,
    ValidationReport,
    ValidationRow,
    observe,
    validate,
)

__all__ = [
    "BUNDLED_OBSERVATIONS",
    "OBSERVATION_COLUMNS",
    "OPTIONAL_OBSERVATION_COLUMNS",
    "Family",
    "FamilySummary",
    "Observation",
    "Quantity",
    "ValidationReport",
    "ValidationRow",
    "load_observations",
    "model_value",
    "observe",
    "select",
    "validate",
]
