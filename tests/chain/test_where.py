"""Where to process: every option priced by the same chain, ranked by margin, with the routes;
and the commands that print it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landbridge.chain import ProcessComparison, Site, Stage, where_to_process
from landbridge.cli import app

runner = CliRunner()
ORIGIN, MARKET = "Kostanay", "Ho Chi Minh City"


@pytest.fixture(scope="module")
def comparison() -> ProcessComparison:
    return where_to_process(ORIGIN, MARKET)


def test_every_site_kind_is_compared(comparison: ProcessComparison) -> None:
    sites = {o.site for o in comparison.options}
    assert sites == {Site.NONE, Site.ORIGIN, Site.GATEWAY, Site.MARKET}
    assert all(o.chain is not None for o in comparison.options)


def test_options_are_ranked_by_margin(comparison: ProcessComparison) -> None:
    margins = [o.chain.margin_usd_per_t for o in comparison.priced if o.chain]
    assert margins == sorted(margins, reverse=True)


def test_why_explains_the_gap(comparison: ProcessComparison) -> None:
    """The per-stage differences between the best and the runner-up add up to the gap."""
    assert comparison.gap is not None
    assert math.isclose(sum(comparison.why().values()), comparison.gap, abs_tol=0.01)


def test_the_bundled_answer(comparison: ProcessComparison) -> None:
    """Golden on the bundled data: milling at the market earns most (the flour price carries a
    miller's margin, and wheat ships cheaper in bulk than flour in bags); the Lianyungang mill
    loses on Chinese rail and the gauge change; origin mills beat it because the flour travels
    0.75 t per t of wheat and the bran stays (cheap) in Kazakhstan."""
    order = [o.site for o in comparison.priced]
    assert order[0] is Site.MARKET and order[1] is Site.NONE and order[-1] is Site.GATEWAY
    gateway = comparison.priced[-1].chain
    assert gateway is not None
    assert gateway.by_stage()[Stage.RAIL] < -100.0  # Kostanay -> Lianyungang by rail


def test_at_restricts_the_candidates_and_allows_a_hypothetical_mill() -> None:
    cmp = where_to_process(ORIGIN, MARKET, at=["Aktau"])
    names = [o.name for o in cmp.options]
    assert "Aktau (hypothetical mill)" in names and len(names) == 2


def test_process_command_json() -> None:
    result = runner.invoke(app, ["process", "--from", ORIGIN, "--to", MARKET, "--input",
                                 "wheat", "--output", "flour", "--at", "Kostanay", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [o["site"] for o in data["options"]] == ["no processing", "origin"]
    assert data["best"]["site"] == "no processing"


def test_chain_command_table_json_and_plot(tmp_path: Path) -> None:
    plot = tmp_path / "chain.png"
    result = runner.invoke(app, ["chain", "--from", ORIGIN, "--to", MARKET, "--output",
                                 "flour", "--at", "Lianyungang", "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    assert "bonded_reexport" in result.output and plot.stat().st_size > 0
    result = runner.invoke(app, ["chain", "--from", ORIGIN, "--to", MARKET, "--json"])
    data = json.loads(result.stdout)
    assert math.isclose(sum(s["usd_per_t"] for s in data["steps"]), data["margin_usd_per_t"],
                        abs_tol=0.05)


def test_unknown_process_is_a_one_line_error() -> None:
    result = runner.invoke(app, ["chain", "--from", ORIGIN, "--to", MARKET, "--output",
                                 "malt"])
    assert result.exit_code == 2
    assert "no process turns wheat into malt" in result.output
    assert "Traceback" not in result.output


def test_the_prices_that_would_flip_it(comparison: ProcessComparison) -> None:
    """Golden: selling the wheat ties with the market mill when flour falls to
    (270 + 33.75 - 0.25 x 148.5) / 0.75 = 355.5, or wheat rises to 270 + 10.875."""
    flips = {(f.option, f.product): f for f in comparison.flips()}
    flour = flips["sell wheat unprocessed", "flour"]
    assert flour.price == pytest.approx(370.0) and flour.at == pytest.approx(355.5, abs=1e-6)
    wheat = flips["sell wheat unprocessed", "wheat"]
    assert wheat.at == pytest.approx(270.0 + 10.875, abs=1e-6)
    # origin and gateway mills sell the same flour as the market mill: no price flips them
    assert {option for option, _ in flips} == {"sell wheat unprocessed"}
