"""The catchment view's break-even control at a phone's width (390 px) and a laptop's
(1366 px): the flows the gateway loses are offered, POST /api/break-even answers in a sentence
naming the lever and its values, a lever that does not apply is refused next to its control,
and the page does not scroll sideways."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.e2e.test_layout import _no_overflow, sized  # noqa: F401


def test_break_even_of_a_flow_lianyungang_loses(sized: tuple[str, Any],  # noqa: F811
                                                artifacts: Path) -> None:
    name, page = sized
    page.click("#tab-catchment")
    page.select_option("#k-cargo", "cotton")
    page.click("#catchment-button")
    page.locator("#catchment-table tbody tr").first.wait_for()
    flows = page.locator("#b-flow option")
    assert flows.count() >= 1
    assert "behind by" in flows.first.inner_text()
    assert page.locator("#catchment-status").inner_text().count("rival") >= 1
    page.select_option("#b-lever", "dwell")
    page.click("#breakeven-button")
    sentence = page.locator("#breakeven-sentence")
    sentence.wait_for()
    text = sentence.inner_text()
    assert text.startswith("Lianyungang")
    # "wins X if its dwell falls from A to B h", or it cannot win whatever the dwell
    assert re.search(r"dwell (falls|rises) from [\d.]+ to [\d.]+ h|whatever the dwell", text), text
    assert "USD/t" in page.locator("#breakeven-status").inner_text()
    assert page.locator("#breakeven-error").is_hidden()
    _no_overflow(page)
    page.screenshot(path=str(artifacts / f"breakeven-{name}.png"), full_page=True)
    page.locator("#breakeven-form").screenshot(path=str(artifacts / f"breakeven-form-{name}.png"))


def test_a_lever_that_does_not_apply_is_refused_at_its_control(
        sized: tuple[str, Any]) -> None:  # noqa: F811
    _, page = sized
    page.click("#tab-catchment")
    page.select_option("#k-cargo", "wheat")  # bulk: chartered ships, no sailings to count
    page.click("#catchment-button")
    page.locator("#b-flow option").first.wait_for(state="attached")
    page.select_option("#b-lever", "frequency")
    page.click("#breakeven-button")
    error = page.locator("#breakeven-error")
    error.wait_for()
    assert "Lever" in error.inner_text()
    assert page.locator("#b-lever").get_attribute("aria-invalid") == "true"
    assert page.locator("#breakeven-sentence").is_hidden()
    _no_overflow(page)
