"""The ``landbridge`` command: a thin layer over the Python API.

Every command calls the same public functions a Python user would; these modules only parse
options, print tables or JSON, and turn a :class:`~landbridge.errors.LandbridgeError` into a
one-line message and a non-zero exit code. Importing a module registers its commands.
"""

from __future__ import annotations

import copy
import gc
import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    from landbridge.cli._common import app

__all__ = ["app", "main"]

#: Each command and the module whose import registers it, in the order ``landbridge --help``
#: lists them (the everyday ones first): a cold process running one command imports its module
#: alone.
_COMMANDS = {
    "route": "routes", "compare": "routes", "places": "network", "chain": "chain",
    "process": "chain", "allocate": "allocate", "catchment": "catchment",
    "gateways": "catchment", "break-even": "catchment", "sweep": "sweep",
    "simulate": "simulate", "simulate-sizing": "simulate", "validate": "validation",
    "calibrate": "validation", "serve": "serve",
}
#: New objects (allocations less deallocations) between the collector's passes over the
#: youngest objects, in place of Python's 700: few enough that a command's reference cycles
#: still go within a few megabytes.
_GC_PACE = 100_000
#: Commands that run until stopped, which keep Python's pace (short, frequent passes).
_LONG_RUNNING = frozenset({"serve"})
#: Every command module (``network`` also fills the ``landbridge network`` group).
_MODULES = tuple(dict.fromkeys(_COMMANDS.values()))


def _name(command: typer.models.CommandInfo) -> str:
    callback = command.callback
    return command.name or (callback.__name__.replace("_", "-") if callback else "")


def _rank(command: typer.models.CommandInfo) -> int:
    name = _name(command)
    return list(_COMMANDS).index(name) if name in _COMMANDS else len(_COMMANDS)


def _register(modules: tuple[str, ...]) -> typer.Typer:
    """The app, with the commands of ``modules`` registered (and any registered before)."""
    from landbridge.cli import _common

    for module in modules:
        importlib.import_module(f"landbridge.cli.{module}")
    _common.app.registered_commands.sort(key=_rank)
    return _common.app


def __getattr__(name: str) -> Any:
    """``landbridge.cli.app``: the app with every command."""
    if name == "app":
        return _register(_MODULES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _app_for(argv: list[str]) -> typer.Typer:
    """The app to run for the words ``argv``: when the first names a command, the app with that
    command alone (the same root options and the same command), so that a cold process imports
    one command's module and builds one command's parser rather than all of them; otherwise the
    whole app."""
    home = _COMMANDS.get(argv[0]) if argv else None
    whole = _register(_MODULES if home is None else (home,))
    chosen = [c for c in whole.registered_commands if argv and _name(c) == argv[0]]
    if len(chosen) != 1:
        return _register(_MODULES)
    one = copy.copy(whole)
    one.registered_commands = chosen
    one.registered_groups = []
    return one


def main() -> None:
    """Entry point of the ``landbridge`` console script."""
    # One command's arrays are small: OpenBLAS's threads would only spin, and starting them
    # costs a cold command more CPU than its wall time on a small machine. Set before numpy is
    # first imported (no command module imports it at the top); a user's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # A cold command imports its modules first (typer's, numpy's, its own, none of them
    # imported by this module): a hundred thousand or more objects that live until the
    # process ends. At the collector's default pace (a pass every 700 new objects, and
    # every tenth pass over the survivors of the last ten) it would visit them over and over
    # and free nothing: some 120 passes in a cold ``simulate``, against a dozen at this pace.
    argv = sys.argv[1:]
    if not argv or argv[0] not in _LONG_RUNNING:
        gc.set_threshold(_GC_PACE)
    try:
        _app_for(argv)()
    finally:
        # The process ends here and its memory goes back with it. Left to the garbage
        # collector, shutdown would first visit every object the command made (tens of
        # milliseconds after a simulation); frozen, they are not visited.
        gc.freeze()
