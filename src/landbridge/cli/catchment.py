"""`landbridge catchment`, `landbridge gateways` and `landbridge break-even`: which origins a
gateway wins, every gateway's volume, and what would win a lost origin."""

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
    tonnes,
)

ScenarioOption = Annotated[Path | None, typer.Option(
    "--scenario", help="Scenario YAML whose supply and demand give the tonnes; default: the "
    "bundled base year (examples/scenarios/base.yaml).", show_default=False)]
ScaleOption = Annotated[float | None, typer.Option(
    "--scale", help="Logit scale in USD/t of generalised cost: two routes this far apart split "
    "73:27; 0 gives all-or-nothing. Default 10.", show_default=False)]
VolumesOption = Annotated[str, typer.Option(
    "--volumes", help="How the scenario's supply meets its demand: 'allocation' (the flows of "
    "`landbridge allocate`) or 'demand' (each origin's supply spread over the markets in "
    "proportion to their demand).")]


def _scenario(path: Path | None, network: Any) -> Any:
    from landbridge.scenario import base_scenario, load_scenario

    if path is None:
        return base_scenario(network=network)
    return load_scenario(path, network=network)


def _logit(scale: float | None) -> Any:
    from landbridge.catchment import Logit

    return Logit() if scale is None else Logit(scale_usd_per_t=scale)



