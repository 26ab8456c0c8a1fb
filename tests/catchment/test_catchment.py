"""Golden tests of the catchment on the hand-solvable network (see conftest.py for the sums)."""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landbridge.catchment import Logit, catchment
from landbridge.catchment.analysis import setups
from landbridge.catchment.breakeven import break_even
from landbridge.catchment.competition import gateways
from landbridge.catchment.kernel import gateway_edges, pair_paths
from landbridge.errors import InvalidOptionError, NoRouteError
from landbridge.network.load import load_network
from landbridge.network.network import Network
from landbridge.scenario import parse_scenario
from landbridge.scenario.model import Scenario
from tests.flows.conftest import SRC

VIA_B1 = 6.0 + 0.05 * 11  # freight + value of 11 h
VIA_B2 = 7.0 + 0.05 * 15


def _scenario(network: Network, tonnes: float = 100.0) -> Scenario:
    return parse_scenario(f"""
name: tiny
supply: [{{origin: Alpha, commodity: wheat, tonnes: {tonnes}}}]
demand: [{{market: Mike, commodity: wheat, tonnes: 1000}}]
""", network=network)


# --- the logit ------------------------------------------------------------------------------

@given(st.lists(st.floats(0, 1e4), min_size=1, max_size=8), st.floats(0, 100))
def test_logit_shares_sum_to_one_and_favour_the_cheaper(costs: list[float],
                                                        scale: float) -> None:
    shares = Logit(scale_usd_per_t=scale).shares(costs)
    assert shares.sum() == pytest.approx(1.0)
    assert (shares >= 0).all()
    order = np.argsort(costs, kind="stable")
    assert all(shares[a] >= shares[b] - 1e-12 for a, b in itertools.pairwise(order))


@pytest.mark.parametrize("scale", [1.0, 0.1, 0.01, 1e-3])
def test_logit_tends_to_all_or_nothing_as_the_scale_goes_to_zero(scale: float) -> None:
    share = Logit(scale_usd_per_t=scale).gateway_share(VIA_B1, VIA_B2)
    assert share == pytest.approx(1.0 / (1.0 + math.exp(-(VIA_B2 - VIA_B1) / scale)))
    assert Logit(scale_usd_per_t=0.0).gateway_share(VIA_B1, VIA_B2) == 1.0
    assert Logit(scale_usd_per_t=0.0).shares([5.0, 5.0]).tolist() == [0.5, 0.5]


def test_logit_with_no_rival_gives_the_whole_flow() -> None:
    assert Logit().gateway_share(10.0, math.inf) == 1.0
    assert Logit().shares([math.inf, math.inf]).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("scale", [-1.0, math.nan, math.inf])
def test_logit_refuses_a_bad_scale(scale: float) -> None:
    with pytest.raises(InvalidOptionError):
        Logit(scale_usd_per_t=scale)


# --- catchment --------------------------------------------------------------------------------

def test_catchment_golden_margins_and_share(tiny: Network) -> None:
    result = catchment("Bravo One", network=tiny, scenario=_scenario(tiny), volumes="demand",
                       logit=Logit(scale_usd_per_t=1.0))
    (flow,) = result.flows
    assert flow.via is not None and flow.other is not None
    assert flow.via.gateways == ("KZ-B1",) and flow.other.gateways == ("KZ-B2",)
    assert flow.via.freight_usd_per_t == pytest.approx(6.0)
    assert flow.via.generalised_usd_per_t == pytest.approx(VIA_B1)
    assert flow.other.generalised_usd_per_t == pytest.approx(VIA_B2)
    assert flow.margin_usd_per_t == pytest.approx(1.0)
    assert flow.margin_days == pytest.approx(4.0 / 24.0)
    assert flow.margin_generalised == pytest.approx(1.2)
    assert flow.share == pytest.approx(1.0 / (1.0 + math.exp(-1.2)))
    assert flow.gateway_tonnes == pytest.approx(100.0 * flow.share)
    assert result.by_country == {"KZ": pytest.approx(100.0 * flow.share)}


def test_the_two_gateways_share_each_flow_whole(tiny: Network) -> None:
    for scale in (0.0, 0.5, 5.0):
        logit = Logit(scale_usd_per_t=scale)
        one = catchment("Bravo One", network=tiny, logit=logit).flows[0]
        two = catchment("Bravo Two", network=tiny, logit=logit).flows[0]
        assert one.share + two.share == pytest.approx(1.0)


