"""The ``landbridge`` command: a thin layer over the Python API.

Every command calls the same public functions a Python user would; these modules only parse
options, print tables or JSON, and turn a :class:`~landbridge.errors.LandbridgeError` into a
one-line message and a non-zero exit code. Importing a module registers its commands.
"""

from __future__ import annotations

import gc
import os

import typer

from landbridge.cli import (
    allocate,
    catchment,
    chain,
    network,
    routes,
    serve,
    simulate,
    sweep,
    validation,
)
from landbridge.cli._common import app

__all__ = ["app", "main"]

_COMMAND_MODULES = (network, routes, chain, allocate, catchment, sweep, simulate, serve,
                    validation)

#: The order ``landbridge --help`` lists the commands in: the everyday ones first.
_ORDER = ("route", "compare", "places", "chain", "process", "allocate", "catchment", "gateways",
          "break-even", "sweep", "simulate", "simulate-sizing", "validate", "calibrate", "serve")


def _rank(command: typer.models.CommandInfo) -> int:
    callback = command.callback
    name = command.name or (callback.__name__.replace("_", "-") if callback else "")
    return _ORDER.index(name) if name in _ORDER else len(_ORDER)


app.registered_commands.sort(key=_rank)


def main() -> None:
    """Entry point of the ``landbridge`` console script."""
    # One command's arrays are small: OpenBLAS's threads would only spin, and starting them
    # costs a cold command more CPU than its wall time on a small machine. Set before numpy is
    # first imported (no command module imports it at the top); a user's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        app()
    finally:
        # The process ends here and its memory goes back with it. Left to the garbage
        # collector, shutdown would first visit every object the command made (tens of
        # milliseconds after a simulation); frozen, they are not visited.
        gc.freeze()
