"""The page at a phone's width (390 px) and a laptop's (1366 px): no sideways scrolling of the
page, every column of the route and compare tables on screen, results brought into view,
rows chosen by a click anywhere on them, one route drawn per compared origin; screenshots in
artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_page import offline

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}

#: every cell of the table's rows: visible, not clipped, inside the viewport horizontally
CELLS_ON_SCREEN = """(id) => {
  const out = [];
  for (const cell of document.querySelectorAll(`#${id} tbody td`)) {
    if (!cell.textContent.trim()) continue;
    const r = cell.getBoundingClientRect();
    if (r.width < 1 || r.left < -0.5 || r.right > window.innerWidth + 0.5) {
      const name = cell.dataset.label || cell.cellIndex;
      out.push(`${name}: ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return out;
}"""


@pytest.fixture(params=sorted(SIZES))
def sized(request: Any, browser: Any, base_url: str) -> Iterator[tuple[str, Any]]:
    name = request.param
    phone = name == "phone"
    context = browser.new_context(viewport=SIZES[name], base_url=base_url, is_mobile=phone,
                                  has_touch=phone, device_scale_factor=2 if phone else 1)
    refused = offline(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/")
    page.wait_for_selector("body[data-map=ready]")
    yield name, page
    context.close()
    assert errors == [], errors
    assert refused == []


def _no_overflow(page: Any) -> None:
    width, inner = page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"the page scrolls sideways: {width} > {inner}"


def _columns_readable(page: Any, table: str) -> None:
    assert page.locator(f"#{table} tbody tr").count() >= 1
    assert page.evaluate(CELLS_ON_SCREEN, table) == []


def _in_view(page: Any, selector: str) -> None:
    page.wait_for_function("(sel) => { const r = document.querySelector(sel)"
                           ".getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight; }",
                           arg=selector)


def test_route_view_fits_and_rows_select(sized: tuple[str, Any], artifacts: Path) -> None:
    name, page = sized
    page.fill("#tonnes", "5000")
    page.click("#plan-button")
    page.locator("#routes-table tbody tr").first.wait_for()
    _in_view(page, "#route-status")
    _no_overflow(page)
    _columns_readable(page, "routes-table")
    _columns_readable(page, "legs-table")
    if name == "phone":  # cards: each cell says which column it is
        label = page.locator("#routes-table tbody tr:first-child td").nth(4)
        assert label.get_attribute("data-label") == "USD/t"
        assert page.locator("#routes-table thead").bounding_box()["height"] <= 1
    # a click anywhere on a row chooses that route, on the map and in the itinerary
    page.locator("#routes-table tbody tr:nth-child(2) td:nth-child(2)").click()
    assert page.locator("#routes g.route.selected").get_attribute("data-route") == "2"
    assert page.locator("#routes-table tbody tr.selected").get_attribute("data-route") == "2"
    # the route's places are labelled on the map: both ends at least
    assert int(page.locator("#map-svg").get_attribute("data-labels")) >= 2
    page.screenshot(path=str(artifacts / f"route-{name}.png"), full_page=True)


def test_compare_view_draws_a_route_per_origin(sized: tuple[str, Any], artifacts: Path) -> None:
    name, page = sized
    page.click("#tab-compare")
    origins = page.locator("#origin-chips li span").count()
    page.click("#compare-button")
    page.locator("#compare-table tbody tr").first.wait_for()
    _in_view(page, "#compare-status")
    _no_overflow(page)
    _columns_readable(page, "compare-table")
    answered = page.locator("#compare-table tbody tr.pickable").count()
    assert answered == origins  # every default origin has a route
    assert page.locator("#routes g.route").count() == answered
    assert page.locator("#routes g.route.selected").count() == 1
    assert page.locator("#markers g.marker.compare").count() == origins + 1
    # landed cost as stacked parts, on an axis that says where it starts
    assert page.locator("#compare-chart g.stack").count() == answered
    assert page.locator("#compare-chart rect.part-freight").count() == answered
    assert "USD per tonne" in page.locator("#compare-chart .axis-note").text_content()
    # choosing a row chooses its route on the map
    page.locator("#compare-table tbody tr.pickable").nth(2).click()
    assert page.locator("#routes g.route.selected").get_attribute("data-route") == "3"
    page.screenshot(path=str(artifacts / f"compare-{name}.png"), full_page=True)


def test_route_list_is_keyboard_navigable(sized: tuple[str, Any]) -> None:
    _, page = sized
    page.click("#plan-button")
    page.locator("#routes-table tbody tr").first.wait_for()
    page.focus("#routes-table tbody tr:first-child button.pick")
    page.keyboard.press("ArrowDown")
    assert page.locator("#routes g.route.selected").get_attribute("data-route") == "2"
    assert page.evaluate("document.activeElement.textContent") == "2"
    assert page.locator("#routes-table button.pick[aria-pressed=true]").inner_text() == "2"


def test_a_failed_answer_clears_the_previous_one(sized: tuple[str, Any]) -> None:
    _, page = sized
    page.click("#plan-button")
    page.locator("#routes-table tbody tr").first.wait_for()
    page.fill("#origin", "Nowhereville")
    page.click("#plan-button")
    error = page.locator("#route-error")
    error.wait_for()
    assert "“From”" in error.inner_text()  # the control, by its label
    assert page.locator("#route-output").is_hidden()
    assert page.locator("#routes g.route").count() == 0
    assert page.get_attribute("#origin", "aria-invalid") == "true"
    _no_overflow(page)


def test_a_what_if_built_with_the_form_runs_and_its_flows_are_on_the_map(
        sized: tuple[str, Any], artifacts: Path) -> None:
    name, page = sized
    page.click("#tab-scenarios")
    page.wait_for_selector("body[data-examples=ready]")
    example = page.input_value("#scenario-yaml")
    assert "Termez" in example  # demo.yaml, installed with the package
    # close Dostyk for 90 days and make Kazakh rail 30% dearer, without typing YAML
    page.fill("#wi-close", "Dostyk")
    page.fill("#wi-close-days", "90")
    page.click("#wi-close-add")
    page.select_option("#wi-tariff-mode", "rail")
    page.select_option("#wi-tariff-country", "KZ")
    page.fill("#wi-tariff-factor", "1.3")
    page.click("#wi-tariff-add")
    page.select_option("#wi-supply", "Kostanay|wheat")
    page.fill("#wi-supply-t", "1500000")
    page.click("#wi-supply-add")
    assert page.locator("#whatif-list li").count() == 3
    yaml = page.input_value("#scenario-yaml")
    assert "{element: Dostyk, days: 90}" in yaml
    assert '"rail:KZ": 1.3' in yaml
    assert "{origin: Kostanay, commodity: wheat, tonnes: 1500000}" in yaml
    assert "(what-if)" in yaml
    page.click("#allocate-button")
    page.locator("#diff-corridors-table tbody tr").first.wait_for(timeout=120_000)
    _in_view(page, "#allocate-status")
    _no_overflow(page)
    # the what-if's flows on the map, line width by tonnes; the binding capacity marked
    flows = page.locator("#routes path.flow[data-tonnes]")
    assert flows.count() >= 5
    widths = set(flows.evaluate_all("ps => ps.map(p => p.getAttribute('stroke-width'))"))
    assert len(widths) >= 2  # not all the same
    assert page.locator("#routes path.flow.up").count() >= 1  # what moved, coloured
    assert page.locator("#markers g.marker.binding").count() >= 1
    assert "line width" in page.locator("#flow-note").inner_text()
    text = page.locator("#diff-corridors-table").inner_text()
    assert "+" in text or "\u2212" in text
    page.screenshot(path=str(artifacts / f"scenario-{name}.png"), full_page=True)
    # back to the example: the YAML is the example again
    page.click("#whatif-undo")
    assert page.input_value("#scenario-yaml") == example


def test_an_empty_scenario_is_refused_in_the_pages_words(sized: tuple[str, Any]) -> None:
    _, page = sized
    page.click("#tab-scenarios")
    page.wait_for_selector("body[data-examples=ready]")
    page.fill("#scenario-yaml", "")
    page.click("#allocate-button")
    error = page.locator("#allocate-error")
    error.wait_for()
    assert "choose an example" in error.inner_text()
    assert "NoneType" not in error.inner_text()


#: controls in every view without an accessible name (label, aria-label(ledby), text)
UNNAMED = """() => {
  const out = [];
  const controls = 'input, select, textarea, button, [role=button], [tabindex]';
  for (const el of document.querySelectorAll(controls)) {
    if (el.type === 'hidden' || el.closest('[aria-hidden=true]')) continue;
    const named = (el.labels && el.labels.length) || el.getAttribute('aria-label')
      || el.getAttribute('aria-labelledby') || (el.textContent || '').trim();
    if (!named) out.push(el.id || el.outerHTML.slice(0, 60));
  }
  return out;
}"""


#: on a phone: visible buttons and fields smaller than a fingertip (40 px)
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'button, select, input[type=text], input[type=number]')]
  .filter((el) => el.offsetParent !== null && !el.closest('.chart'))
  .filter((el) => { const r = el.getBoundingClientRect(); return r.height < 40 || r.width < 40; })
  .map((el) => el.id || el.textContent.trim() || el.outerHTML.slice(0, 60))"""


def test_every_control_is_named_and_focus_shows(sized: tuple[str, Any]) -> None:
    name, page = sized
    page.click("#plan-button")
    page.locator("#routes-table tbody tr").first.wait_for()
    for tab in ("route", "compare", "scenarios"):
        page.click(f"#tab-{tab}")
        assert page.evaluate(UNNAMED) == [], tab
        if name == "phone":
            assert page.evaluate(SMALL_TARGETS) == [], tab
    page.click("#tab-route")
    page.focus("#tab-route")
    page.keyboard.press("ArrowRight")  # the tabs: arrow keys move between the views
    assert page.get_attribute("#tab-compare", "aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "tab-compare"
    page.keyboard.press("ArrowLeft")
    assert page.locator("#route-form").is_visible()
    page.focus("#routes-table tbody tr.selected button.pick")
    page.keyboard.press("ArrowDown")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


#: the map's shown labels that overlap another shown label or the zoom buttons
CLASHES = """() => {
  const shown = [...document.querySelectorAll('#markers text, #network-places text')]
    .filter((t) => t.getAttribute('visibility') !== 'hidden')
    .map((t) => [t.textContent, t.getBoundingClientRect()]);
  const buttons = document.querySelector('.map-controls').getBoundingClientRect();
  const hit = (a, b) => a.left < b.right - 0.5 && a.right > b.left + 0.5
    && a.top < b.bottom - 0.5 && a.bottom > b.top + 0.5;
  const out = [];
  shown.forEach(([name, box], i) => {
    if (hit(box, buttons)) out.push(`${name} under the zoom buttons`);
    shown.slice(i + 1).forEach(([other, b]) => {
      if (hit(box, b)) out.push(`${name} / ${other}`);
    });
  });
  return [shown.length, out];
}"""


def _labels_placed(page: Any) -> None:
    """Wait until the page has placed its labels: it does so on the animation frame after the
    view changes, so two frames from now are past it, however slow the machine (a fixed wait
    of 300 ms was not, on a loaded one)."""
    page.evaluate("() => new Promise((done) => "
                  "requestAnimationFrame(() => requestAnimationFrame(done)))")


def test_compare_labels_do_not_collide(sized: tuple[str, Any], artifacts: Path) -> None:
    name, page = sized
    page.click("#tab-compare")
    page.click("#add-competitors")
    page.click("#compare-button")
    page.locator("#compare-table tbody tr").first.wait_for()
    _labels_placed(page)
    shown, clashes = page.evaluate(CLASHES)
    assert clashes == []
    assert shown >= 3
    page.locator("#map").screenshot(path=str(artifacts / f"compare-competitors-{name}.png"))
    page.click("#zoom-in")
    _labels_placed(page)
    assert page.evaluate(CLASHES)[1] == []


def test_network_places_are_labelled_as_zoom_allows(sized: tuple[str, Any]) -> None:
    _, page = sized
    page.click("#plan-button")
    page.locator("#routes-table tbody tr").first.wait_for()
    names = "() => [...document.querySelectorAll('#network-places text.net-label')]" \
            ".filter((t) => t.getAttribute('visibility') !== 'hidden').length"
    before = page.evaluate(names)
    for _ in range(3):
        page.click("#zoom-in")
    _labels_placed(page)
    assert page.evaluate(names) > before
    assert page.evaluate(CLASHES)[1] == []


def test_what_ifs_extend_the_lists_already_in_the_yaml(sized: tuple[str, Any]) -> None:
    _, page = sized
    page.click("#tab-scenarios")
    page.wait_for_selector("body[data-examples=ready]")
    page.select_option("#example-pick", "demo_no_russia")
    page.wait_for_function("() => document.getElementById('scenario-yaml').value"
                           ".includes('avoid: [Russia]')")
    page.select_option("#wi-passage", "suez")
    page.click("#wi-passage-add")
    page.fill("#wi-capacity", "Termez")
    page.fill("#wi-capacity-t", "1200000")
    page.click("#wi-capacity-add")
    page.select_option("#wi-tariff-mode", "sea")
    page.fill("#wi-tariff-factor", "1.5")
    page.click("#wi-tariff-add")
    page.fill("#wi-tariff-factor", "2")
    page.click("#wi-tariff-add")  # the same key again: replaced, not repeated
    yaml = page.input_value("#scenario-yaml")
    assert "avoid: [Russia, suez]" in yaml
    capacity = yaml.split("capacity:")[1]
    assert capacity.index("{element: Termez, tonnes_per_year: 800000}") \
        < capacity.index("{element: Termez, tonnes_per_year: 1200000}")
    assert 'tariff: {"sea": 2}' in yaml
    assert yaml.count("multipliers:") == 1
    page.click("#allocate-button")  # the YAML the form wrote is a valid scenario
    page.locator("#diff-corridors-table, #allocate-output p.none").first.wait_for(
        timeout=120_000)
    assert page.locator("#allocate-error").is_hidden()
