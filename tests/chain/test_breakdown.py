"""The whole chain: the steps add up to the landed price, the netback and the margin, and the
transport in it is exactly the planner's."""

from __future__ import annotations

import math

import pytest

from landbridge.chain import Regime, chain_tables
from landbridge.chain.breakdown import ChainBreakdown, Stage, price_chain
from landbridge.errors import InvalidOptionError
from landbridge.planning import RouteRequest, plan_routes

ORIGIN, MARKET = "Kostanay", "Ho Chi Minh City"


@pytest.fixture(scope="module")
def chains() -> dict[str, ChainBreakdown]:
    return {
        "wheat": price_chain(ORIGIN, MARKET),
        "market": price_chain(ORIGIN, MARKET, output="flour"),
        "origin": price_chain(ORIGIN, MARKET, output="flour", at="Kostanay"),
        "gateway": price_chain(ORIGIN, MARKET, output="flour", at="Lianyungang"),
    }


def check_sums(chain: ChainBreakdown) -> None:
    """The invariants every chain keeps (the shared checker)."""
    total = sum(s.usd_per_t for s in chain.steps)
    assert math.isclose(total, chain.margin_usd_per_t, abs_tol=1e-9)
    assert math.isclose(chain.landed_usd_per_t, chain.purchase + chain.costs, abs_tol=1e-9)
    assert math.isclose(chain.netback_usd_per_t, chain.revenue - chain.costs, abs_tol=1e-9)
    assert math.isclose(chain.margin_usd_per_t, chain.netback_usd_per_t - chain.purchase,
                        abs_tol=1e-9)
    assert math.isclose(sum(chain.by_stage().values()), total, abs_tol=1e-9)
    assert all(s.usd_per_t >= 0 for s in chain.steps if s.stage is Stage.SALE)
    assert all(s.usd_per_t <= 0 for s in chain.steps if s.stage is not Stage.SALE)


@pytest.mark.parametrize("option", ["wheat", "market", "origin", "gateway"])
def test_steps_add_up_to_landed_netback_and_margin(chains: dict[str, ChainBreakdown],
                                                   option: str) -> None:
    check_sums(chains[option])


def test_unprocessed_chain_ties_to_the_planners_landed_and_netback(
        chains: dict[str, ChainBreakdown]) -> None:
    """Golden: with the wheat price at the market, the planner's netback (price - freight -
    carrying) is the chain's netback plus insurance and duty, and its transport steps are the
    planner's cost to the cent."""
    chain = chains["wheat"]
    price = chain.revenue
    route = plan_routes(RouteRequest(origin=ORIGIN, destination=MARKET, commodity="wheat",
                                     price=price, samples=1_000, alternatives=1)).best
    stages = chain.by_stage()
    transport = -sum(v for k, v in stages.items() if k not in
                     (Stage.PURCHASE, Stage.SALE, Stage.INSURANCE, Stage.DUTY))
    assert math.isclose(transport, route.cost_usd_per_t, abs_tol=1e-9)
    assert route.netback_usd_per_t is not None
    clearing = -(stages[Stage.INSURANCE] + stages[Stage.DUTY])
    assert math.isclose(chain.netback_usd_per_t + clearing, route.netback_usd_per_t,
                        abs_tol=1e-9)
    assert math.isclose(chain.purchase, 128.4)  # product_prices.csv, Kostanay FCA


def test_processing_step_and_mass_balance(chains: dict[str, ChainBreakdown]) -> None:
    """Golden: per tonne of wheat 0.75 t flour reach the market and 0.25 t bran is sold at the
    mill; the flour leg carries 0.75 t; milling costs USD 33.75."""
    process = chain_tables().process("wheat", "flour")
    assert math.isclose(sum(process.outputs.values()) + process.loss, 1.0)
    chain = chains["origin"]
    sales = {s.product: s.usd_per_t for s in chain.steps if s.stage is Stage.SALE}
    assert math.isclose(sales["flour"], 0.75 * 370.0)
    assert math.isclose(sales["bran"], 0.25 * 70.6)  # bran at the Kazakh price
    assert [leg.tonnes_per_t for leg in chain.legs] == [0.75]
    assert math.isclose(chain.by_stage()[Stage.PROCESSING], -33.75)


def test_gateway_mill_clears_wheat_bonded_and_sells_bran_in_china(
        chains: dict[str, ChainBreakdown]) -> None:
    chain = chains["gateway"]
    duties = [s for s in chain.steps if s.stage is Stage.DUTY]
    assert any("bonded_reexport" in s.label and s.usd_per_t == 0 for s in duties)
    sales = {s.product: s.usd_per_t for s in chain.steps if s.stage is Stage.SALE}
    assert math.isclose(sales["bran"], 0.25 * 148.5)
    assert [leg.product for leg in chain.legs] == ["wheat", "flour"]


def test_duty_is_charged_on_the_cif_value() -> None:
    """Golden on China's out-of-quota rate: 65% of purchase + costs before clearing."""
    tables = chain_tables()
    duty = tables.duty("CN", "wheat")
    assert duty is not None and duty.rate_pct == 1.0  # in quota by default
    out = tables.duty("CN", "wheat", Regime.OUT_OF_QUOTA)
    assert out is not None and out.rate_pct == 65.0


def test_no_process_for_a_pair_says_which_there_are() -> None:
    with pytest.raises(InvalidOptionError, match="wheat -> flour"):
        chain_tables().process("wheat", "malt")
