"""`landbridge simulate` and `landbridge simulate-sizing`: the transfer-station twin."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from landbridge.cli._common import JsonOption, app, console, friendly, print_json
from landbridge.errors import InvalidOptionError

if TYPE_CHECKING:
    from landbridge.terminal.report import Estimate, SimReport

ConfigArgument = Annotated[Path | None, typer.Argument(
    help="Station YAML file; omit it for the bundled default (a ~5 Mt/yr grain station "
         "modelled on the China-Kazakhstan base at Lianyungang). See docs/terminal.md.",
    show_default=False)]
DaysOption = Annotated[float, typer.Option("--days", help="Simulated days per replication.")]
SeedOption = Annotated[int, typer.Option("--seed", min=0, help="Seed; the same seed gives the "
                                         "same numbers.")]
WarmupOption = Annotated[float, typer.Option(
    "--warmup-days", help="Days at the start left out of the statistics.")]
ProcessesOption = Annotated[int | None, typer.Option(
    "--processes", help="Processes to share the replications among; default: one per core. "
    "The numbers do not depend on it.", show_default=False)]


def _processes(processes: int | None) -> int:
    """The processes asked for, or one per usable core."""
    from landbridge._fork import usable_cores

    return usable_cores() if processes is None else processes


def _pm(e: Estimate, scale: float = 1.0, digits: int = 1) -> str:
    """``mean ± half-width`` of an estimate, scaled, or ``mean (low-high)`` where a bound
    (zero, or one for a share) cuts the interval; blank when nothing was measured."""
    if e.n == 0:
        return "-"
    if e.cut:
        return (f"{e.mean * scale:,.{digits}f} ({e.low * scale:,.{digits}f}–"
                f"{e.high * scale:,.{digits}f})")
    return f"{e.mean * scale:,.{digits}f} ± {e.half_width * scale:,.{digits}f}"


def _m(e: Estimate, scale: float = 1.0, digits: int = 0) -> str:
    """The mean alone (the tables keep intervals for the headline figures; --json has all)."""
    return "-" if e.n == 0 else f"{e.mean * scale:,.{digits}f}"


def _summary(report: SimReport) -> None:
    from rich.table import Table

    from landbridge.terminal.report import port_dwell

    out = console()
    out.print(f"[bold]{report.station}[/]: {report.replications} replications of "
              f"{report.days:g} days (seed {report.seed}"
              + (f", first {report.warmup_days:g} days left out" if report.warmup_days else "")
              + "). Means over replications, ± the 95% interval half-width where shown, or "
              "(low–high) where zero (or 100% for a share) cuts the interval (--json has every "
              "interval); per year after the warm-up.")
    summary = Table("measure", "value", title="Station")
    summary.add_row("ships loaded, Mt/yr", _pm(report.throughput_t_per_year, 1e-6, 3))
    summary.add_row("trains unloaded, Mt/yr", _pm(report.received_t_per_year, 1e-6, 3))
    summary.add_row("ship demurrage, USD m/yr", _pm(report.demurrage_usd_per_year, 1e-6, 2))
    summary.add_row("wagon demurrage, USD m/yr",
                    _pm(report.wagon_demurrage_usd_per_year, 1e-6, 2))
    summary.add_row("bottleneck (costliest wait)", report.bottleneck.value)
    for unit in report.dwell_h:
        mean, p90 = port_dwell(report, unit)
        summary.add_row(f"port dwell of {unit} cargo, h (mean / p90)", f"{mean:,.0f} / {p90:,.0f}")
    if report.mill is not None:
        m = report.mill
        summary.add_row(f"mill: {m.input} milled, kt/yr", _pm(m.milled_t_per_year, 1e-3, 1))
        summary.add_row(f"mill: {m.output} out, kt/yr (by-product)",
                        f"{_pm(m.output_t_per_year, 1e-3, 1)} "
                        f"({_m(m.byproduct_t_per_year, 1e-3, 1)})")
        summary.add_row("mill: busy % of its working hours", _pm(m.busy_share, 100))
    out.print(summary)

    trains = Table("train service", "trains/yr", "kt/yr", "turnaround h", "p90 h",
                   "held h", "to pit h", "diverted/yr", "wagon dem. USD k/yr",
                   title="Trains (held: waiting for storage room; to pit: for a position)")
    for t in report.trains:
        trains.add_row(t.name, _m(t.trains_per_year), _m(t.tonnes_per_year, 1e-3),
                       _pm(t.turnaround_h), _m(t.turnaround_p90_h), _m(t.held_h, digits=1),
                       _m(t.wait_h, digits=1), _m(t.diverted_per_year, digits=1),
                       _m(t.wagon_demurrage_usd_per_year, 1e-3))
    out.print(trains)
    ships = Table("ship service", "ships/yr", "kt/yr", "for cargo h", "for berth h",
                  "in port h", "p90 h", "part-loaded/yr", "demurrage USD k/yr",
                  title="Ships (waiting at anchorage for cargo or for a berth)")
    for s in report.ships:
        name = s.name if s.name == s.ship_class else f"{s.name} ({s.ship_class})"
        ships.add_row(name, _m(s.ships_per_year, digits=1), _m(s.loaded_t_per_year, 1e-3),
                      _m(s.wait_cargo_h), _m(s.wait_berth_h, digits=1), _pm(s.port_h, digits=0),
                      _m(s.port_p90_h), _m(s.part_loaded_per_year, digits=1),
                      _pm(s.demurrage_usd_per_year, 1e-3, 0))
    out.print(ships)
    groups = Table("resource", "kind", "count", "busy %", "mean queue", "peak queue",
                   title="Unloading positions and berths")
    for g in report.resources:
        groups.add_row(g.name, g.kind, str(g.count), _pm(g.utilisation, 100),
                       _m(g.queue_mean, digits=2), _m(g.queue_peak, digits=1))
    out.print(groups)
    stores = Table("store", "capacity kt", "mean kt", "used %", "peak kt", "time >= 95% full %",
                   title="Storage")
    for st in report.stores:
        stores.add_row(st.name, f"{st.capacity_t / 1000:,.1f}", _m(st.mean_t, 1e-3, 1),
                       _pm(st.utilisation, 100), _m(st.peak_t, 1e-3, 1),
                       _m(st.full_share, 100, 1))
    out.print(stores)
    delays = Table("stage", "vehicle-days/yr", "cost USD k/yr",
                   title="Where the queue forms (waiting valued at wagon hire / demurrage rates)")
    for d in report.delays:
        delays.add_row(d.stage.value, _pm(d.hours_per_year, 1 / 24, 0),
                       _pm(d.cost_usd_per_year, 1e-3, 0))
    out.print(delays)


def _default_text() -> str:
    return resources.files("landbridge.terminal").joinpath(
        "default_station.yaml").read_text("utf-8")


@app.command()
@friendly
def simulate(
    config: ConfigArgument = None,
    days: DaysOption = 365.0,
    replications: Annotated[int, typer.Option(
        "--replications", help="Independent seeded runs; the intervals are over these.")] = 10,
    seed: SeedOption = 0,
    warmup_days: WarmupOption = 0.0,
    processes: ProcessesOption = None,
    plot: Annotated[Path | None, typer.Option(
        "--plot", help="Write store_levels.png and queues.png (silo and yard stock, trains and "
        "ships waiting, over the simulated days) into this folder.", show_default=False)] = None,
    show_default: Annotated[bool, typer.Option(
        "--show-default", help="Print the bundled default station YAML (to copy and edit) and "
        "stop.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Simulate a port transfer station (trains unload into silos or a container yard, ships
    load): throughput, train turnaround, storage use, queues, ship waiting, berth occupancy and
    demurrage, with 95% intervals over seeded replications."""
    if show_default:
        typer.echo(_default_text(), nl=False)
        return
    from landbridge.terminal import load_station
    from landbridge.terminal import simulate as run_simulation
    from landbridge.userfile import writable_folder

    if plot is not None:  # before the run, not after it
        writable_folder(plot)
    report = run_simulation(load_station(config), days=days, replications=replications,
                            seed=seed, warmup_days=warmup_days,
                            processes=_processes(processes))
    paths: tuple[Path, ...] = ()
    if plot is not None:
        from landbridge.terminal import plot_report

        paths = plot_report(report, plot)
    if as_json:
        payload = report.to_dict()
        if paths:
            payload["plots"] = [str(p) for p in paths]
        print_json(payload)
        return
    _summary(report)
    for path in paths:
        console().print(f"wrote {path}")