def test_won_separates_beating_a_rival_from_being_the_only_route(tiny: Network) -> None:
    from dataclasses import replace

    open_ = catchment("Bravo One", network=tiny, logit=Logit(scale_usd_per_t=1.0))
    (flow,) = open_.flows
    assert flow.beats_rival and not flow.only_route and flow.wins
    assert open_.counts() == {"flows": 1, "won": 1, "beat_rival": 1, "only_route": 0,
                              "lost": 0}
    lost = catchment("Bravo Two", network=tiny, logit=Logit(scale_usd_per_t=1.0))
    assert lost.counts() == {"flows": 1, "won": 0, "beat_rival": 0, "only_route": 0, "lost": 1}
    alone = catchment("Bravo One", network=tiny,
                      scenario=replace(_scenario(tiny), avoid=("Bravo Two",)))
    (flow,) = alone.flows
    assert flow.only_route and not flow.beats_rival and flow.share == 1.0
    assert alone.counts()["only_route"] == 1 and alone.counts()["beat_rival"] == 0
    (origin,) = alone.origins()
    assert (origin.won, origin.beat_rival, origin.only_route) == (1, 0, 1)
    assert alone.to_dict()["flows"][0]["only_route"] is True  # type: ignore[index]


def test_catchment_refuses_a_place_that_is_no_gateway(tiny: Network) -> None:
    with pytest.raises(InvalidOptionError, match="not a gateway"):
        catchment("Alpha", network=tiny)


def test_kernel_paths_use_the_gateway_once_and_the_rival_never(tiny: Network) -> None:
    setup = setups(tiny, cargo=["wheat"])[0]
    edges = gateway_edges(setup.graph, frozenset({"KZ-B1"}))
    paths = pair_paths(tiny, setup.graph, setup.weights, edges, setup.sources, setup.sinks)
    via, other = paths.via[0][0], paths.other[0][0]
    assert via is not None and other is not None
    assert len(set(via) & set(edges)) == 1 and not set(other) & set(edges)


# --- gateways and capacity ---------------------------------------------------------------------

@pytest.mark.parametrize("scale", [0.0, 1.0])
def test_gateways_respect_capacity_and_move_the_overflow(tiny: Network, scale: float) -> None:
    result = gateways(scenario=_scenario(tiny), network=tiny, volumes="demand",
                      logit=Logit(scale_usd_per_t=scale))
    use = {g.id: g for g in result.gateways}
    share = Logit(scale_usd_per_t=scale).gateway_share(VIA_B1, VIA_B2)
    assert use["KZ-B1"].demand_tonnes == pytest.approx(100.0 * share)
    assert use["KZ-B1"].tonnes == pytest.approx(60.0)
    assert use["KZ-B1"].full
    assert use["KZ-B2"].tonnes == pytest.approx(40.0)
    assert use["KZ-B1"].overflow_to == {"Bravo Two": pytest.approx(100.0 * share - 60.0)}
    assert result.unplaced_tonnes == pytest.approx(0.0, abs=1e-9)


def test_gateways_below_capacity_keep_the_logit_split(tiny: Network) -> None:
    logit = Logit(scale_usd_per_t=50.0)
    result = gateways(scenario=_scenario(tiny), network=tiny, volumes="demand", logit=logit)
    use = {g.id: g for g in result.gateways}
    share = logit.gateway_share(VIA_B1, VIA_B2)
    assert share < 0.6
    assert not use["KZ-B1"].full
    assert use["KZ-B1"].tonnes == pytest.approx(100.0 * share)
    assert use["KZ-B2"].tonnes == pytest.approx(100.0 * (1 - share))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # read-only network
@given(st.floats(1.0, 1000.0), st.floats(0.0, 20.0))
def test_capacity_is_never_exceeded_and_tonnes_are_kept(tiny: Network, tonnes: float,
                                                       scale: float) -> None:
    result = gateways(scenario=_scenario(tiny, tonnes), network=tiny, volumes="demand",
                      logit=Logit(scale_usd_per_t=scale))
    use = {g.id: g for g in result.gateways}
    assert use["KZ-B1"].tonnes <= 60.0 * (1 + 1e-9)
    placed = sum(g.tonnes for g in result.gateways)  # each route passes one gateway here
    assert placed + result.unplaced_tonnes == pytest.approx(tonnes)


