"""Golden routes, invariants of every plan, and clear errors for impossible requests."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landbridge.errors import (
    CargoNotHandledError,
    InvalidOptionError,
    NoRouteError,
    UnknownPlaceError,
)
from landbridge.model.places import Role
from landbridge.network.network import Network
from landbridge.planning import RouteRequest, plan_routes
from landbridge.planning.results import RoutePlan
from landbridge.routing.pareto import dominates

CHINESE_PORTS = {"Lianyungang", "Qingdao", "Tianjin (Xingang)", "Shanghai",
                 "China–Kazakhstan Logistics Base (Lianyungang)"}


def plan(**kwargs: object) -> RoutePlan:
    kwargs.setdefault("samples", 2_000)
    return plan_routes(RouteRequest(**kwargs))  # type: ignore[arg-type]


def countries_on(route, network: Network) -> set[str]:  # type: ignore[no-untyped-def]
    return {c for p in route.via for c in p.countries}


# --- golden cases: routes go where a forwarder would expect --------------------------------


def test_kostanay_to_ho_chi_minh_city_offers_a_chinese_port(network: Network) -> None:
    result = plan(origin="Kostanay", destination="Ho Chi Minh City", commodity="wheat",
                  unit="container")
    ports = [{p.name for p in r.via} & CHINESE_PORTS for r in result.routes]
    assert any(ports), [r.corridor for r in result.routes]
    china = next(r for r, found in zip(result.routes, ports, strict=True) if found)
    assert "Dostyk" in china.corridor or "Altynkol" in china.corridor
    assert china.legs[-2].mode == "sea"


def test_avoiding_china_leaves_western_and_southern_corridors(network: Network) -> None:
    result = plan(origin="Kostanay", destination="Ho Chi Minh City", commodity="wheat",
                  unit="container", avoid=("China",))
    assert result.routes
    for route in result.routes:
        assert "CN" not in countries_on(route, network)
    exits = {r.corridor.split(" > ")[0] for r in result.routes}
    assert exits & {"Saryagash–Keles", "Kuryk", "Troitsk", "Bolashak–Serhetyaka"}


def test_avoiding_china_and_russia_goes_by_the_caspian_or_iran(network: Network) -> None:
    result = plan(origin="Kostanay", destination="Ho Chi Minh City", commodity="wheat",
                  unit="container", avoid=("China", "Russia"))
    for route in result.routes:
        assert not countries_on(route, network) & {"CN", "RU"}
        assert {"AZ", "IR"} & countries_on(route, network)


def test_closing_bab_el_mandeb_reroutes_black_sea_wheat_to_asia() -> None:
    open_sea = plan(origin="Novorossiysk", destination="Cai Mep", commodity="wheat")
    closed = plan(origin="Novorossiysk", destination="Cai Mep", commodity="wheat",
                  avoid=("Bab-el-Mandeb",))
    sea_open = next(leg for leg in open_sea.best.legs if leg.mode == "sea")
    assert "suez" in sea_open.passages
    for route in closed.routes:
        for leg in route.legs:
            assert "bab-el-mandeb" not in leg.passages
    sea_closed = [leg for r in closed.routes for leg in r.legs if leg.mode == "sea"]
    assert max(leg.distance_km for leg in sea_closed) > sea_open.distance_km + 5_000
    assert closed.routes[0].cost_usd_per_t > open_sea.best.cost_usd_per_t


def test_red_sea_is_an_alias_of_bab_el_mandeb() -> None:
    a = plan(origin="Novorossiysk", destination="Cai Mep", commodity="wheat", avoid=("Red Sea",))
    b = plan(origin="Novorossiysk", destination="Cai Mep", commodity="wheat",
             avoid=("bab-el-mandeb",))
    assert [r.corridor for r in a.routes] == [r.corridor for r in b.routes]


def test_via_forces_the_caspian() -> None:
    result = plan(origin="Kostanay", destination="Baku", commodity="wheat", via="Kuryk")
    for route in result.routes:
        assert "Kuryk" in [p.name for p in route.via]


def test_flour_to_afghanistan_crosses_at_termez() -> None:
    result = plan(origin="Shymkent", destination="Mazar-i-Sharif", commodity="flour")
    assert "Termez–Hairatan" in result.best.corridor
    assert result.best.days.mean < 15


def test_objectives_order_the_routes() -> None:
    for objective, key in (("fastest", lambda r: r.days.mean),
                           ("cheapest", lambda r: r.cost_usd_per_t),
                           ("greenest", lambda r: r.co2e_wtw)):
        result = plan(origin="Almaty", destination="Duisburg", commodity="general",
                      objective=objective)
        values = [key(r) for r in result.routes]
        # ordered by the objective's expected value (the Monte Carlo mean wobbles slightly)
        assert values[0] <= min(values) * 1.02, (objective, values)


def test_netback_is_price_minus_cost() -> None:
    result = plan(origin="Kostanay", destination="Cai Mep", commodity="wheat", price=270)
    for route in result.routes:
        assert route.netback_usd_per_t == pytest.approx(270 - route.cost_usd_per_t)


# --- errors ------------------------------------------------------------------------------


def test_unknown_place_suggests() -> None:
    with pytest.raises(UnknownPlaceError, match="did you mean Kostanay"):
        plan(origin="Kostanaj", destination="Cai Mep")


def test_bulk_wheat_to_a_container_terminal_says_what_to_try() -> None:
    with pytest.raises(CargoNotHandledError, match=r"Cat Lai .* cannot unload") as caught:
        plan(origin="Kostanay", destination="Cat Lai", commodity="wheat", unit="bulk")
    error = caught.value
    assert error.field == "unit"
    assert error.units == ("container",)
    assert error.nearby == ("Cai Mep",)
    assert "--" not in str(error)  # the core names no command-line flag


def test_a_market_area_none_of_whose_terminals_takes_the_cargo_says_so_per_terminal() -> None:
    with pytest.raises(CargoNotHandledError) as caught:
        plan(origin="Zhezkazgan", destination="Ho Chi Minh City", commodity="ore")
    assert [r.terminal for r in caught.value.refusals] == ["Cat Lai (Ho Chi Minh City)",
                                                           "Cai Mep"]
    assert "no terminal of Ho Chi Minh City" in str(caught.value)


def test_reefer_only_cargo_in_bulk_is_refused() -> None:
    with pytest.raises(InvalidOptionError, match="mutton travels only as reefer"):
        plan(origin="Semey", destination="Tashkent", commodity="mutton", unit="bulk")


def test_max_days_says_how_long_the_fastest_takes() -> None:
    with pytest.raises(NoRouteError, match=r"within 3 days: the fastest takes \d+\.\d days"):
        plan(origin="Semey", destination="Tashkent", commodity="mutton", max_days=3)


def test_avoided_origin_is_refused() -> None:
    with pytest.raises(NoRouteError, match="origin Kostanay is itself avoided"):
        plan(origin="Kostanay", destination="Cai Mep", avoid=("Kazakhstan",))


def test_avoid_that_cuts_the_last_route_is_named() -> None:
    with pytest.raises(NoRouteError, match="avoiding"):
        plan(origin="Shymkent", destination="Mazar-i-Sharif", commodity="flour",
             avoid=("Uzbekistan",))


@pytest.mark.parametrize(("field", "value"), [("tonnes", -1.0), ("samples", 5),
                                              ("max_days", 0.0)])
def test_nonsense_numbers_are_refused(field: str, value: float) -> None:
    with pytest.raises(InvalidOptionError, match=field.replace("_", " ")) as caught:
        plan(origin="Kostanay", destination="Cai Mep", **{field: value})
    assert caught.value.what == field


def test_unknown_cargo_lists_the_choices() -> None:
    with pytest.raises(InvalidOptionError, match="wheat"):
        plan(origin="Kostanay", destination="Cai Mep", commodity="caviar")


# --- invariants --------------------------------------------------------------------------


def check_plan(result: RoutePlan) -> None:
    """Totals equal the sum of legs; routes are mutually non-dominated; distributions sane."""
    vectors = []
    for route in result.routes:
        assert sum(leg.cost_usd_per_t for leg in route.legs) == pytest.approx(
            route.freight_usd_per_t)
        assert sum(leg.distance_km for leg in route.legs) == pytest.approx(route.distance_km)
        assert sum(leg.co2e_wtw for leg in route.legs) == pytest.approx(route.co2e_wtw)
        assert sum(leg.co2e_ttw for leg in route.legs) == pytest.approx(route.co2e_ttw)
        hours = sum(leg.hours for leg in route.legs)
        assert route.carrying_usd_per_t >= 0
        assert route.co2e_ttw <= route.co2e_wtw + 1e-9
        assert route.days.p50 <= route.days.p90 <= route.days.p95
        assert route.days.mean == pytest.approx(hours / 24, rel=0.05)
        assert route.via[0].id == route.start.id
        assert route.via[-1].id == route.end.id
        assert route.start.id in result.origin.ids
        assert route.end.id in result.destination.ids
        if route.pareto:
            vectors.append((hours, route.cost_usd_per_t, route.co2e_wtw))
    for i, a in enumerate(vectors):
        for j, b in enumerate(vectors):
            if i != j and a != b:
                assert not (dominates(a, b) and a != b) or math.isclose(a[0], b[0]), (a, b)


@pytest.fixture(scope="module")
def pairs(network: Network) -> list[tuple[str, str]]:
    origins = [p.id for p in network.with_role(Role.ORIGIN)]
    markets = [p.id for p in network.with_role(Role.MARKET)]
    return [(o, m) for o in origins for m in markets if o != m]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_plan_is_consistent(data: st.DataObject, pairs: list[tuple[str, str]]) -> None:
    origin, market = data.draw(st.sampled_from(pairs))
    unit = data.draw(st.sampled_from(["bulk", "container"]))
    objective = data.draw(st.sampled_from(["fastest", "cheapest", "greenest", "balanced"]))
    try:
        result = plan(origin=origin, destination=market, commodity="wheat", unit=unit,
                      objective=objective, samples=500)
    except NoRouteError:
        return
    check_plan(result)


def test_same_seed_same_distribution() -> None:
    a = plan(origin="Almaty", destination="Duisburg", commodity="general", seed=7)
    b = plan(origin="Almaty", destination="Duisburg", commodity="general", seed=7)
    c = plan(origin="Almaty", destination="Duisburg", commodity="general", seed=8)
    assert a.best.days.to_dict() == b.best.days.to_dict()
    assert (a.best.days.samples == b.best.days.samples).all()
    assert a.best.days.to_dict() != c.best.days.to_dict()
