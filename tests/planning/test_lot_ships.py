"""A bulk route priced for a lot sails the sea on the ship that lot charters: a 5,000 t lot of
wheat from Novorossiysk to Istanbul goes on a coaster (as the trade quotes it), and a route
with no lot size is priced exactly as before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from landbridge.costing.ocean import KNOT_KM_PER_H
from landbridge.network.network import Network
from landbridge.planning import Route, RouteRequest, plan_routes
from landbridge.planning.results import Leg

SRC = Path(__file__).parents[2] / "src"
SCRIPT = Path(sys.executable).parent / "landbridge"
_HANG_S = 600  # a bound against a hung process, as in the suite's other subprocess tests


def _sea(legs: tuple[Leg, ...]) -> Leg:
    return next(leg for leg in legs if leg.mode == "sea")


def _best(network: Network, tonnes: float | None) -> Route:
    """The best route for wheat in bulk from Novorossiysk to Istanbul, for a lot of ``tonnes``."""
    request = RouteRequest(origin="Novorossiysk", destination="Istanbul (Ambarlı)",
                           commodity="wheat", unit="bulk", samples=200, tonnes=tonnes)
    return plan_routes(request, network=network).routes[0]


def test_a_small_lot_pays_the_coaster_and_sails_at_its_speed(network: Network) -> None:
    lot, plain = _best(network, 5000), _best(network, None)
    coaster = next(v for v in network.vessels if v.vessel_class == "coaster")
    sea = _sea(lot.legs)
    assert sea.hours == pytest.approx(sea.distance_km / (coaster.speed_knots * KNOT_KM_PER_H))
    assert sea.cost_usd_per_t > _sea(plain.legs).cost_usd_per_t
    assert lot.consignment == "5,000 t (its own coaster at sea)"
    assert plain.consignment.startswith("one supramax parcel")


def test_a_lot_too_big_for_one_ship_sails_on_the_lane_class(network: Network) -> None:
    big, plain = _best(network, 200_000), _best(network, None)
    assert _sea(big.legs).cost_usd_per_t == _sea(plain.legs).cost_usd_per_t
    assert big.consignment == "200,000 t (4 supramax parcels at sea)"


def test_the_command_prices_5000_t_from_novorossiysk_on_a_coaster() -> None:
    """As a program runs it: the installed script, its JSON parsed."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])])}
    done = subprocess.run([str(SCRIPT), "route", "Novorossiysk", "Istanbul (Ambarlı)", "--cargo",
                           "wheat", "--unit", "bulk", "--tonnes", "5000", "--samples", "200",
                           "--json"], capture_output=True, text=True, check=False, env=env,
                          timeout=_HANG_S)
    assert done.returncode == 0, done.stderr
    route = json.loads(done.stdout)["routes"][0]
    assert route["consignment"] == {"tonnes": 5000.0,
                                    "label": "5,000 t (its own coaster at sea)"}
    sea = next(leg for leg in route["legs"] if leg["mode"] == "sea")
    assert sea["cost_usd_per_t"] > 10  # a supramax parcel costs USD 8.45/t on this voyage


def test_a_lot_from_inland_is_gathered_into_the_lanes_parcel(network: Network) -> None:
    """From Kostanay, one block train's 3,500 t reach Novorossiysk by rail and the terminal
    gathers them into a ship's parcel (the wait its rail-to-ship dwell prices): stating the
    lot's size changes neither the ship nor the sea freight."""
    def sea_legs(tonnes: float | None) -> list[Leg]:
        request = RouteRequest(origin="Kostanay", destination="Istanbul (Ambarlı)",
                               commodity="wheat", unit="bulk", via="Novorossiysk",
                               samples=200, tonnes=tonnes)
        return [_sea(r.legs) for r in plan_routes(request, network=network).routes]

    stated, plain = sea_legs(3500), sea_legs(None)
    assert stated and [leg.cost_usd_per_t for leg in stated] == [
        leg.cost_usd_per_t for leg in plain]
    assert [leg.hours for leg in stated] == [leg.hours for leg in plain]