@pytest.fixture
def captive(tiny_network: Path) -> Network:
    """The tiny network with a second origin, Charlie, 60 km from Bravo One and linked to
    nothing else: its way round by Alpha and Bravo Two (460 km against 160) is beyond the
    planner's bounds, so Charlie's wheat is captive to the capped crossing; Alpha's is not."""
    with (tiny_network / "places.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(["KZ-C", "Charlie", "city", "KZ", "", 43.0, 70.6, "", "bulk",
                                "origin", "", SRC, ""])
    with (tiny_network / "links.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(["KZ-C", "KZ-B1", "rail_1520", 60, SRC, ""])
    return load_network(tiny_network)


@pytest.mark.parametrize("scale", [0.0, 1.0, 20.0])
def test_a_full_gateway_sheds_the_cargo_that_can_go_elsewhere_first(captive: Network,
                                                                    scale: float) -> None:
    """50 t of wheat from Alpha and 50 t from Charlie to Mike, with 60 t of room at Bravo One:
    Charlie's wheat has no other way, so the crossing keeps it, and Alpha's takes Bravo Two
    for all but the 10 t still free; nothing is unplaced. (Cutting every route by one factor
    would leave part of Charlie's wheat unplaced while Bravo Two had room.)"""
    scenario = parse_scenario("""
name: captive
supply: [{origin: Alpha, commodity: wheat, tonnes: 50}, {origin: Charlie, commodity: wheat,
          tonnes: 50}]
demand: [{market: Mike, commodity: wheat, tonnes: 1000}]
""", network=captive)
    result = gateways(scenario=scenario, network=captive, volumes="demand",
                      logit=Logit(scale_usd_per_t=scale))
    use = {g.id: g for g in result.gateways}
    assert use["KZ-B1"].full and use["KZ-B1"].tonnes == pytest.approx(60.0)
    assert use["KZ-B2"].tonnes == pytest.approx(40.0)
    assert result.unplaced_tonnes == pytest.approx(0.0, abs=1e-9)
    assert use["KZ-B1"].overflow_to == {
        "Bravo Two": pytest.approx(use["KZ-B1"].demand_tonnes - 60.0)}


def test_captive_cargo_beyond_the_capacity_is_unplaced(captive: Network) -> None:
    """With 80 t from Charlie alone, 20 t cannot cross anywhere."""
    scenario = parse_scenario("""
name: captive only
supply: [{origin: Charlie, commodity: wheat, tonnes: 80}]
demand: [{market: Mike, commodity: wheat, tonnes: 1000}]
""", network=captive)
    result = gateways(scenario=scenario, network=captive, volumes="demand")
    use = {g.id: g for g in result.gateways}
    assert use["KZ-B1"].demand_tonnes == pytest.approx(80.0)
    assert use["KZ-B1"].tonnes == pytest.approx(60.0)
    assert result.unplaced_tonnes == pytest.approx(20.0)


@pytest.fixture
def three_crossings(tiny_network: Path) -> Network:
    """The tiny network with a third, longer crossing, Bravo Three (A --250 km-- B3 --250 km--
    M, no capacity)."""
    with (tiny_network / "places.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(["KZ-B3", "Bravo Three", "border", "KZ", "UZ", 43.6, 71.4, "",
                                "bulk", "", "", SRC, ""])
    with (tiny_network / "links.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["KZ-A", "KZ-B3", "rail_1520", 250, SRC, ""],
                                 ["KZ-B3", "UZ-M", "rail_1520", 250, SRC, ""]])
    return load_network(tiny_network)


def test_overflow_is_split_over_every_other_route_by_the_logit(three_crossings: Network) -> None:
    """What Bravo One cannot take goes to Bravo Two and Bravo Three in the ratio of their own
    logit shares (each gets its part of the whole overflow), and none of it is lost."""
    result = gateways(scenario=_scenario(three_crossings), network=three_crossings,
                      volumes="demand", logit=Logit(scale_usd_per_t=1.0))
    use = {g.id: g for g in result.gateways}
    overflow = use["KZ-B1"].demand_tonnes - 60.0
    assert overflow > 1.0 and use["KZ-B1"].tonnes == pytest.approx(60.0)
    assert result.unplaced_tonnes == pytest.approx(0.0, abs=1e-9)
    two, three = use["KZ-B2"].demand_tonnes, use["KZ-B3"].demand_tonnes
    assert use["KZ-B1"].overflow_to == {
        "Bravo Two": pytest.approx(overflow * two / (two + three)),
        "Bravo Three": pytest.approx(overflow * three / (two + three))}
    assert sum(g.tonnes for g in result.gateways) == pytest.approx(100.0)


# --- break-even ---------------------------------------------------------------------------

def _gap_at(network: Network, gateway: str, lever: str, value: float) -> float:
    """Recompute the two routes with the lever set by hand (independent of the bisection)."""
    setup = setups(network, cargo=["wheat"])[0]
    ids = frozenset({"KZ-B1"} if gateway == "Bravo One" else {"KZ-B2"})
    edges = gateway_edges(setup.graph, ids)
    w = setup.weights.copy()
    if lever == "handling":
        w[edges] += value - setup.graph.cost[edges]
    else:
        w[edges] += 0.05 * (value - setup.graph.hours[edges])
    paths = pair_paths(network, setup.graph, w, edges, setup.sources, setup.sinks)
    via, other = paths.via[0][0], paths.other[0][0]
    assert via is not None and other is not None
    return float(w[via].sum() - w[other].sum())


