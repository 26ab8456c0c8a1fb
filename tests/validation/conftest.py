"""Fixtures for validation and calibration: the test observations table, and a writer."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from landbridge.validation import OBSERVATION_COLUMNS, OPTIONAL_OBSERVATION_COLUMNS

FIXTURE = Path(__file__).parent / "data" / "observations.csv"

WriteObservations = Callable[[list[dict[str, object]]], Path]


@pytest.fixture
def write_observations(tmp_path: Path) -> WriteObservations:
    """Write observation rows (missing columns empty) to a CSV file; returns its path."""

    def write(rows: list[dict[str, object]]) -> Path:
        path = tmp_path / "observations.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            columns = OBSERVATION_COLUMNS + OPTIONAL_OBSERVATION_COLUMNS
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows({c: row.get(c, "") for c in columns} for row in rows)
        return path

    return write
