"""`landbridge sweep`: many scenario variants in parallel on Dask, resumable."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from landbridge.cli._common import DataOption, JsonOption, app, console, friendly, print_json


@app.command()
@friendly
def sweep(
    spec: Annotated[Path, typer.Argument(help="Sweep YAML: a base scenario and a grid or "
                                         "random draws of parameters (see docs/scenarios.md).")],
    workers: Annotated[int, typer.Option(help="Worker processes of the local Dask cluster.")]
    = 2,
    scheduler: Annotated[str | None, typer.Option(
        help="Address of an existing Dask scheduler (tcp://host:8786) instead of a local "
        "cluster.", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        help="Where results go (.parquet folder or .csv); default: the file's 'output'.",
        show_default=False)] = None,
    limit: Annotated[int | None, typer.Option(
        help="Stop after this many variants (run the rest later: done ones are skipped).",
        show_default=False)] = None,
    as_json: JsonOption = False,
    data: DataOption = None,
) -> None:
    """Run every variant of a sweep (scenario grid or random draws, plus route-reliability
    Monte Carlo and gateway catchments: a gateway sweep) on Dask, with a progress bar.
    Results are appended as they finish; a restarted sweep skips what is done; a failed
    variant is recorded and does not stop the others."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from landbridge.network.load import load_network
    from landbridge.sweeps import load_sweep, run_sweep
    from landbridge.sweeps.run import check_output

    if workers < 1:
        raise typer.BadParameter("--workers must be at least 1")
    network = load_network(data)
    plan = load_sweep(spec, network=network, output=output)
    check_output(plan)  # before the bar: a refusal is one line on stderr
    # the bar goes to stderr: stdout carries only the summary (or the JSON object)
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(), console=Console(stderr=True),
                  disable=as_json, transient=as_json) as bar:
        task = bar.add_task(plan.name, total=len(plan.variants))
        report = run_sweep(plan, workers=workers, scheduler=scheduler, limit=limit, data=data,
                           progress=lambda done, total: bar.update(task, completed=done,
                                                                   total=total))
    if as_json:
        print_json(report.to_dict())
        return
    console().print(f"{report.ran} variants run ({report.failed} failed), {report.skipped} "
                    f"already done, of {report.total}; {report.seconds:.1f} s; results in "
                    f"{report.output}")
