"""The catchment view and the where-to-process panel at a phone's width (390 px) and a
laptop's (1366 px): tables with their rows, the origins marked on the map with their share in
words, the best site first, and no sideways scrolling of the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.test_layout import _columns_readable, _no_overflow, sized  # noqa: F401


def test_catchment_of_lianyungang_lists_and_marks_its_origins(
        sized: tuple[str, Any], artifacts: Path) -> None:  # noqa: F811
    name, page = sized
    page.click("#tab-catchment")
    assert page.locator("#k-gateway option:checked").inner_text().startswith("Lianyungang")
    page.select_option("#k-cargo", "wheat")
    page.click("#catchment-button")
    rows = page.locator("#catchment-table tbody tr")
    rows.first.wait_for()
    assert rows.count() >= 3
    _no_overflow(page)
    _columns_readable(page, "catchment-table")
    origins = page.locator("#markers g.marker.catchment.origin")
    assert origins.count() == rows.count()  # every origin in the table is on the map
    assert page.locator("#markers g.marker.catchment.gateway").count() >= 1
    # the share is in the label and the legend, not in colour alone
    assert "%" in (origins.first.locator("title").text_content() or "")
    assert "%" in (origins.first.locator("text").text_content() or "")
    assert page.locator("#catchment-legend li").count() == 5
    first = rows.first.get_attribute("data-origin")
    assert page.locator(f"#markers g.marker.catchment.origin[data-place='{first}']").count() == 1
    page.screenshot(path=str(artifacts / f"catchment-{name}.png"), full_page=True)


def test_where_to_process_wheat_to_flour_lists_the_sites_best_first(
        sized: tuple[str, Any], artifacts: Path) -> None:  # noqa: F811
    name, page = sized
    page.click("#tab-process")
    page.fill("#p-origin", "Kostanay")
    page.fill("#p-market", "Ho Chi Minh City")
    page.select_option("#p-input", "wheat")
    page.select_option("#p-output", "flour")
    page.click("#process-button")
    rows = page.locator("#process-table tbody tr.pickable")
    rows.first.wait_for()
    assert rows.count() >= 3
    margins = [float(t.replace("+", "").replace("\u2212", "-").replace(",", ""))
               for t in page.locator("#process-table tbody tr.pickable td:nth-child(3)")
               .all_inner_texts()]
    assert margins == sorted(margins, reverse=True)  # the best first
    # the best option's chain, step by step, ending in its margin
    page.locator("#chain-table tbody tr.total").wait_for()
    assert page.locator("#chain-table tbody tr").count() >= 3
    assert page.locator("#process-table tbody tr.selected").get_attribute("data-option") == "1"
    page.locator("#process-table tbody tr.pickable").nth(1).locator("td").nth(1).click()
    page.wait_for_function("document.querySelector('#process-table tbody tr.selected')"
                           ".dataset.option === '2'")
    _no_overflow(page)
    _columns_readable(page, "process-table")
    page.screenshot(path=str(artifacts / f"process-{name}.png"), full_page=True)
