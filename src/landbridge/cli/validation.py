"""`landbridge validate` and `landbridge calibrate`: the model against published observations."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer

from landbridge.cli._common import DataOption, JsonOption, app, console, friendly, print_json


@app.command()
@friendly
def validate(
    observations: Annotated[Path | None, typer.Option(
        "--observations", help="An observations CSV (the bundled table's columns); default: "
        "the bundled table.", show_default=False)] = None,
    family: Annotated[list[str] | None, typer.Option(
        "--family", help="Only this corridor family (repeat for several): china_central_asia, "
        "china_ports_sea, middle_corridor, northern, iran, competitor_ocean.",
        show_default=False)] = None,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Run every published observation (transit times, distances, freight rates) through the
    planner: model value, published range, error and pass/fail, with the share within range
    and the median absolute % error by corridor family."""
    from landbridge.network.load import load_network
    from landbridge.validation import load_observations, select
    from landbridge.validation import validate as run

    chosen = select(load_observations(observations), family or ())
    report = run(chosen, network=load_network(data))
    if as_json:
        print_json(report.to_dict())
        return
    _print_report(report.to_dict())


def _number(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def _figure(x: float) -> str:
    """A published figure or range end to four significant digits, never in exponent form.

    >>> _figure(1865.92), _figure(145.35), _figure(2.25), _figure(0.64), _figure(10925.0)
    ('1,866', '145.3', '2.25', '0.64', '10,925')
    """
    digits = max(0, 3 - math.floor(math.log10(abs(x)))) if x else 0
    text = f"{x:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _decimals(x: float) -> int:
    """Decimals for a model value: one below 100 (19.6 d, 66.9 USD/t), none above (9,362 km)."""
    return 1 if abs(x) < 100 else 0


_UNITS = {"days": "d", "distance_km": "km", "freight_usd_per_t": "USD/t",
          "freight_usd_per_teu": "USD/TEU", "freight_usd_per_feu": "USD/FEU"}


def _print_report(r: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table

    out = console()
    table = Table("id", "model", "published (range)", "err %", "", title="observations",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    ids = [row["id"] for row in r["observations"]]
    # an id is what finds the row in the table: whole, folded only in a narrow terminal
    table.columns[0].overflow = "fold"
    table.columns[0].min_width = min(22, max(map(len, ids), default=2))
    table.columns[4].no_wrap = True
    table.columns[4].min_width = 3
    for column in table.columns[1:4]:
        column.justify = "right"
    for row in r["observations"]:
        p = row["published"]
        mark = "ok" if row["within"] else ("no route" if row["model"] is None else "off")
        unit = _UNITS[row["quantity"]]
        value = row["model"]
        model = "-" if value is None else f"{_number(value, _decimals(value))} {unit}"
        table.add_row(row["id"], model,
                      f"{_figure(p['value'])} ({_figure(p['low'])}-{_figure(p['high'])})",
                      _number(row["percent_error"]), mark)
    out.print(table)
    for row in r["observations"]:
        if "message" in row:
            out.print(f"{row['id']}: {row['message']}", markup=False)
    summary = Table("group", "observations", "within range", "share", "median |error| %",
                    title="summary", box=box.SIMPLE_HEAD, pad_edge=False)
    for key, heading in (("family", "by corridor family"), ("quantity", "by kind of figure"),
                         ("period", "by year of the figure")):
        summary.add_row(f"[italic]{heading}[/]")
        for s in r[f"by_{key}"]:
            summary.add_row(f"  {s[key]}", *_summary_cells(s))
        summary.rows[-1].end_section = True
    summary.add_row("all", *_summary_cells(r["summary"]))
    out.print(summary)


def _summary_cells(s: dict[str, Any]) -> tuple[str, ...]:
    return (str(s["count"]), str(s["within"]), f"{100 * s['share_within']:.0f}%",
            _number(s["median_abs_percent_error"]))


@app.command()
@friendly
def calibrate(
    observations: Annotated[Path, typer.Argument(
        help="Your observations CSV (the bundled observations table's columns).")],
    out: Annotated[Path, typer.Option(
        "--out", help="Folder to write the data overlay into (created if needed).",
        show_default=False)],
    params: Annotated[str, typer.Option(
        "--params", help="Comma-separated parameter groups to fit: speeds (rail km/day), "
        "dwell (hub operation hours), tariffs (USD per t-km), sailing (the knots bulk carriers "
        "and container liners sail at).")] = "speeds,dwell,tariffs,sailing",
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Fit the rail speeds, dwell times, tariffs and sailing speeds that your observed routes
    use (bounded least squares on the relative error), write the changed rows as a data overlay
    citing your file, and print each observation's error before and after. Use the overlay with
    `landbridge --data-overlay OUT ...`."""
    from landbridge.calibration import calibrate as fit
    from landbridge.calibration import write_overlay
    from landbridge.validation import load_observations

    groups = [part.strip() for part in params.split(",") if part.strip()]
    result = fit(load_observations(observations), groups=groups, directory=data,
                 source=observations.name)
    written = write_overlay(result, out)
    if as_json:
        print_json({**result.to_dict(), "written": [str(p) for p in written]})
        return
    _print_calibration(result.to_dict(), written)


def _print_calibration(r: dict[str, Any], written: tuple[Path, ...]) -> None:
    from rich.table import Table

    out = console()
    rows = Table("table", "row", "factor", "before", "after", title="fitted rows")
    for p in r["parameters"]:
        rows.add_row(p["table"], "/".join(p["key"]), f"{p['factor']:.3f}",
                     ", ".join(p["before"].values()), ", ".join(p["after"].values()))
    out.print(rows)
    table = Table("id", "published", "before", "error %", "after", "error %",
                  title="observations before and after")
    for o in r["observations"]:
        table.add_row(o["id"], f"{o['published']:,.6g}", _number(o["before"], 2),
                      _number(o["percent_error_before"]), _number(o["after"], 2),
                      _number(o["percent_error_after"]))
    out.print(table)
    s = r["summary"]
    for label in ("before", "after"):
        summary = s[label]
        out.print(f"{label}: {summary['within']}/{summary['count']} within range, median "
                  f"|error| {_number(summary['median_abs_percent_error'])}%, cost "
                  f"{s['cost_' + label]:.4g}")
    out.print(f"overlay written: {', '.join(str(p) for p in written) or 'nothing changed'}",
              markup=False)
