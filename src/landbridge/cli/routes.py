"""`landbridge route` and `landbridge compare`: the planner from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from landbridge.cli._common import (
    DataOption,
    JsonOption,
    app,
    console,
    friendly,
    print_json,
)
from landbridge.model.cargo import MAX_SHIPMENT_TONNES

AvoidOption = Annotated[
    list[str] | None,
    typer.Option("--avoid", help="Keep routes out of a country (name or ISO code), a place, or "
                 "a sea passage (suez, bab-el-mandeb or 'Red Sea', malacca, bosporus, hormuz, "
                 "gibraltar, panama, ...). Repeat for several.", show_default=False),
]
CargoOption = Annotated[str, typer.Option("--cargo", help="Commodity: wheat, barley, corn, "
                                          "flour, cotton, ore, mutton or general.")]
UnitOption = Annotated[str | None, typer.Option(
    "--unit", help="bulk, container or reefer; default: the commodity's usual unit.",
    show_default=False)]
ObjectiveOption = Annotated[str, typer.Option(
    "--objective", help="fastest, cheapest, greenest, or balanced (cost + value of time).")]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the transit-time Monte Carlo; "
                                         "the same seed gives the same numbers.")]
SamplesOption = Annotated[int, typer.Option("--samples", help="Monte Carlo samples per route.")]
PriceOption = Annotated[float | None, typer.Option(
    "--price", help="Market price in USD/t (CFR at the destination), for the netback.",
    show_default=False)]


def _fmt_days(days: dict[str, float]) -> str:
    return f"{days['mean']:.1f} ({days['p50']:.1f}/{days['p90']:.1f})"


@app.command()
@friendly
def route(
    origin: Annotated[str, typer.Argument(help="Where the cargo starts (name, alias or id).")],
    destination: Annotated[str, typer.Argument(help="The market (name, alias or id).")],
    cargo: CargoOption = "wheat",
    unit: UnitOption = None,
    tonnes: Annotated[float, typer.Option(help="Shipment size, for the shipment cost.",
                                          max=MAX_SHIPMENT_TONNES)] = 1.0,
    objective: ObjectiveOption = "cheapest",
    value_of_time: Annotated[float | None, typer.Option(
        "--value-of-time", help="USD per tonne-day, for --objective balanced.",
        show_default=False)] = None,
    avoid: AvoidOption = None,
    via: Annotated[str | None, typer.Option(help="A place every route must pass through.",
                                            show_default=False)] = None,
    max_days: Annotated[float | None, typer.Option(
        "--max-days", help="Longest acceptable expected transit time (days).",
        show_default=False)] = None,
    within: Annotated[float | None, typer.Option(
        "--within", help="Also report the probability of arriving within this many days.",
        show_default=False)] = None,
    price: PriceOption = None,
    alternatives: Annotated[int, typer.Option(
        help="At most this many corridors: the Pareto set first, then the best route through "
        "other crossings and ports even if dominated (marked '~').")] = 8,
    scenario: Annotated[Path | None, typer.Option(
        "--scenario", help="A scenario YAML: its avoided places/countries/passages, year-long "
        "closures and tariff/speed multipliers apply.", show_default=False)] = None,
    seed: SeedOption = 0,
    samples: SamplesOption = 10_000,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Plan routes from ORIGIN to DESTINATION: the Pareto set over time, cost and CO2e,
    one route per corridor, best first by the objective, with transit-time spread."""
    from landbridge.network.load import load_network
    from landbridge.planning import RouteRequest, plan_routes
    from landbridge.scenario import load_scenario

    network = load_network(data)
    request = RouteRequest(
        origin=origin, destination=destination, commodity=cargo, unit=unit, tonnes=tonnes,
        objective=objective, value_of_time=value_of_time, avoid=tuple(avoid or ()), via=via,
        max_days=max_days, samples=samples, seed=seed, price=price, alternatives=alternatives,
        scenario=None if scenario is None else load_scenario(scenario, network=network),
        within_days=within,
    )
    plan = plan_routes(request, network=network)
    payload = plan.to_dict()
    if as_json:
        print_json(payload)
        return
    from rich.table import Table

    out = console()
    out.print(f"[bold]{plan.origin.name} -> {plan.destination.name}[/]: {plan.commodity} "
                  f"as {plan.unit}, {plan.tonnes:,.0f} t; {plan.objective} first. "
                  "Days: mean (p50/p90).")
    within_days = within or max_days
    routes: list[dict[str, Any]] = payload["routes"]  # type: ignore[assignment]
    dominated = any(not r["pareto_optimal"] for r in routes)
    table = Table("#", "corridor", "days", "USD/t", "shipment USD", "kg CO2e/t (WTW)",
                  *([f"P(<= {within_days:g} d)"] if within_days else []),
                  *(["netback USD/t"] if price is not None else []),
                  caption="~ dominated: another corridor is no worse on days, cost and CO2e"
                  if dominated else None)
    for i, r in enumerate(routes, start=1):
        row = [str(i) + ("" if r["pareto_optimal"] else "~"), r["corridor"],
               _fmt_days(r["days"]), f"{r['cost_usd_per_t']:,.2f}",
               f"{r['shipment_cost_usd']:,.0f}", f"{r['co2e_kg_per_t']['wtw']:,.1f}"]
        if within_days:
            row.append(f"{100 * r['days'][f'p_within_{within_days:g}']:.0f}%")
        if price is not None:
            row.append(f"{r['netback_usd_per_t']:,.2f}")
        table.add_row(*row)
    out.print(table)
    best = routes[0]
    legs = Table("mode", "from", "to", "km", "hours", "USD/t", "kg CO2e/t", "note",
                 title=f"Route 1: {best['summary']}")
    names = {p.id: p.name.split(" (")[0] for p in plan.best.via}
    for leg in best["legs"]:
        note = leg.get("operation", "") or ", ".join(leg.get("passages", []))
        legs.add_row(leg["mode"], names.get(leg["from"], leg["from"]),
                     names.get(leg["to"], leg["to"]) if leg["to"] != leg["from"] else "",
                     f"{leg['distance_km']:,.0f}" if leg["distance_km"] else "",
                     f"{leg['hours']:,.1f}", f"{leg['cost_usd_per_t']:,.2f}",
                     f"{leg['co2e_kg_per_t']['wtw']:,.2f}", note)
    out.print(legs)