def _values(text: str) -> list[float]:
    try:
        values = [float(v) for v in text.replace(" ", "").split(",") if v]
    except ValueError as exc:
        raise InvalidOptionError("values", text, [], message=f"--values {text!r} is not a "
                                 "comma-separated list of numbers, e.g. 1,2,3") from exc
    if not values:
        raise InvalidOptionError("values", text, [], message="--values needs at least one number")
    return values


@app.command("simulate-sizing")
@friendly
def simulate_sizing(
    config: ConfigArgument = None,
    param: Annotated[str, typer.Option(
        "--param", help="What to vary: berths (count in a berth group), silo_capacity (t, "
        "rounded to whole cells), unloading_positions (count in a group) or yard_slots (TEU).")
    ] = "berths",
    values: Annotated[str, typer.Option(
        "--values", help="Comma-separated values to try, e.g. 1,2,3 or 100000,150000.")] = "1,2",
    target: Annotated[str | None, typer.Option(
        "--target", help="Which berth group, unloading group or silo commodity; default: the "
        "first bulk one.", show_default=False)] = None,
    days: DaysOption = 365.0,
    replications: Annotated[int, typer.Option(
        "--replications", help="Seeded runs per value (the same seeds for every value).")] = 5,
    seed: SeedOption = 0,
    warmup_days: WarmupOption = 0.0,
    processes: ProcessesOption = None,
    as_json: JsonOption = False,
) -> None:
    """Sweep one resource of a station and show where the bottleneck moves: throughput,
    waiting by stage (storage, unloading, cargo, berth) and demurrage for each value."""
    from landbridge.terminal import load_station, sweep

    result = sweep(load_station(config), param, _values(values), target=target, days=days,
                   replications=replications, seed=seed, warmup_days=warmup_days,
                   processes=_processes(processes))
    if as_json:
        print_json(result.to_dict())
        return
    from rich.table import Table

    out = console()
    out.print(f"[bold]{result.rows[0].report.station}[/]: {result.parameter.value} of "
              f"{result.target!r}, {replications} replications x {days:g} days per value, the "
              "same seeds for each. Means (± 95% half-width for throughput); --json has all.")
    stages = [d.stage.value for d in result.rows[0].report.delays]
    label = {"berths": "berths", "silo_capacity": "silo t", "unloading_positions": "positions",
             "yard_slots": "yard TEU"}[result.parameter.value]
    table = Table(label, "Mt/yr", *stages,
                  "demurrage USD m/yr", "wagon dem. USD m/yr", "bottleneck",
                  title="Waiting at each stage, vehicle-days per year")
    for row in result.rows:
        r = row.report
        table.add_row(f"{row.value:,.0f}", _pm(r.throughput_t_per_year, 1e-6, 2),
                      *[_m(d.hours_per_year, 1 / 24) for d in r.delays],
                      _m(r.demurrage_usd_per_year, 1e-6, 2),
                      _m(r.wagon_demurrage_usd_per_year, 1e-6, 2), r.bottleneck.value)
    out.print(table)