@app.command()
@friendly
def catchment(
    gateway: Annotated[str, typer.Argument(help="A border crossing or a port (name, alias or "
                                           "id), e.g. Lianyungang, Dostyk, Aktau.")],
    cargo: Annotated[list[str] | None, typer.Option(
        "--cargo", help="Only this commodity (repeat for several); default: every one.",
        show_default=False)] = None,
    market: Annotated[list[str] | None, typer.Option(
        "--market", help="Only this market (a place, a city's terminals or a country); "
        "repeat for several.", show_default=False)] = None,
    scenario: ScenarioOption = None,
    scale: ScaleOption = None,
    volumes: VolumesOption = "allocation",
    geojson: Annotated[Path | None, typer.Option(
        "--geojson", help="Also write the origins, coloured by the gateway's share, as GeoJSON "
        "to this file.", show_default=False)] = None,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Which origins a gateway wins, for which markets and cargo: for every origin x market x
    commodity, the best route through it and the best avoiding it, the margin (days, USD/t,
    generalised cost), its logit share and the tonnes per year that gives, by origin country."""
    from landbridge.catchment import catchment as run
    from landbridge.network.load import load_network

    network = load_network(data)
    result = run(gateway, cargo=cargo or (), markets=market or (),
                 scenario=_scenario(scenario, network), logit=_logit(scale), volumes=volumes,
                 network=network)
    if geojson is not None:
        from landbridge.catchment.geo import catchment_geojson

        geojson.write_text(catchment_geojson(result), encoding="utf-8")
    if as_json:
        print_json(result.to_dict())
        return
    _report(result.to_dict())


def _report(c: dict[str, Any]) -> None:
    from rich.table import Table

    out = console()
    flows = c["flows"]
    n = c["counts"]
    out.print(f"[bold]{c['gateway']}[/]: of {n['flows']} origin-market-cargo flows it can "
              f"serve, it beats the best rival route on {n['beat_rival']}, is the only route "
              f"for {n['only_route']} and loses {n['lost']}; "
              f"{tonnes(c['tonnes'])}/yr through it under scenario "
              f"{c['scenario'] or '(none)'} (volumes: {c['volumes']}; logit scale "
              f"{c['logit_scale_usd_per_t']:g} USD/t)")
    if c["by_country"]:
        parts = ", ".join(f"{k} {tonnes(v)}" for k, v in c["by_country"].items() if v >= 1)
        out.print(f"by origin country: {parts or 'nothing'}")
        uz = c["uzbekistan_share_of_sco"]
        sco = sum(v for k, v in c["by_country"].items() if k in c["sco_members"])
        out.print("Uzbekistan's share of the SCO members' cargo here: "
                  + ("n/a (no SCO cargo)" if uz is None else
                     f"{100 * uz:.1f}% ({tonnes(c['by_country'].get('UZ', 0))} of {tonnes(sco)})")
                  + " (published for Lianyungang: about 40%, as quoted in issue 15; "
                  "docs/catchment.md says why they differ)")
    origins = Table("origin", "country", "beats rival", "only route", "can serve",
                    "mean share", "t/yr via gateway", title="origins")
    for o in sorted(c["origins"], key=lambda o: (-o["gateway_tonnes"], -o["mean_share"])):
        origins.add_row(o["origin"]["name"], o["origin"]["country"],
                        str(o["beat_rival"]), str(o["only_route"]), str(o["flows"]),
                        f"{100 * o['mean_share']:.0f}%",
                        tonnes(o["gateway_tonnes"]))
    out.print(origins)
    table = Table("origin", "market", "cargo", "best rival corridor", "days", "USD/t", "gen.",
                  "share", "t/yr",
                  title="flows: margins over the best rival (positive: the gateway is ahead)")
    shown = sorted(flows, key=lambda f: (-f["gateway_tonnes"], -f["share"]))[:40]
    for f in shown:
        m = f["margin"]
        table.add_row(f["origin"]["name"], f["market"]["name"].split(" (")[0], f["commodity"],
                      f["other"]["corridor"] if f["other"] else "-",
                      _num(m["days"], 1), _num(m["usd_per_t"], 1),
                      _num(m["generalised_usd_per_t"], 1), f"{100 * f['share']:.0f}%",
                      tonnes(f["gateway_tonnes"]))
    if len(flows) > len(shown):
        table.caption = f"{len(shown)} of {len(flows)} flows shown (largest first); --json: all"
    out.print(table)


def _num(x: float | None, digits: int) -> str:
    return "-" if x is None else f"{x:+.{digits}f}"


@app.command()
@friendly
def gateways(
    scenario: ScenarioOption = None,
    scale: ScaleOption = None,
    volumes: VolumesOption = "allocation",
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Every gateway's tonnes per year and share of the exports from the same logit split,
    with the capacities of capacities.csv respected: which gateways are full and where their
    overflow goes."""
    from landbridge.catchment.competition import gateways as run
    from landbridge.errors import InvalidOptionError
    from landbridge.network.load import load_network

    network = load_network(data)
    chosen = _scenario(scenario, network)
    if chosen is None:
        raise InvalidOptionError("scenario", "", [], message="no scenario to take tonnes from; "
                                 "give one (the bundled examples are not installed)")
    result = run(scenario=chosen, logit=_logit(scale), volumes=volumes, network=network)
    if as_json:
        print_json(result.to_dict())
        return
    from rich.table import Table

    d: dict[str, Any] = result.to_dict()
    out = console()
    out.print(f"[bold]{d['scenario']}[/]: {tonnes(d['total_tonnes'])}/yr of flows; logit scale "
              f"{d['logit_scale_usd_per_t']:g} USD/t; volumes: {d['volumes']}")
    table = Table("gateway", "country", "t/yr", "share", "capacity", "full", "overflow went to",
                  title="gateways (a route passes several: shares add up to more than 100%)")
    for g in d["gateways"]:
        if g["tonnes"] < 1 and g["demand_tonnes"] < 1:
            continue
        cap = ("-" if g["capacity_t"] is None
               else f"{tonnes(g['capacity_t'])} ({g['capacity_scope']})")
        went = ", ".join(f"{k} {tonnes(v)}" for k, v in sorted(
            g["overflow_to"].items(), key=lambda kv: -kv[1])[:3])
        table.add_row(g["name"].split(" (")[0], g["country"], tonnes(g["tonnes"]),
                      f"{100 * (g['share_of_exports'] or 0):.1f}%", cap,
                      "FULL" if g["full"] else "", went)
    table.caption = f"overflow: {d['overflow_rule']}; unplaced {tonnes(d['unplaced_tonnes'])}"
    out.print(table)


@app.command("break-even")
@friendly
def break_even(
    gateway: Annotated[str, typer.Argument(help="The gateway (a border crossing or a port).")],
    origin: Annotated[str, typer.Argument(help="The origin it should win.")],
    market: Annotated[str, typer.Argument(help="The market.")],
    cargo: Annotated[str, typer.Option("--cargo", help="The commodity.")] = "wheat",
    lever: Annotated[str, typer.Option(
        "--lever", help="What changes: handling (USD/t at the gateway), dwell (hours there), "
        "tariff (a multiplier on the rail tariff of --rail-network) or frequency (sailings a "
        "week from the gateway; containers only).")] = "dwell",
    rail_network: Annotated[str, typer.Option(
        "--rail-network", help="For --lever tariff: rail, or rail:CC for one country's "
        "network.")] = "rail:CN",
    tolerance: Annotated[float, typer.Option(
        "--tolerance", help="The routes tie when their generalised costs are this close "
        "(USD/t).")] = 0.01,
    scenario: Annotated[Path | None, typer.Option(
        "--scenario", help="A scenario whose closures and multipliers apply.",
        show_default=False)] = None,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """What it would take for a gateway to win an origin it loses (or how much it can give up
    and keep one it wins): the value of one lever at which its best route ties with the best
    route avoiding it, found by bisection."""
    from landbridge.catchment.breakeven import break_even as run
    from landbridge.network.load import load_network
    from landbridge.scenario import load_scenario

    network = load_network(data)
    chosen = load_scenario(scenario, network=network) if scenario else None
    result = run(gateway, origin, market, cargo=cargo, lever=lever, rail_network=rail_network,
                 scenario=chosen, tolerance=tolerance, network=network)
    if as_json:
        print_json(result.to_dict())
        return
    typer.echo(result.sentence)
    d: dict[str, Any] = result.to_dict()
    if result.needed is not None:
        typer.echo(f"(there the two routes' generalised costs differ by "
                   f"{d['gap_usd_per_t']:+.4f} USD/t, within the {d['tolerance_usd_per_t']} "
                   "tolerance)")
