"""The ``landbridge`` command: a thin layer over the Python API.

Every command calls the same public functions a Python user would; these modules only parse
options, print tables or JSON, and turn a :class:`~landbridge.errors.LandbridgeError` into a
one-line message and a non-zero exit code. Importing a module registers its commands.
"""

from __future__ import annotations

import copy
import gc
import os
import sys

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


def _name(command: typer.models.CommandInfo) -> str:
    callback = command.callback
    return command.name or (callback.__name__.replace("_", "-") if callback else "")


def _rank(command: typer.models.CommandInfo) -> int:
    name = _name(command)
    return _ORDER.index(name) if name in _ORDER else len(_ORDER)


app.registered_commands.sort(key=_rank)


def _app_for(argv: list[str]) -> typer.Typer:
    """The app to run for the words ``argv``: when the first names a command, the app with that
    command alone (the same root options and the same command), so that a cold process builds
    one command's parser rather than all of them; otherwise the whole app."""
    chosen = [c for c in app.registered_commands if argv and _name(c) == argv[0]]
    if len(chosen) != 1:
        return app
    one = copy.copy(app)
    one.registered_commands = chosen
    one.registered_groups = []
    return one


def main() -> None:
    """Entry point of the ``landbridge`` console script."""
    # One command's arrays are small: OpenBLAS's threads would only spin, and starting them
    # costs a cold command more CPU than its wall time on a small machine. Set before numpy is
    # first imported (no command module imports it at the top); a user's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        _app_for(sys.argv[1:])()
    finally:
        # The process ends here and its memory goes back with it. Left to the garbage
        # collector, shutdown would first visit every object the command made (tens of
        # milliseconds after a simulation); frozen, they are not visited.
        gc.freeze()
