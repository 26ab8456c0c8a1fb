"""Shared pieces for the terminal tests: a small station as a dict, and its YAML text."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from landbridge.terminal import StationConfig, parse_station

SMALL: dict[str, Any] = {
    "name": "small test station",
    "silos": [{"commodity": "wheat", "cells": 4, "cell_capacity_t": 10_000,
               "initial_t": 10_000}],
    "container_yard": {"slots_teu": 800, "tonnes_per_teu": 24, "initial_teu": {"wheat": 100}},
    "unloading": [
        {"name": "pits", "handles": "bulk", "positions": 1, "rate_t_per_hour": 1000,
         "setup_hours": 1, "rate_cv": 0.3},
        {"name": "tracks", "handles": "container", "positions": 1, "rate_teu_per_hour": 80},
    ],
    "berths": [
        {"name": "quay", "handles": "bulk", "count": 1, "rate_t_per_hour": 1000,
         "rate_cv": 0.3},
        {"name": "box quay", "handles": "container", "count": 1, "rate_teu_per_hour": 50},
    ],
    "trains": [
        {"name": "hoppers", "kind": "hopper", "commodity": "wheat", "wagons": 40,
         "tonnes_per_wagon": 70, "arrivals": {"pattern": "random", "per_year": 300},
         "wagon_hire_usd_per_day": 40, "free_hours": 12},
        {"name": "boxes", "kind": "container", "commodity": "wheat", "wagons": 30,
         "teu_per_wagon": 2, "arrivals": {"pattern": "timetable", "every_hours": 30,
                                          "late_hours_mean": 6}},
    ],
    "ships": [
        {"class": "supramax", "commodity": "wheat", "parcel_t": 30_000,
         "arrivals": {"pattern": "random", "per_year": 28}, "laytime_t_per_day": 8000,
         "demurrage_usd_per_day": 12_000},
        {"class": "feeder", "commodity": "wheat", "parcel_teu": 300,
         "arrivals": {"pattern": "timetable", "every_hours": 84}, "sail_after_days": 1,
         "laytime_hours": 24, "demurrage_usd_per_day": 20_000},
    ],
}


def small_dict() -> dict[str, Any]:
    """A deep copy of the small station, to change in a test."""
    return copy.deepcopy(SMALL)


def berth_bound() -> dict[str, Any]:
    """The small station with rail bringing more than its one slow bulk berth can load."""
    data = small_dict()
    data["silos"][0]["cells"] = 20
    data["berths"][0]["rate_t_per_hour"] = 300
    data["trains"][0]["arrivals"]["per_year"] = 1000
    data["ships"][0]["arrivals"]["per_year"] = 90
    return data


def to_station(data: dict[str, Any], *, file: str = "test.yaml") -> StationConfig:
    return parse_station(yaml.safe_dump(data, sort_keys=False), file=file)


@pytest.fixture
def small() -> StationConfig:
    return to_station(small_dict())

