"""Allocation: a hand-solved optimum with its duals, closures, prices, and invariants."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landbridge.errors import ScenarioError
from landbridge.flows import Allocation, allocate, diff_allocations
from landbridge.network.load import check_network, load_network
from landbridge.scenario import parse_scenario

BASE = """
name: hand
supply: [{origin: Alpha, commodity: wheat, tonnes: 100}]
demand: [{market: Mike, commodity: wheat}]
"""


def run(text: str, data: Path) -> Allocation:
    network = load_network(data)
    return allocate(parse_scenario(text, network=network), network=network)


def test_fixture_network_is_valid(tiny_network: Path) -> None:
    assert check_network(tiny_network) == []


def test_hand_solved_optimum_and_dual(tiny_network: Path) -> None:
    a = run(BASE, tiny_network)
    flows = {row.corridor: row.tonnes for row in a.flows}
    assert flows == pytest.approx({"Bravo One": 60.0, "Bravo Two": 40.0})
    assert a.total_cost_usd == pytest.approx(60 * 6 + 40 * 7)
    (b1,) = [c for c in a.capacities if c.element == "KZ-B1"]
    assert b1.tonnes == pytest.approx(60)
    assert b1.binding
    assert b1.value_usd_per_t == pytest.approx(1.0)  # one more tonne via B1 saves 7 - 6
    assert a.stranded == ()
    assert a.delivered_t == pytest.approx(100)


def test_full_closure_moves_flow_to_the_next_corridor(tiny_network: Path) -> None:
    base = run(BASE, tiny_network)
    shut = run(BASE + "closures: [{element: Bravo One, days: 365}]", tiny_network)
    assert {row.corridor: row.tonnes for row in shut.flows} == pytest.approx({"Bravo Two": 100})
    assert shut.total_cost_usd == pytest.approx(700)
    diff = diff_allocations(base, shut)
    assert diff.cost_change_usd == pytest.approx(60)
    assert {c.corridor: c.change_t for c in diff.corridors} == pytest.approx(
        {"Bravo One": -60, "Bravo Two": 60})


def test_partial_closure_scales_capacity(tiny_network: Path) -> None:
    a = run(BASE + "closures: [{element: Bravo One, days: 73}]", tiny_network)
    flows = {row.corridor: row.tonnes for row in a.flows}
    assert flows["Bravo One"] == pytest.approx(48)  # 60 x (365 - 73) / 365
    assert a.total_cost_usd == pytest.approx(48 * 6 + 52 * 7)


def test_partial_closure_without_capacity_is_refused(tiny_network: Path) -> None:
    with pytest.raises(ScenarioError, match="Bravo Two has no capacity"):
        run(BASE + "closures: [{element: Bravo Two, days: 30}]", tiny_network)


def test_capacity_override(tiny_network: Path) -> None:
    a = run(BASE + "capacity: [{element: Bravo One, tonnes_per_year: 90}]", tiny_network)
    assert {row.corridor: row.tonnes for row in a.flows} == pytest.approx(
        {"Bravo One": 90, "Bravo Two": 10})


def test_shared_capacity_limits_several_places_together(tiny_network: Path) -> None:
    """One limit over both crossings (as a transit country's seaports): their flows sum to at
    most the limit, each keeps its own capacity, and the rest of the supply is stranded with
    the shared limit named as the bottleneck."""
    text = BASE.replace("{market: Mike, commodity: wheat}",
                        "{market: Mike, commodity: wheat, price: 20}")
    a = run(text + "capacity: [{element: [Bravo One, Bravo Two], tonnes_per_year: 80}]",
            tiny_network)
    flows = {row.corridor: row.tonnes for row in a.flows}
    assert flows == pytest.approx({"Bravo One": 60, "Bravo Two": 20})
    (shared,) = [c for c in a.capacities if c.element == "KZ-B1+KZ-B2"]
    assert shared.name == "Bravo One + Bravo Two"
    assert shared.tonnes == pytest.approx(80)
    assert shared.binding
    assert shared.value_usd_per_t == pytest.approx(20 - 7)  # one more tonne goes via B2
    (short,) = a.stranded
    assert short.tonnes == pytest.approx(20)


@pytest.mark.parametrize(("element", "message"), [
    ("[Bravo One]", "names 2 to 50 places or links, not 1"),
    ("[Bravo One, KZ-B1]", "names a place or link twice"),
    ("[Bravo One, Nowhere]", "field 'capacity[0].element[1]'"),
])
def test_shared_capacity_is_checked(tiny_network: Path, element: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message.replace("[", r"\[").replace("]", r"\]")):
        run(BASE + f"capacity: [{{element: {element}, tonnes_per_year: 80}}]", tiny_network)


def test_prices_maximise_netback_and_strand_unprofitable_supply(tiny_network: Path) -> None:
    text = BASE.replace("{market: Mike, commodity: wheat}",
                        "{market: Mike, commodity: wheat, price: 6.5}")
    a = run(text, tiny_network)
    assert {row.corridor: row.tonnes for row in a.flows} == pytest.approx({"Bravo One": 60})
    assert a.revenue_usd == pytest.approx(60 * 6.5)
    assert a.netback_usd == pytest.approx(60 * 0.5)
    (short,) = a.stranded
    assert short.tonnes == pytest.approx(40)
    assert "bottlenecks: Bravo One" in short.reason
    (b1,) = [c for c in a.capacities if c.element == "KZ-B1"]
    assert b1.value_usd_per_t == pytest.approx(0.5)


def test_infeasible_supply_says_why(tiny_network: Path) -> None:
    a = run(BASE + "avoid: [Uzbekistan]", tiny_network)
    (short,) = a.stranded
    assert short.tonnes == pytest.approx(100)
    assert "no route from Alpha reaches a market buying wheat" in short.reason


def test_demand_smaller_than_supply(tiny_network: Path) -> None:
    a = run(BASE.replace("{market: Mike, commodity: wheat}",
                         "{market: Mike, commodity: wheat, tonnes: 70}"), tiny_network)
    assert a.delivered_t == pytest.approx(70)
    (short,) = a.stranded
    assert "buy at most 70 t" in short.reason


def test_unmet_minimum_is_reported(tiny_network: Path) -> None:
    text = BASE.replace("{market: Mike, commodity: wheat}",
                        "{market: Mike, commodity: wheat, min_tonnes: 150}")
    a = run(text, tiny_network)
    (missing,) = a.unmet
    assert missing.tonnes == pytest.approx(50)


def test_tariff_multiplier_scales_costs(tiny_network: Path) -> None:
    a = run(BASE + "multipliers: {tariff: {rail: 2}}", tiny_network)
    # rail part doubles: 1 + 4 + 1 = 6 -> via B1: 1 + 4 + 2 + 1 = 8 (per tonne); B2: 1+6+2+1 = 10
    assert a.total_cost_usd == pytest.approx(60 * 8 + 40 * 10)


# --- invariants on the bundled network -----------------------------------------------------

ORIGINS = ["Kostanay", "Petropavl", "Astana", "Pavlodar", "Almaty", "Shymkent", "Aktobe"]
MARKETS = ["Tashkent", "Mazar-i-Sharif", "Cai Mep", "Haiphong", "Istanbul", "Baku", "Xi'an"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    supply=st.lists(st.tuples(st.sampled_from(ORIGINS), st.integers(10_000, 3_000_000)),
                    min_size=1, max_size=4, unique_by=lambda t: t[0]),
    markets=st.lists(st.tuples(st.sampled_from(MARKETS), st.integers(50_000, 2_000_000)),
                     min_size=1, max_size=3, unique_by=lambda t: t[0]),
    dostyk=st.integers(0, 5_000_000),
)
def test_flows_conserve_mass_and_respect_capacity(
    supply: list[tuple[str, int]], markets: list[tuple[str, int]], dostyk: int
) -> None:
    text = "name: property\nsupply:\n" + "".join(
        f"  - {{origin: {o}, commodity: wheat, tonnes: {t}}}\n" for o, t in supply)
    text += "demand:\n" + "".join(
        f"  - {{market: \"{m}\", commodity: wheat, tonnes: {t}}}\n" for m, t in markets)
    text += f"capacity:\n  - {{element: Dostyk, tonnes_per_year: {dostyk}}}\n"
    a = allocate(parse_scenario(text))
    total_supply = sum(t for _, t in supply)
    shipped_by_origin: dict[str, float] = {}
    for row in a.flows:
        shipped_by_origin[row.origin_name] = shipped_by_origin.get(row.origin_name, 0) + row.tonnes
    for origin, tonnes in supply:
        assert shipped_by_origin.get(origin, 0.0) <= tonnes + 1e-3
    assert sum(r.tonnes for r in a.flows) == pytest.approx(a.delivered_t, rel=1e-6, abs=1e-3)
    assert a.delivered_t + sum(s.tonnes for s in a.stranded) == pytest.approx(
        total_supply, rel=1e-6)
    for market, cap in markets:
        got = sum(r.tonnes for r in a.flows if r.market_name.startswith(market.split(" (")[0]))
        assert got <= cap + 1e-3
    for use in a.capacities:
        assert use.tonnes <= use.capacity * (1 + 1e-7) + 1e-3