def test_break_even_handling_makes_the_routes_tie(tiny: Network) -> None:
    b = break_even("Bravo Two", "Alpha", "Mike", lever="handling", network=tiny)
    assert b.current == pytest.approx(2.0)
    assert b.needed == pytest.approx(2.0 - 1.2, abs=b.tolerance_usd_per_t)
    assert abs(_gap_at(tiny, "Bravo Two", "handling", b.needed)) <= b.tolerance_usd_per_t
    assert "falls from 2.00 to 0.80 USD/t" in b.sentence


def test_break_even_dwell_of_a_winner_says_how_much_it_can_lose(tiny: Network) -> None:
    b = break_even("Bravo One", "Alpha", "Mike", lever="dwell", network=tiny)
    assert b.needed == pytest.approx(1.0 + 1.2 / 0.05, abs=b.tolerance_usd_per_t / 0.05)
    assert abs(_gap_at(tiny, "Bravo One", "dwell", b.needed)) <= b.tolerance_usd_per_t
    assert "until its dwell rises" in b.sentence


def test_break_even_reports_a_lever_that_cannot_win(tiny: Network) -> None:
    b = break_even("Bravo Two", "Alpha", "Mike", lever="dwell", network=tiny)
    assert b.needed is None
    assert "does not win" in b.sentence


def test_break_even_frequency_needs_a_liner(tiny: Network) -> None:
    with pytest.raises(InvalidOptionError, match="chartered"):
        break_even("Bravo One", "Alpha", "Mike", lever="frequency", network=tiny)


def test_break_even_without_a_route_through_the_gateway(tiny: Network) -> None:
    with pytest.raises((NoRouteError, InvalidOptionError)):
        break_even("Mike", "Alpha", "Mike", lever="dwell", network=tiny)


# --- output and errors ---------------------------------------------------------------------

def test_geojson_labels_each_origin_with_its_share(tiny: Network) -> None:
    from landbridge.catchment.geo import catchment_features

    result = catchment("Bravo One", network=tiny, logit=Logit(scale_usd_per_t=1.0))
    collection = catchment_features(result)
    (feature,) = collection["features"]
    assert feature["geometry"]["coordinates"] == [70.0, 43.0]
    props = feature["properties"]
    assert props["won"] == 1 and props["flows"] == 1
    assert props["mean_share"] == pytest.approx(result.flows[0].share, abs=1e-4)
    assert props["label"].startswith("Alpha: 77%")


def test_market_filter_and_unknown_places(tiny: Network) -> None:
    from landbridge.errors import UnknownPlaceError

    assert len(catchment("Bravo One", network=tiny, markets=["Mike"]).flows) == 1
    with pytest.raises(UnknownPlaceError):
        catchment("Bravo Nine", network=tiny)
    with pytest.raises(UnknownPlaceError):
        catchment("Bravo One", network=tiny, markets=["Nowhere"])
    with pytest.raises(InvalidOptionError):
        catchment("Bravo One", network=tiny, cargo=["caviar"])


def test_the_catchment_json_is_strict(tiny: Network) -> None:
    import json

    text = json.dumps(catchment("Bravo One", network=tiny).to_dict(), allow_nan=False)
    assert json.loads(text)["flows"][0]["tonnes"] == 0


# --- the rival is a route the planner would list ---------------------------------------------

def test_a_detour_the_planner_would_not_list_is_no_rival(network: Network) -> None:
    """Kazakh wheat to Busan: the cheapest route avoiding Lianyungang sails round Eurasia from
    Novorossiysk, beyond the planner's bounds of the rail to Lianyungang; the rival is the best
    route the planner lists beside it (through Tianjin), in the catchment and the break-even."""
    from landbridge.planning import RouteRequest, plan_routes

    (flow,) = [f for f in catchment("Lianyungang", network=network, cargo=["wheat"],
                                    markets=["Busan"]).flows if f.origin.name == "Kostanay"]
    listed = plan_routes(RouteRequest(origin="Kostanay", destination="Busan",
                                      commodity="wheat", unit="bulk"), network=network).routes
    rivals = [r for r in listed if "Lianyungang" not in r.corridor]
    assert flow.other is not None and not flow.only_route
    assert flow.other.corridor == rivals[0].corridor == "Dostyk–Alashankou > Tianjin > Busan"
    assert 0.0 < flow.share < 1.0
    around = plan_routes(RouteRequest(origin="Kostanay", destination="Busan", commodity="wheat",
                                      unit="bulk", avoid=("Lianyungang",)),
                         network=network).best
    assert "Novorossiysk" in around.corridor
    assert around.corridor not in {r.corridor for r in listed}
    verdict = break_even("Lianyungang", "Kostanay", "Busan", cargo="wheat", lever="dwell",
                         network=network)
    assert verdict.current < (verdict.needed or 0.0)  # it wins, until its dwell rises
    assert flow.margin_generalised > 0.0
