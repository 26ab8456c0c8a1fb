"""`landbridge places` and `landbridge network ...`: look up, check, describe, export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from landbridge.cli._common import (
    DataOption,
    JsonOption,
    app,
    console,
    friendly,
    network_app,
    print_json,
)


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
    """List or search the places of the network (origins, junctions, crossings, ports), and the
    areas a route may name instead: cities with several terminals and countries."""
    from landbridge.model._choices import parse_choice
    from landbridge.model.places import Role
    from landbridge.network.load import load_network

    network = load_network(data)
    areas = network.area_index.search(query)
    if query:
        found = network.index.search(query)
        if not found and not areas:
            network.place(query)  # raises UnknownPlaceError with suggestions
    else:
        found = list(network.places.values())
    if role:
        wanted = parse_choice(Role, role, what="role")
        found = [p for p in found if wanted in p.roles]
    if as_json:
        print_json({"areas": [a.to_dict() for a in areas],
                    "places": [p.to_dict() for p in found]})
        return
    from rich.table import Table

    if areas:
        area_table = Table("area", "kind", "terminals or places (origins and markets)",
                           title="Areas: name one to plan to or from all of its places")
        for a in areas:
            area_table.add_row(a.name, a.kind.value, ", ".join(p.name for p in a.members))
        console().print(area_table)

    table = Table("id", "name", "kind", "country", "handles", "roles", "also known as")
    for p in found:
        table.add_row(p.id, p.name, p.kind.value, "/".join(sorted(p.countries)),
                      ", ".join(sorted(h.value for h in p.handles)),
                      ", ".join(sorted(r.value for r in p.roles)), ", ".join(p.aliases[:4]))
    console().print(table)


@network_app.command("check")
@friendly
def network_check(data: DataOption = None) -> None:
    """Validate the network tables; list every problem with its file, line and field."""
    from landbridge.data.overlay import overlay_from_env
    from landbridge.network.load import check_network

    problems = check_network(data)
    where = str(data or "bundled data")
    overlay = overlay_from_env()
    if overlay is not None:
        where += f" with the overlay {overlay}"
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
        print_json(summary.to_dict())
        return
    from rich.table import Table

    out = console()
    out.print(f"[bold]{summary.places}[/] places, [bold]{summary.links}[/] links, "
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
        out.print(table)
    modes = Table("mode", "links", "km", title="links by mode")
    for mode, count in summary.links_by_mode.items():
        modes.add_row(mode, str(count), f"{summary.km_by_mode[mode]:,.0f}")
    out.print(modes)
    rows = Table("table", "rows", "estimated in whole or part", title="sources")
    for name, count in summary.rows_by_table.items():
        rows.add_row(name, str(count), str(summary.estimated_by_table[name]))
    out.print(rows)


@network_app.command("export")
@friendly
def network_export(
    geojson: Annotated[Path | None, typer.Option(help="Write the network as GeoJSON here.")]
    = None,
    graphml: Annotated[Path | None, typer.Option(help="Write the network as GraphML "
                                                 "(networkx) here.")] = None,
    gml: Annotated[Path | None, typer.Option(help="Write the network as GML here.")] = None,
    cargo: Annotated[str | None, typer.Option(
        "--cargo", help="Add to each GraphML/GML edge the hours, USD/t and CO2e per tonne the "
        "planner gives this commodity along the link (wheat, barley, ... see `landbridge "
        "route --help`).", show_default=False)] = None,
    unit: Annotated[str | None, typer.Option(
        "--unit", help="With --cargo: bulk, container or reefer; default: the commodity's "
        "usual unit.", show_default=False)] = None,
    data: DataOption = None,
) -> None:
    """Export the network for maps (GeoJSON: places, links and the ocean lanes between its
    ports) or graph tools (GraphML, GML; with --cargo, each link's time and cost)."""
    from landbridge.network.export import to_geojson, write_gml, write_graphml
    from landbridge.network.load import load_network

    if geojson is None and graphml is None and gml is None:
        raise typer.BadParameter("give --geojson FILE, --graphml FILE and/or --gml FILE")
    if unit is not None and cargo is None:
        raise typer.BadParameter("--unit needs --cargo")
    from landbridge.userfile import writing

    network = load_network(data)
    costs: dict[str, dict[str, float | str]] = {}
    about: dict[str, str] = {}
    if cargo is not None:
        from landbridge.planning import link_costs
        from landbridge.planning.request import commodity_named, commodity_units

        goods = commodity_named(network, cargo)
        about = {"cargo": goods.id, "unit": commodity_units(goods, unit)[0].value}
        costs = {link: dict(cost.to_dict())
                 for link, cost in link_costs(network, cargo, unit=unit).items()}
    if geojson is not None:
        with writing(geojson):
            geojson.write_text(json.dumps(to_geojson(network), ensure_ascii=False),
                               encoding="utf-8")
        typer.echo(f"wrote {geojson}")
    if graphml is not None:
        with writing(graphml):
            write_graphml(network, graphml, edge_attributes=costs, **about)
        typer.echo(f"wrote {graphml}")
    if gml is not None:
        with writing(gml):
            write_gml(network, gml, edge_attributes=costs, **about)
        typer.echo(f"wrote {gml}")
