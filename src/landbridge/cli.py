"""The ``landbridge`` command: a thin layer over the Python API.

Every command calls the same public functions a Python user would; this module only parses
options, prints tables or JSON, and turns a :class:`~landbridge.errors.LandbridgeError` into a
one-line message and a non-zero exit code.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from landbridge.errors import LandbridgeError

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="landbridge",
    help=(
        "Plan and compare freight export routes across the Eurasian land-sea corridors "
        "(Kazakhstan and Central Asia to China's ports, the Caspian, Russia, Iran and on by "
        "sea), on bundled, cited data."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
network_app = typer.Typer(
    help="Inspect, check and export the bundled corridor network.", no_args_is_help=True
)
app.add_typer(network_app, name="network")

EXIT_USER_ERROR = 2

DataOption = Annotated[
    Path | None,
    typer.Option("--data", help="Read the network tables from this folder instead of the "
                 "bundled ones (same file names).", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


def friendly(command: Callable[P, R]) -> Callable[P, R]:
    """Report a LandbridgeError as ``error: ...`` on stderr with exit code 2, no traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except LandbridgeError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(EXIT_USER_ERROR) from exc

    return wrapper


def _print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _console() -> Any:
    from rich.console import Console

    return Console()


def _version(value: bool) -> None:
    if value:
        from landbridge import __version__

        typer.echo(f"landbridge {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """landbridge: freight routes across the Eurasian land-sea corridors."""


@app.command()
@friendly
def places(
    query: Annotated[str | None, typer.Argument(help="A name, alias or id to look for "
                                                "(case and accents ignored). All if omitted.")]
    = None,
    role: Annotated[str | None, typer.Option(help="Only places with this role: origin, "
                                             "market or competitor.")] = None,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """List or search the places of the network (origins, junctions, crossings, ports)."""
    from landbridge.model._choices import parse_choice
    from landbridge.model.places import Role
    from landbridge.network.load import load_network

    network = load_network(data)
    if query:
        found = network.index.search(query)
        if not found:
            network.place(query)  # raises UnknownPlaceError with suggestions
    else:
        found = list(network.places.values())
    if role:
        wanted = parse_choice(Role, role, what="role")
        found = [p for p in found if wanted in p.roles]
    if as_json:
        _print_json({"places": [p.to_dict() for p in found]})
        return
    from rich.table import Table

    table = Table("id", "name", "kind", "country", "handles", "roles", "also known as")
    for p in found:
        table.add_row(p.id, p.name, p.kind.value, "/".join(sorted(p.countries)),
                      ", ".join(sorted(h.value for h in p.handles)),
                      ", ".join(sorted(r.value for r in p.roles)), ", ".join(p.aliases[:4]))
    _console().print(table)


@network_app.command("check")
@friendly
def network_check(data: DataOption = None) -> None:
    """Validate the network tables; list every problem with its file, line and field."""
    from landbridge.network.load import check_network

    problems = check_network(data)
    where = data or "bundled data"
    if problems:
        for problem in problems:
            typer.echo(f"{problem}", err=True)
        typer.echo(f"network check failed: {len(problems)} problem(s) in {where}", err=True)
        raise typer.Exit(1)
    from landbridge.network.load import load_network
    from landbridge.network.summary import summarize

    s = summarize(load_network(data))
    typer.echo(f"network check passed ({where}): {s.places} places, {s.links} links, "
               f"{sum(s.rows_by_table.values())} cited rows")


@network_app.command("info")
@friendly
def network_info(as_json: JsonOption = False, data: DataOption = None) -> None:
    """Counts of places by kind, role and country, links by mode, and how rows are sourced."""
    from landbridge.network.load import load_network
    from landbridge.network.summary import summarize

    summary = summarize(load_network(data))
    if as_json:
        _print_json(summary.to_dict())
        return
    from rich.table import Table

    console = _console()
    console.print(f"[bold]{summary.places}[/] places, [bold]{summary.links}[/] links, "
                  f"{summary.link_km:,.0f} km of land and Caspian links; "
                  f"{summary.sources} distinct sources cited")
    for title, counts in (("places by kind", summary.places_by_kind),
                          ("places by role", summary.places_by_role),
                          ("places by country", summary.places_by_country)):
        table = Table(title=title)
        table.add_column("")
        table.add_column("count", justify="right")
        for key, count in counts.items():
            table.add_row(key, str(count))
        console.print(table)
    modes = Table("mode", "links", "km", title="links by mode")
    for mode, count in summary.links_by_mode.items():
        modes.add_row(mode, str(count), f"{summary.km_by_mode[mode]:,.0f}")
    console.print(modes)
    rows = Table("table", "rows", "estimated", title="sources")
    for name, count in summary.rows_by_table.items():
        rows.add_row(name, str(count), str(summary.estimated_by_table[name]))
    console.print(rows)


@network_app.command("export")
@friendly
def network_export(
    geojson: Annotated[Path | None, typer.Option(help="Write the network as GeoJSON here.")]
    = None,
    graphml: Annotated[Path | None, typer.Option(help="Write the network as GraphML "
                                                 "(networkx) here.")] = None,
    data: DataOption = None,
) -> None:
    """Export the network for maps (GeoJSON) or graph tools (GraphML)."""
    from landbridge.network.export import to_geojson, to_networkx
    from landbridge.network.load import load_network

    if geojson is None and graphml is None:
        raise typer.BadParameter("give --geojson FILE and/or --graphml FILE")
    network = load_network(data)
    if geojson is not None:
        geojson.write_text(json.dumps(to_geojson(network), ensure_ascii=False), encoding="utf-8")
        typer.echo(f"wrote {geojson}")
    if graphml is not None:
        import networkx as nx

        graph = to_networkx(network)
        for _, attrs in graph.nodes(data=True):
            for key, value in list(attrs.items()):
                if isinstance(value, list):
                    attrs[key] = ";".join(value)
                elif value is None:
                    attrs[key] = ""
        nx.write_graphml(graph, graphml)
        typer.echo(f"wrote {graphml}")


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
    tonnes: Annotated[float, typer.Option(help="Shipment size, for the shipment cost.")] = 1.0,
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
    price: PriceOption = None,
    alternatives: Annotated[int, typer.Option(help="At most this many corridors.")] = 6,
    seed: SeedOption = 0,
    samples: SamplesOption = 10_000,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Plan routes from ORIGIN to DESTINATION: the Pareto set over time, cost and CO2e,
    one route per corridor, best first by the objective, with transit-time spread."""
    from landbridge.network.load import load_network
    from landbridge.planning import RouteRequest, plan_routes

    request = RouteRequest(
        origin=origin, destination=destination, commodity=cargo, unit=unit, tonnes=tonnes,
        objective=objective, value_of_time=value_of_time, avoid=tuple(avoid or ()), via=via,
        max_days=max_days, samples=samples, seed=seed, price=price, alternatives=alternatives,
    )
    plan = plan_routes(request, network=load_network(data))
    payload = plan.to_dict()
    if as_json:
        _print_json(payload)
        return
    from rich.table import Table

    console = _console()
    console.print(f"[bold]{plan.origin.name} -> {plan.destination.name}[/]: {plan.commodity} "
                  f"as {plan.unit}, {plan.tonnes:,.0f} t; {plan.objective} first. "
                  "Days: mean (p50/p90).")
    table = Table("#", "corridor", "days", "USD/t", "shipment USD", "kg CO2e/t (WTW)",
                  *(["netback USD/t"] if price is not None else []))
    routes: list[dict[str, Any]] = payload["routes"]  # type: ignore[assignment]
    for i, r in enumerate(routes, start=1):
        row = [str(i), r["corridor"], _fmt_days(r["days"]), f"{r['cost_usd_per_t']:,.2f}",
               f"{r['shipment_cost_usd']:,.0f}", f"{r['co2e_kg_per_t']['wtw']:,.1f}"]
        if price is not None:
            row.append(f"{r['netback_usd_per_t']:,.2f}")
        table.add_row(*row)
    console.print(table)
    best = routes[0]
    legs = Table("mode", "from", "to", "km", "hours", "USD/t", "kg CO2e/t", "note",
                 title=f"Route 1: {best['summary']}")
    names = {p.id: p.name for p in plan.best.via}
    for leg in best["legs"]:
        note = leg.get("operation", "") or ", ".join(leg.get("passages", []))
        legs.add_row(leg["mode"], names.get(leg["from"], leg["from"]),
                     names.get(leg["to"], leg["to"]) if leg["to"] != leg["from"] else "",
                     f"{leg['distance_km']:,.0f}" if leg["distance_km"] else "",
                     f"{leg['hours']:,.1f}", f"{leg['cost_usd_per_t']:,.2f}",
                     f"{leg['co2e_kg_per_t']['wtw']:,.2f}", note)
    console.print(legs)


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
        _print_json(payload)
        return
    from rich.table import Table

    console = _console()
    console.print(f"[bold]{cargo} to {result.market.name}[/], {result.objective} first"
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
    console.print(table)


def main() -> None:
    """Entry point of the ``landbridge`` console script."""
    app()
