"""Shared pieces of the ``landbridge`` command: the app, options, error handling, output.

Every command calls the same public functions a Python user would; this module only parses
options, prints tables or JSON, and turns a :class:`~landbridge.errors.LandbridgeError` into a
one-line message and a non-zero exit code.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from landbridge.errors import (
    CargoNotHandledError,
    InvalidOptionError,
    LandbridgeError,
    NoRouteError,
)

P = ParamSpec("P")
R = TypeVar("R")


def _group() -> type[typer.core.TyperGroup]:
    """The app's group: one converting plain option values without pydantic, where typer's
    internals are those it was written for (typer 0.29), else typer's own."""
    try:
        from landbridge.cli._convert import PlainGroup
    except ImportError:  # pragma: no cover - another typer: it converts every value itself
        return typer.core.TyperGroup
    return PlainGroup


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
    cls=_group(),
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


#: The option that sets each field a core error can name (the core never says a flag).
FLAGS = {
    "unit": "--unit", "tonnes": "--tonnes", "max_days": "--max-days", "within_days": "--within",
    "value_of_time": "--value-of-time", "samples": "--samples", "alternatives": "--alternatives",
    "price": "--price", "avoid": "--avoid", "via": "--via", "objective": "--objective",
    "cargo": "--cargo", "origins": "--from", "seed": "--seed", "at": "--at",
    "process": "--input/--output",
    "scale": "--scale", "volumes": "--volumes", "lever": "--lever", "scenario": "--scenario",
    "rail_network": "--rail-network", "tolerance": "--tolerance", "processes": "--processes",
}


def describe_error(exc: LandbridgeError) -> str:
    """The message of ``exc`` in the command line's words: the flag to change and what to try."""
    message = str(exc)
    if isinstance(exc, CargoNotHandledError):
        hints = [f"--unit {u}" for u in exc.units] + list(exc.nearby)
        return exc.refusal_text() + (f"; try {' or '.join(hints)}" if hints else "")
    flag = FLAGS.get(getattr(exc, "field", None) or getattr(exc, "what", None) or "")
    if flag and isinstance(exc, InvalidOptionError | NoRouteError):
        return f"{flag}: {message}"
    return message


def friendly(command: Callable[P, R]) -> Callable[P, R]:
    """Report a LandbridgeError as ``error: ...`` on stderr with exit code 2, no traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except LandbridgeError as exc:
            typer.echo(f"error: {describe_error(exc)}", err=True)
            raise typer.Exit(EXIT_USER_ERROR) from exc

    return wrapper


def print_json(payload: Any) -> None:
    """Write ``payload`` as one strict JSON object on stdout (RFC 8259: no NaN or Infinity).

    A number JSON cannot carry is reported as an error, with nothing on stdout, rather than
    written as ``Infinity`` for a parser downstream to choke on.
    """
    try:
        text = json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False)
    except ValueError as exc:
        typer.echo("error: the answer holds a number JSON cannot carry (infinite or undefined); "
                   "try smaller inputs", err=True)
        raise typer.Exit(EXIT_USER_ERROR) from exc
    sys.stdout.write(text + "\n")


def console() -> Any:
    from rich.console import Console

    return Console()


def tonnes(x: float) -> str:
    """Tonnes for a table: ``1.24 Mt`` from 100,000 t up, else ``65,000 t``."""
    return f"{x / 1e6:,.2f} Mt" if abs(x) >= 1e5 else f"{x:,.0f} t"


def _version(value: bool) -> None:
    if value:
        from landbridge import __version__

        typer.echo(f"landbridge {__version__}")
        raise typer.Exit()


__all__ = [
    "EXIT_USER_ERROR",
    "DataOption",
    "JsonOption",
    "app",
    "console",
    "describe_error",
    "friendly",
    "network_app",
    "print_json",
    "tonnes",
]


def _use_overlay(ctx: typer.Context, folder: Path | None) -> None:
    """Check the overlay folder now (a clear error before any work) and make it the one every
    network load reads while this command runs, through the environment variable the loader
    honours (restored when the command ends, so in-process callers see no trace)."""
    if folder is None:
        return
    from landbridge.data.overlay import OVERLAY_ENV, read_overlay

    try:
        read_overlay(folder)
    except LandbridgeError as exc:
        typer.echo(f"error: --data-overlay: {exc}", err=True)
        raise typer.Exit(EXIT_USER_ERROR) from exc
    before = os.environ.get(OVERLAY_ENV)
    os.environ[OVERLAY_ENV] = str(folder.expanduser().resolve())

    def restore() -> None:
        if before is None:
            os.environ.pop(OVERLAY_ENV, None)
        else:
            os.environ[OVERLAY_ENV] = before

    ctx.call_on_close(restore)


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    data_overlay: Annotated[
        Path | None,
        typer.Option("--data-overlay", envvar="LANDBRIDGE_DATA_OVERLAY", show_default=False,
                     help="A folder of CSV files that replace or add rows of the data tables "
                          "(same file names and columns; e.g. written by `landbridge "
                          "calibrate`). Applies to every command."),
    ] = None,
) -> None:
    """landbridge: freight routes across the Eurasian land-sea corridors."""
    del version  # handled by its eager callback
    _use_overlay(ctx, data_overlay)