@app.command()
@friendly
def compare(
    to: Annotated[str, typer.Option("--to", help="The market to compare origins for.")],
    origins: Annotated[list[str], typer.Option(
        "--from", help="An origin (Kazakh city or competitor port); repeat for several.")],
    cargo: CargoOption = "wheat",
    unit: UnitOption = None,
    objective: ObjectiveOption = "cheapest",
    price: PriceOption = None,
    avoid: AvoidOption = None,
    seed: SeedOption = 0,
    samples: SamplesOption = 10_000,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Compare the best route from several origins (Kazakh and competitor) to one market:
    days, cost, landed cost and netback side by side."""
    from landbridge.network.load import load_network
    from landbridge.planning import compare_origins

    result = compare_origins(to, origins, commodity=cargo, unit=unit, objective=objective,
                             price=price, avoid=tuple(avoid or ()), samples=samples, seed=seed,
                             network=load_network(data))
    payload = result.to_dict()
    if as_json:
        print_json(payload)
        return
    from rich.table import Table

    out = console()
    out.print(f"[bold]{cargo} to {result.market.name}[/], {result.objective} first"
                  + (f"; market price USD {price:,.0f}/t" if price is not None else ""))
    table = Table("origin", "country", "corridor", "days mean (p90)", "cost USD/t",
                  "landed USD/t", *(["netback USD/t"] if price is not None else []),
                  caption="* competitor origin, costed from its port (FOB basis)")
    for row in payload["rows"]:  # type: ignore[attr-defined]
        o = row["origin"]
        if row.get("route", True) is None:
            table.add_row(o["name"], o["country"], f"no route: {row['reason']}", "", "", "")
            continue
        cells = [o["name"] + (" *" if row["competitor"] else ""), o["country"],
                 row["corridor"], f"{row['days']['mean']:.1f} ({row['days']['p90']:.1f})",
                 f"{row['cost_usd_per_t']:,.2f}", f"{row['landed_usd_per_t']:,.2f}"]
        if price is not None:
            cells.append(f"{row['netback_usd_per_t']:,.2f}")
        table.add_row(*cells)
    out.print(table)


