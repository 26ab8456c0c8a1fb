"""Names a package re-exports from modules it imports only when a name is first read (PEP 562).

A package lists, per module, the names it takes from it; ``from package import name`` and
``package.name`` then import that module on first use, so that a command which needs one light
part of a package does not import all of it. Type checkers see the names through the package's
``if TYPE_CHECKING:`` imports of the same names.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, modules: Mapping[str, Sequence[str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: each name in ``modules[module]`` is read from
    ``module``, imported on first use, and kept in the package."""
    home = {name: module for module, names in modules.items() for name in names}

    def attribute(name: str) -> Any:
        if name not in home:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home[name]), name)
        setattr(sys.modules[package], name, value)
        return value

    return attribute
