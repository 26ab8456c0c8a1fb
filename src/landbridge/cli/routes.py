"""`landbridge route` and `landbridge compare`: the planner from the command line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from landbridge.cli._common import (
    DataOption,
    JsonOption,
    app,
    console,
    friendly,
    print_json,
)
from landbridge.errors import InvalidOptionError, NoRouteError

if TYPE_CHECKING:
    from landbridge.network.network import Network
    from landbridge.planning import Route
    from landbridge.scenario import Scenario

AvoidOption = Annotated[
    list[str] | None,
    typer.Option("--avoid", help="Keep routes out of a country (name or ISO code), a place, or "
                 "a sea passage (suez, bab-el-mandeb or 'Red Sea', malacca, bosporus, hormuz, "
                 "gibraltar, panama, ...). Repeat for several.", show_default=False),
]
CargoOption = Annotated[str, typer.Option("--cargo", help="Commodity: wheat, barley, corn, "
                                          "flour, cotton, ore, mutton or general.")]
UnitOption = Annotated[str | None, typer.Option(
    "--unit", help="bulk, container or reefer; default: every unit the commodity may travel "
    "in, chosen per route.", show_default=False)]
ObjectiveOption = Annotated[str, typer.Option(
    "--objective", help="How to order routes: generalised (freight and handling + value of "
    "time, the default), cheapest, fastest or greenest.")]
SeedOption = Annotated[int, typer.Option("--seed", min=0, help="Seed of the transit-time "
                                         "Monte Carlo; the same seed gives the same numbers.")]
SamplesOption = Annotated[int, typer.Option("--samples", help="Monte Carlo samples per route.")]
PriceOption = Annotated[float | None, typer.Option(
    "--price", help="Market price in USD/t (CFR at the destination), for the netback.",
    show_default=False)]

def _fmt_days(days: dict[str, float]) -> str:
    return f"{days['mean']:.1f} ({days['p50']:.1f}/{days['p90']:.1f})"


#: Below this many columns the route table folds the unit under the corridor and drops the lot.
_WIDE = 110


def _short(name: str) -> str:
    return name.split(" (")[0]


def _scenario(path: Path, network: Network) -> Scenario:
    from landbridge.scenario import load_scenario  # the YAML loader: only when one is given

    return load_scenario(path, network=network)


@app.command()
@friendly
def route(
    origin: Annotated[str, typer.Argument(help="Where the cargo starts: a place (name, alias "
                                          "or id) or a country's origins.")],
    destination: Annotated[str, typer.Argument(help="The market: a port, a city (every "
                                               "terminal serving it, e.g. 'Ho Chi Minh City') "
                                               "or a country's markets (e.g. Vietnam).")],
    cargo: CargoOption = "wheat",
    unit: UnitOption = None,
    tonnes: Annotated[float | None, typer.Option(
        help="Shipment size for the shipment cost (it picks the train and, for bulk leaving "
        "from a port, the ship the lot charters); default: one consignment of the route's unit "
        "(a block train, a ship's parcel, or a container).", show_default=False)] = None,
    objective: ObjectiveOption = "generalised",
    value_of_time: Annotated[float | None, typer.Option(
        "--value-of-time", help="USD per tonne-day of transit, for the generalised cost; "
        "default: the commodity's (0.6-2.1% of its value a day, Hummels & Schaur 2013).",
        show_default=False)] = None,
    avoid: AvoidOption = None,
    via: Annotated[str | None, typer.Option(
        help="A place where every route must handle the cargo (load, unload, transship, "
        "change gauge or clear the border); a ship or train passing by does not count.",
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
    footprint: Annotated[Path | None, typer.Option(
        "--footprint", help="Also write the chosen route's ISO 14083 emissions to this file as "
        "an iLEAP ShipmentFootprint (inside a PACT footprint, with its TOCs and HOCs).",
        show_default=False)] = None,
    geojson: Annotated[Path | None, typer.Option(
        "--geojson", help="Also write the chosen route as GeoJSON (RFC 7946) to this file: a "
        "line per leg (cut at the antimeridian) and a point per hub operation, each with its "
        "hours, USD/t and CO2e.", show_default=False)] = None,
    route_number: Annotated[int, typer.Option(
        "--route", min=1, help="Which route --footprint and --geojson write (1 = the best).")]
    = 1,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Plan routes from ORIGIN to DESTINATION: the Pareto set over time, cost and CO2e,
    one route per corridor, best first by generalised cost (or --objective), with the
    terminal and unit each route uses and its transit-time spread."""
    from landbridge.network.load import load_network
    from landbridge.planning import RouteRequest, plan_routes

    network = load_network(data)
    request = RouteRequest(
        origin=origin, destination=destination, commodity=cargo, unit=unit, tonnes=tonnes,
        objective=objective, value_of_time=value_of_time, avoid=tuple(avoid or ()), via=via,
        max_days=max_days, samples=samples, seed=seed, price=price, alternatives=alternatives,
        scenario=None if scenario is None else _scenario(scenario, network),
        within_days=within,
    )
    plan = plan_routes(request, network=network)
    if footprint is not None or geojson is not None:
        chosen = _chosen(plan.routes, route_number)
        if footprint is not None:
            _write_footprint(footprint, chosen, route_number, network)
        if geojson is not None:
            _write_geojson(geojson, chosen, route_number)
    payload = plan.to_dict()
    if as_json:
        print_json(payload)
        return
    from rich.table import Table

    out = console()
    members = plan.destination.members
    where = (f" ({len(members)} terminals: {', '.join(_short(p.name) for p in members)})"
             if len(members) > 1 else "")
    packed = f"as {plan.unit}" if plan.unit else "unit chosen per route"
    size = f"{plan.tonnes:,.0f} t" if plan.tonnes else "one consignment of each route's unit"
    out.print(f"[bold]{plan.origin.name} -> {plan.destination.name}[/]{where}: {plan.commodity}, "
              f"{packed}; shipment = {size}.")
    out.print(f"Ordered {plan.order}; time valued at USD {plan.value_of_time:,.2f}/t a day."
              + ("" if out.width < _WIDE else " Days: mean (p50/p90)."))
    within_days = within or max_days
    routes: list[dict[str, Any]] = payload["routes"]  # type: ignore[assignment]
    dominated = any(not r["pareto_optimal"] for r in routes)
    caption = [plan.bounds.describe(),
               "lot: the shipment (one consignment, or --tonnes); CO2e well-to-wheel"]
    if dominated:
        caption.insert(0, "~ dominated: another corridor is no worse on days, cost and CO2e")
    compact = out.width < _WIDE  # a narrow terminal: unit under the corridor, no lot column
    table = Table("#", "corridor (to terminal)", *([] if compact else ["unit"]),
                  "days" if not compact else "days mean (p90)", "USD/t", "gen. USD/t",
                  *([] if compact else ["lot USD"]), "CO2e kg/t",
                  *([f"P(<= {within_days:g} d)"] if within_days else []),
                  *(["netback USD/t"] if price is not None else []),
                  caption="\n".join(caption))
    for column in table.columns[2:]:
        column.no_wrap = True
    for i, r in enumerate(routes, start=1):
        terminal = _short(r["terminal"]["name"])
        corridor = r["corridor"]
        if not corridor.endswith(terminal):
            corridor = f"{corridor} > {terminal}" if corridor != "direct" else terminal
        days = r["days"]
        row = [str(i) + ("" if r["pareto_optimal"] else "~")]
        if compact:
            row += [f"{corridor}\n[dim]{r['unit']}[/]",
                    f"{days['mean']:.1f} ({days['p90']:.1f})"]
        else:
            row += [corridor, r["unit"], _fmt_days(days)]
        row += [f"{r['cost_usd_per_t']:,.2f}", f"{r['generalised_usd_per_t']:,.2f}"]
        if not compact:
            row.append(f"{r['shipment_cost_usd']:,.0f}")
        row.append(f"{r['co2e_kg_per_t']['wtw']:,.1f}")
        if within_days:
            row.append(f"{100 * r['within']['probability']:.0f}%")
        if price is not None:
            row.append(f"{r['netback_usd_per_t']:,.2f}")
        table.add_row(*row)
    out.print(table)
    best = routes[0]
    train = (f" by {best['rail_service']}" if any(leg["mode"] == "rail" for leg in best["legs"])
             else "")
    legs = Table("mode", "from", "to", "km", "hours", "USD/t", "kg CO2e/t", "note",
                 title=f"Route 1 ({best['unit']}{train}, {best['consignment']['label']}): "
                       f"{best['summary']}")
    for column in legs.columns[3:7]:
        column.no_wrap = True
    legs.columns[7].overflow = "fold"
    names = {p.id: _short(p.name) for p in plan.best.via}
    for leg in best["legs"]:
        note = leg.get("operation", "") or ", ".join(leg.get("passages", []))
        if leg.get("service"):
            note = f"{note}; {leg['service']}" if note else leg["service"]
        legs.add_row(leg["mode"], names.get(leg["from"], leg["from"]),
                     names.get(leg["to"], leg["to"]) if leg["to"] != leg["from"] else "",
                     f"{leg['distance_km']:,.0f}" if leg["distance_km"] else "",
                     f"{leg['hours']:,.1f}", f"{leg['cost_usd_per_t']:,.2f}",
                     f"{leg['co2e_kg_per_t']['wtw']:,.2f}", note)
    out.print(legs)


