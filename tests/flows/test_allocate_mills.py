"""Mills in the allocation, on the hand-solvable four-place network (conftest.py).

    A (origin) --> B1 (border, cap 60 t) --> M (market): 6 USD/t
    A          --> B2 (border, no cap)   --> M         : 7 USD/t

100 t of wheat at A; M pays 20 for wheat and 40 for flour. A mill at A (wheat_flour: 0.75 t
flour + 0.25 t bran per t) mills at most 50 t at 3 USD/t, bran sold at 8, so it nets 1 USD/t.

By hand: milling pays (a tonne milled earns 0.75 x (40 - 7) - 1 = 23.75 at the margin against
20 - 7 = 13 sold as wheat), so the mill runs full: 50 t in, 37.5 t flour, 12.5 t bran; 50 t
of wheat. 87.5 t cross: 60 by B1 (full, worth 7 - 6 = 1 USD per t of capacity) and 27.5 by B2.
One more tonne of milling capacity is worth 23.75 - 13 = 10.75. Revenue 50 x 20 + 37.5 x 40 =
2,500; transport 60 x 6 + 27.5 x 7 = 552.5; milling 50 x 1 = 50; netback 1,897.5.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from landbridge.flows import Allocation, allocate
from landbridge.network.load import load_network
from landbridge.scenario import parse_scenario

SCENARIO = """
name: one mill
supply: [{origin: Alpha, commodity: wheat, tonnes: 100}]
demand:
  - {market: Mike, commodity: wheat, price: 20}
  - {market: Mike, commodity: flour, price: 40}
mills:
  - {place: Alpha, process: wheat_flour, capacity: %s, cost: 3, byproduct_prices: {bran: 8}}
"""


@pytest.fixture
def milling_network(tiny_network: Path) -> Path:
    """The tiny network with flour as a commodity (bulk, like wheat)."""
    with (tiny_network / "commodities.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(["flour", "Flour", "bulk", "bulk;container", "no", 300, "1101",
                                "test fixture", "", 0.6, "test fixture"])
    return tiny_network


def run(directory: Path, capacity: float = 50) -> Allocation:
    network = load_network(directory)
    return allocate(parse_scenario(SCENARIO % capacity, network=network), network=network)


def test_one_mill_flows_utilisation_and_duals_by_hand(milling_network: Path) -> None:
    a = run(milling_network)
    (mill,) = a.mills
    assert mill.tonnes_in == pytest.approx(50.0)
    assert dict(mill.outputs) == pytest.approx({"flour": 37.5, "bran": 12.5})
    assert mill.utilisation == pytest.approx(1.0)
    assert mill.value_usd_per_t == pytest.approx(10.75)
    assert mill.cost_usd_per_t == pytest.approx(1.0)
    border = next(c for c in a.capacities if c.element == "KZ-B1")
    assert border.tonnes == pytest.approx(60.0)
    assert border.value_usd_per_t == pytest.approx(1.0)
    delivered = {}
    for row in a.flows:
        delivered[row.commodity] = delivered.get(row.commodity, 0.0) + row.tonnes
    assert delivered == pytest.approx({"wheat": 50.0, "flour": 37.5})
    assert a.revenue_usd == pytest.approx(2500.0)
    assert a.total_cost_usd == pytest.approx(552.5 + 50.0)
    assert a.netback_usd == pytest.approx(1897.5)
    assert {r.origin_name for r in a.flows if r.commodity == "flour"} == {"Alpha"}
    assert "mills" in a.to_dict()


def test_mass_balance_and_capacity_for_any_size(milling_network: Path) -> None:
    for capacity in (0, 20, 100, 1000):
        a = run(milling_network, capacity)
        (mill,) = a.mills
        assert mill.tonnes_in <= capacity + 1e-6
        flour = sum(r.tonnes for r in a.flows if r.commodity == "flour")
        wheat = sum(r.tonnes for r in a.flows if r.commodity == "wheat")
        assert flour == pytest.approx(0.75 * mill.tonnes_in, abs=1e-6)
        assert wheat + mill.tonnes_in == pytest.approx(100.0, abs=1e-6)


def test_a_slack_mill_is_worth_nothing_more(milling_network: Path) -> None:
    (mill,) = run(milling_network, 1000).mills
    assert mill.tonnes_in == pytest.approx(100.0)
    assert mill.value_usd_per_t == pytest.approx(0.0, abs=1e-9)


def test_a_scenario_without_mills_is_unchanged(tiny_network: Path) -> None:
    network = load_network(tiny_network)
    a = allocate(parse_scenario("""
name: no mill
supply: [{origin: Alpha, commodity: wheat, tonnes: 100}]
demand: [{market: Mike, commodity: wheat}]
""", network=network), network=network)
    assert a.mills == () and "mills" not in a.to_dict()
    assert a.total_cost_usd == pytest.approx(60 * 6 + 40 * 7)


def test_a_mill_on_the_way_takes_wheat_that_arrives_by_the_network(
        milling_network: Path) -> None:
    """A mill at the border B2: wheat goes there by rail, flour on to M; flows name the mill."""
    network = load_network(milling_network)
    a = allocate(parse_scenario("""
name: mill on the way
supply: [{origin: Alpha, commodity: wheat, tonnes: 100}]
demand: [{market: Mike, commodity: flour, price: 40}]
mills: [{place: Bravo Two, process: wheat_flour, capacity: 80, cost: 3,
         byproduct_prices: {bran: 8}}]
""", network=network), network=network)
    (mill,) = a.mills
    assert mill.tonnes_in == pytest.approx(80.0)
    assert mill.utilisation == pytest.approx(1.0)
    to_mill = [r for r in a.flows if r.commodity == "wheat"]
    assert to_mill and all(r.market_name == "Bravo Two (mill)" for r in to_mill)
    assert sum(r.tonnes for r in to_mill) == pytest.approx(80.0)
    flour = [r for r in a.flows if r.commodity == "flour"]
    assert sum(r.tonnes for r in flour) == pytest.approx(60.0)
    assert {r.origin_name for r in flour} == {"Bravo Two"}


@pytest.mark.parametrize(("mill", "says"), [
    ("{place: Alpha, process: wheat_pasta, capacity: 5}", "unknown process 'wheat_pasta'"),
    ("{place: Alpha, process: wheat_flour}", "'capacity' is required"),
    ("{place: Alpha, process: wheat_flour, capacity: 5, byproduct_prices: {husk: 3}}",
     "unknown key 'husk'"),
    ("{place: Nowhere, process: wheat_flour, capacity: 5}", "unknown place 'Nowhere'"),
])
def test_a_bad_mill_is_reported_with_its_line(milling_network: Path, mill: str,
                                              says: str) -> None:
    from landbridge.errors import ScenarioError

    network = load_network(milling_network)
    text = ("name: bad mill\nsupply: [{origin: Alpha, commodity: wheat, tonnes: 100}]\n"
            "demand: [{market: Mike, commodity: flour}]\nmills:\n  - " + mill + "\n")
    with pytest.raises(ScenarioError, match=says) as caught:
        parse_scenario(text, file="bad.yaml", network=network)
    assert "bad.yaml, line 5" in str(caught.value)
