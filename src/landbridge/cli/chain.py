"""`landbridge chain` and `landbridge process`: the whole chain priced, and where to process.

``chain`` is a command of its own, not an option of ``route``: ``route`` answers "how do I move
this cargo" for one commodity and lists corridors; ``chain`` prices one decision from purchase
to sale, where the cargo may change form on the way and prices and duties come in, so its
answer (a breakdown per tonne bought) has a different shape and its own options (--output,
--at, --plot).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from landbridge.cli._common import JsonOption, app, console, friendly, print_json

FromOption = Annotated[str, typer.Option("--from", help="Where the commodity is bought: a "
                                         "place (name, alias or id), e.g. Kostanay.")]
ToOption = Annotated[str, typer.Option("--to", help="The market: a port or a city, e.g. "
                                       "'Ho Chi Minh City'.")]
InputOption = Annotated[str, typer.Option("--input", help="The commodity bought (wheat).")]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the transit-time Monte "
                                         "Carlo.")]


@app.command()
@friendly
def chain(
    origin: FromOption,
    market: ToOption,
    commodity: InputOption = "wheat",
    output: Annotated[str | None, typer.Option(
        "--output", help="Process into this product on the way (flour); default: sell the "
        "commodity unprocessed.", show_default=False)] = None,
    at: Annotated[str | None, typer.Option(
        "--at", help="Where to process (a place); default: a mill in the market area.",
        show_default=False)] = None,
    plot: Annotated[Path | None, typer.Option(
        "--plot", help="Also draw the breakdown as a waterfall chart into this file (.png, "
        ".svg or .pdf).", show_default=False)] = None,
    seed: SeedOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Price the whole chain per tonne bought: purchase at the origin, elevator and loading,
    rail, borders, port, processing where chosen, ocean freight, insurance, duty, discharge
    and sale; with the landed price, the netback and the margin."""
    from landbridge.chain import price_chain

    result = price_chain(origin, market, commodity=commodity, output=output, at=at, seed=seed)
    if plot is not None:
        from landbridge.chain.plot import waterfall

        waterfall(result, plot)
    if as_json:
        print_json(result.to_dict())
        return
    _report_chain(result.to_dict())
    if plot is not None:
        console().print(f"waterfall written to {plot}")


def _report_chain(c: dict[str, Any]) -> None:
    from rich.table import Table

    out = console()
    what = c["commodity"] if c["output"] is None else f"{c['commodity']} -> {c['output']}"
    mill = f", milled at {c['mill']['name']}" if c["mill"] else ""
    table = Table(title=f"{what}: {c['origin']['name']} to {c['market']['name']}{mill} "
                        f"(USD per {c['per']})")
    for column in ("stage", "step", "USD/t"):
        table.add_column(column, justify="right" if column == "USD/t" else "left")
    for step in c["steps"]:
        table.add_row(step["stage"], step["label"], f"{step['usd_per_t']:+,.2f}")
    out.print(table)
    out.print(f"landed {c['landed_usd_per_t']:,.2f} · netback {c['netback_usd_per_t']:,.2f} · "
              f"margin {c['margin_usd_per_t']:+,.2f} USD per t bought · "
              f"{c['days_mean']:.1f} days · {c['co2e_wtw_kg_per_t']:.0f} kg CO2e (WTW)")
    for leg in c["legs"]:
        out.print(f"  {leg['product']} ({leg['tonnes_per_t_input']:g} t per t bought, "
                  f"{leg['unit']}): {leg['summary']}", soft_wrap=True)
    for note in c["notes"]:
        out.print(f"  note: {note}")


@app.command()
@friendly
def process(
    origin: FromOption,
    market: ToOption,
    commodity: InputOption = "wheat",
    output: Annotated[str, typer.Option("--output", help="The product (flour).")] = "flour",
    at: Annotated[list[str] | None, typer.Option(
        "--at", help="A candidate place to process at; repeat for several. Default: every "
        "mill that runs the process at the origin's country, a gateway or the market "
        "(mills.csv, proposals included).", show_default=False)] = None,
    seed: SeedOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Where to process: compare milling at each candidate site (origin mills, the gateway,
    the market) and not processing at all, on margin per tonne bought, days and CO2e, with
    the route each option uses."""
    from landbridge.chain.where import where_to_process

    result = where_to_process(origin, market, commodity=commodity, output=output,
                              at=tuple(at or ()), seed=seed)
    if as_json:
        print_json(result.to_dict())
        return
    _report_process(result.to_dict())


def _report_process(c: dict[str, Any]) -> None:
    from rich.table import Table

    out = console()
    table = Table(title=f"Where to process {c['commodity']} into {c['output']}: "
                        f"{c['origin']} to {c['market']} (USD per {c['per']})")
    for column in ("site", "option", "margin", "netback", "days", "kg CO2e"):
        table.add_column(column, justify="left" if column in ("site", "option") else "right")
    for o in c["options"]:
        if "reason" in o:
            table.add_row(o["site"], o["name"], "-", "-", "-", "-")
            continue
        table.add_row(o["site"], o["name"], f"{o['margin_usd_per_t']:+,.2f}",
                      f"{o['netback_usd_per_t']:,.2f}", f"{o['days_mean']:.1f}",
                      f"{o['co2e_wtw_kg_per_t']:.0f}")
    out.print(table)
    for o in c["options"]:
        if "reason" in o:
            out.print(f"  {o['name']}: {o['reason']}", soft_wrap=True)
            continue
        for r in o["routes"]:
            out.print(f"  {o['name']}: {r['product']} by {r['unit']}: {r['summary']}",
                      soft_wrap=True)
    if c["best"] is not None and c["gap_to_runner_up_usd_per_t"] is not None:
        why = ", ".join(f"{k} {v:+,.2f}" for k, v in c["why"].items())
        out.print(f"best: {c['best']['name']} ({c['best']['site']}), "
                  f"{c['gap_to_runner_up_usd_per_t']:,.2f} USD/t ahead of the runner-up; "
                  f"by stage: {why}", soft_wrap=True)
    for f in c["flips"]:
        out.print(f"  {f['option']} would tie with it if {f['product']} sold at "
                  f"{c['market']} for {f['ties_at_usd_per_t']:,.2f} "
                  f"(now {f['price_usd_per_t']:,.2f}) USD/t", soft_wrap=True)