def _chosen(routes: Sequence[Route], number: int) -> Route:
    if number > len(routes):
        raise InvalidOptionError("route number", str(number),
                                 [str(i) for i in range(1, len(routes) + 1)])
    return routes[number - 1]


def _write_document(path: Path, document: dict[str, Any]) -> None:
    from landbridge.userfile import writing

    with writing(path):
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
                        + "\n", encoding="utf-8")


def _write_footprint(path: Path, route: Route, number: int, network: Network) -> None:
    from landbridge.emissions import footprint

    _write_document(path, footprint(route, network).to_dict())
    typer.echo(f"iLEAP footprint of route {number} written to {path}", err=True)


def _write_geojson(path: Path, route: Route, number: int) -> None:
    from landbridge.planning import route_geojson

    _write_document(path, route_geojson(route))
    typer.echo(f"GeoJSON of route {number} written to {path}", err=True)


@app.command()
@friendly
def compare(
    to: Annotated[str, typer.Option("--to", help="The market to compare origins for.")],
    origins: Annotated[list[str], typer.Option(
        "--from", help="An origin (Kazakh city or competitor port); repeat for several.")],
    cargo: CargoOption = "wheat",
    unit: UnitOption = None,
    objective: ObjectiveOption = "generalised",
    price: PriceOption = None,
    avoid: AvoidOption = None,
    via: Annotated[str | None, typer.Option(
        help="A place where the inland origins' routes must handle the cargo (e.g. "
        "Lianyungang); competitor ports sail direct.", show_default=False)] = None,
    seed: SeedOption = 0,
    samples: SamplesOption = 10_000,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Compare the best route from several origins (Kazakh and competitor) to one market:
    days, cost, landed cost and netback side by side, each origin in the unit its route can
    use (Kazakh containers beside Australian bulk). Exits 2 only if no origin has a route."""
    from landbridge.network.load import load_network
    from landbridge.planning import compare_origins

    result = compare_origins(to, origins, commodity=cargo, unit=unit, objective=objective,
                             price=price, avoid=tuple(avoid or ()), via=via, samples=samples,
                             seed=seed, network=load_network(data))
    payload = result.to_dict()
    if as_json:
        print_json(payload)
    else:
        _print_comparison(payload, result.market.name, cargo, result.order, price)
    if not result.answered:
        raise NoRouteError("no origin has a route to " + result.market.name)


def _print_comparison(payload: dict[str, Any], market: str, cargo: str, order: str,
                      price: float | None) -> None:
    from rich.table import Table

    out = console()
    out.print(f"[bold]{cargo} to {market}[/], ordered {order}"
              + (f"; market price USD {price:,.0f}/t" if price is not None else ""))
    table = Table("origin", "country", "unit", "corridor", "to terminal", "days mean (p90)",
                  "cost USD/t", "landed USD/t", *(["netback USD/t"] if price is not None else []),
                  caption="* competitor origin, costed from its port (FOB basis)")
    for row in payload["rows"]:
        o = row["origin"]
        if row.get("route", True) is None:
            table.add_row(o["name"], o["country"], "", f"no route: {row['reason']}", "", "", "",
                          "", *([""] if price is not None else []))
            continue
        cells = [o["name"] + (" *" if row["competitor"] else ""), o["country"], row["unit"],
                 row["corridor"], _short(row["terminal"]["name"]),
                 f"{row['days']['mean']:.1f} ({row['days']['p90']:.1f})",
                 f"{row['cost_usd_per_t']:,.2f}", f"{row['landed_usd_per_t']:,.2f}"]
        if price is not None:
            cells.append(f"{row['netback_usd_per_t']:,.2f}")
        table.add_row(*cells)
    out.print(table)
    for row in payload["rows"]:
        if row.get("note"):
            out.print(f"  {row['origin']['name']}: {row['note']}")


