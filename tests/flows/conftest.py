"""A four-place network whose optimal allocation can be worked out by hand.

    A (origin, KZ) --100 km-- B1 (border, cap 60 t) --100 km-- M (market, UZ)
    A              --150 km-- B2 (border, no cap)   --150 km-- M

Rail 0.01 USD/tkm, loading 1, border 2, unloading 1 USD/t, no carrying cost, so a tonne costs
6 USD via B1 and 7 USD via B2.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

OPS = ["origin_load", "border", "gauge_change", "rail_to_ship", "ship_discharge",
       "rail_to_ferry", "ferry_to_rail", "rail_unload"]
OP_COST = {"origin_load": 1, "border": 2, "rail_unload": 1}
SRC = "test fixture: hand-solvable network"


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


@pytest.fixture
def tiny_network(tmp_path: Path) -> Path:
    d = tmp_path / "tiny"
    d.mkdir()
    _write(d / "places.csv",
           ["id", "name", "kind", "country", "other_country", "lat", "lon", "waters", "handles",
            "roles", "aliases", "source", "note"],
           [["KZ-A", "Alpha", "city", "KZ", "", 43.0, 70.0, "", "bulk", "origin", "", SRC, ""],
            ["KZ-B1", "Bravo One", "border", "KZ", "UZ", 42.6, 70.4, "", "bulk", "", "", SRC,
             ""],
            ["KZ-B2", "Bravo Two", "border", "KZ", "UZ", 43.3, 71.2, "", "bulk", "", "", SRC,
             ""],
            ["UZ-M", "Mike", "city", "UZ", "", 42.0, 71.0, "", "bulk", "market", "", SRC, ""]])
    _write(d / "links.csv", ["from", "to", "mode", "distance_km", "source", "note"],
           [["KZ-A", "KZ-B1", "rail_1520", 100, SRC, ""],
            ["KZ-B1", "UZ-M", "rail_1520", 100, SRC, ""],
            ["KZ-A", "KZ-B2", "rail_1520", 150, SRC, ""],
            ["KZ-B2", "UZ-M", "rail_1520", 150, SRC, ""]])
    _write(d / "hub_operations.csv",
           ["place", "operation", "unit", "hours_mean", "hours_p90", "cost_usd_per_t", "source",
            "note"],
           [["*", op, "*", 1, 2, OP_COST.get(op, 5), SRC, ""] for op in OPS])
    _write(d / "commodities.csv",
           ["id", "name", "usual_unit", "units", "mineral", "value_usd_per_t", "hs_code",
            "source", "note", "time_value_pct_per_day", "time_value_source"],
           [["wheat", "Wheat", "bulk", "bulk;container", "no", 200, "1001", SRC, "", 0.6,
             SRC]])
    _write(d / "tariffs.csv",
           ["mode", "country", "unit", "fixed_usd_per_t", "usd_per_tkm", "source", "note"],
           [[mode, "*", unit, 0, 0.01, SRC, ""] for mode in ("rail", "ferry", "sea")
            for unit in ("bulk", "container", "reefer")])
    _write(d / "speeds.csv",
           ["mode", "country", "service", "km_per_day", "p90_ratio", "source", "note"],
           [["rail_1520", "*", "*", 600, 1.3, SRC, ""], ["rail_1435", "*", "*", 600, 1.3, SRC, ""]])
    keys = ["rail_average", "ferry_ropax", "bulk_handysize", "bulk_supramax",
            "container_feeder", "container_large"]
    _write(d / "emission_factors.csv",
           ["key", "per", "ttw_kg", "wtw_kg", "description", "source", "note"],
           [[k, "tkm", 0.01, 0.02, k, SRC, ""] for k in keys]
           + [[k, "t", 0.5, 0.5, k, SRC, ""]
              for k in ("transshipment_bulk", "transshipment_container")])
    _write(d / "capacities.csv", ["element", "scope", "tonnes_per_year", "source", "note"],
           [["KZ-B1", "all", 60, SRC, ""]])
    _write(d / "services.csv",
           ["from", "to", "mode", "service", "departures_per_week", "hours", "source", "note"],
           [])
    _write(d / "vessels.csv",
           ["unit", "vessel_class", "capacity", "speed_knots", "usd_per_day", "fuel_t_per_day",
            "source", "note"],
           [["bulk", "handysize", 35000, 13, 10000, 20, SRC, ""],
            ["bulk", "supramax", 58000, 13, 12000, 25, SRC, ""],
            ["container", "feeder", 1700, 16, 20000, 30, SRC, ""]])
    from landbridge.network.load import REQUIRED_PARAMETERS

    values = {"carrying_cost_per_year": 0.0, "moving_time_p90_ratio": 1.3,
              "bulk_load_factor": 0.9, "ballast_factor": 2, "container_t_per_teu": 20,
              "reefer_sea_factor": 2, "liner_knots": 14, "liner_detour_factor": 1.3,
              "bulk_operating_knots": 10.9, "block_train_t": 3500}
    _write(d / "parameters.csv", ["key", "value", "unit", "source", "note"],
           [[k, values.get(k, 1.0), "-", SRC, ""] for k in REQUIRED_PARAMETERS])
    _write(d / "market_prices.csv",
           ["commodity", "market", "usd_per_t", "basis", "date", "source"], [])
    return d
