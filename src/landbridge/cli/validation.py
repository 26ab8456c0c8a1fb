"""`landbridge validate` and `landbridge calibrate`: the model against published observations."""

from __future__ import annotations

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


_UNITS = {"days": "d", "distance_km": "km", "freight_usd_per_t": "USD/t",
          "freight_usd_per_teu": "USD/TEU", "freight_usd_per_feu": "USD/FEU"}


def _print_report(r: dict[str, Any]) -> None:
    from rich.table import Table

    out = console()
    table = Table("id", "unit", "model", "published", "range", "error %", "",
                  title="observations")
    for row in r["observations"]:
        p = row["published"]
        mark = "ok" if row["within"] else ("no route" if row["model"] is None else "off")
        table.add_row(row["id"], _UNITS[row["quantity"]], _number(row["model"]),
                      f"{p['value']:,.4g}", f"{p['low']:,.4g}-{p['high']:,.4g}",
                      _number(row["percent_error"]), mark)
    out.print(table)
    for row in r["observations"]:
        if "message" in row:
            out.print(f"{row['id']}: {row['message']}", markup=False)
    summary = Table("family", "observations", "within range", "share", "median |error| %",
                    title="summary")
    for s in [*r["by_family"], r["summary"]]:
        summary.add_row(s["family"], str(s["count"]), str(s["within"]),
                        f"{100 * s['share_within']:.0f}%",
                        _number(s["median_abs_percent_error"]))
    out.print(summary)
