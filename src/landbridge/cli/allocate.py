"""`landbridge allocate`: split a scenario's exports across corridors under capacity."""

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


@app.command()
@friendly
def allocate(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML (supply, demand, capacity, "
                                             "closures, avoid, multipliers; see "
                                             "docs/scenarios.md).")],
    diff: Annotated[Path | None, typer.Option(
        "--diff", help="A second scenario: show what changes from SCENARIO to it.",
        show_default=False)] = None,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Allocate national export volumes across corridors with a linear program (HiGHS):
    flows by corridor and link, capacity use and the value of each binding capacity,
    stranded supply and unmet demand."""
    from landbridge.flows import allocate as run
    from landbridge.flows import diff_allocations
    from landbridge.network.load import load_network
    from landbridge.scenario import load_scenario

    network = load_network(data)
    base = run(load_scenario(scenario, network=network), network=network)
    other = None
    if diff is not None:
        other = run(load_scenario(diff, network=network), network=network)
    if as_json:
        if other is None:
            print_json(base.to_dict())
        else:
            print_json({"base": base.to_dict(), "other": other.to_dict(),
                        "diff": diff_allocations(base, other).to_dict()})
        return
    _report(base.to_dict())
    if other is not None:
        _report(other.to_dict())
        _report_diff(diff_allocations(base, other).to_dict())


def _report(a: dict[str, Any]) -> None:
    from rich.table import Table

    out = console()
    money = f"total cost USD {a['total_cost_usd']:,.0f}"
    if a["netback_usd"] is not None:
        money += f", revenue {a['revenue_usd']:,.0f}, netback {a['netback_usd']:,.0f}"
    out.print(f"[bold]{a['scenario']}[/] ({a['objective']}): delivered "
              f"{tonnes(a['delivered_t'])}; {money}")
    corridors = Table("commodity", "corridor", "tonnes", title="flows by corridor")
    for row in a["corridors"]:
        corridors.add_row(row["commodity"], row["corridor"], tonnes(row["tonnes"]))
    out.print(corridors)
    caps = Table("element", "scope", "capacity", "used", "%", "USD per extra t",
                 title="capacities in use (binding first)")
    for c in a["capacities"]:
        if c["tonnes"] <= 0:
            continue
        share = "" if c["utilisation"] is None else f"{100 * c['utilisation']:.0f}"
        caps.add_row(c["name"] + (" *" if c["binding"] else ""), c["scope"],
                     tonnes(c["capacity_t"]), tonnes(c["tonnes"]), share,
                     f"{c['value_usd_per_t']:,.2f}")
    caps.caption = "* binding"
    out.print(caps)
    if a.get("mills"):
        mills = Table("mill", "process", "capacity", "in", "%", "out", "USD per extra t",
                      title="mills")
        for m in a["mills"]:
            made = ", ".join(f"{k} {tonnes(v)}" for k, v in m["outputs"].items())
            mills.add_row(m["place"]["name"], m["process"], tonnes(m["capacity_t"]),
                          tonnes(m["tonnes_in"]), f"{100 * m['utilisation']:.0f}", made,
                          f"{m['value_usd_per_t']:,.2f}")
        out.print(mills)
    for key, title in (("stranded", "stranded supply"), ("unmet", "unmet demand")):
        if a[key]:
            table = Table("place", "commodity", "tonnes", "why", title=title)
            for s in a[key]:
                table.add_row(s["place"]["name"], s["commodity"], tonnes(s["tonnes"]),
                              s["reason"])
            out.print(table)


def _report_diff(d: dict[str, Any]) -> None:
    from rich.table import Table

    out = console()
    out.print(f"[bold]{d['base']} -> {d['other']}[/]: cost change USD "
              f"{d['cost_change_usd']:+,.0f}; delivered change {d['delivered_change_t']:+,.0f} t")
    table = Table("commodity", "corridor", "before", "after", "change",
                  title="flows shifted")
    for c in d["corridors"]:
        table.add_row(c["commodity"], c["corridor"], tonnes(c["before_t"]),
                      tonnes(c["after_t"]), f"{c['change_t']:+,.0f} t")
    out.print(table)
    for key, title in (("new_bottlenecks", "new bottlenecks"),
                       ("relieved_bottlenecks", "relieved bottlenecks")):
        if d[key]:
            out.print(f"{title}: " + ", ".join(b["name"] for b in d[key]))
