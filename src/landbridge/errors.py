"""The exceptions landbridge raises, one hierarchy.

::

    LandbridgeError
    ├── DataError (ValueError)            a table row or user file is malformed: file, line, field
    │   ├── NetworkDataError              the bundled network failed its checks (all problems)
    │   ├── ScenarioError                 a scenario or sweep file is malformed: file, line, field
    │   └── StationConfigError            a transfer-station (terminal) file is malformed: same
    ├── UnknownPlaceError (KeyError)      no place matches a name; suggests the closest ones
    ├── InvalidOptionError (ValueError)   a closed choice (mode, cargo, passage ...) got a bad value
    ├── OutputError (OSError)             a result (chart, table) cannot be written where asked
    └── NoRouteError (LookupError)        no route satisfies the request; says what cut it
        └── CargoNotHandledError          no terminal of an origin/market can take the cargo

Every subclass also inherits the matching built-in, so ``except KeyError`` keeps working for
callers that do not know landbridge. A message says what to do next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "CargoNotHandledError",
    "DataError",
    "InvalidOptionError",
    "LandbridgeError",
    "NetworkDataError",
    "NoRouteError",
    "OutputError",
    "Problem",
    "ScenarioError",
    "StationConfigError",
    "TerminalRefusal",
    "UnknownPlaceError",
]


class LandbridgeError(Exception):
    """Base class of every error landbridge raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a data table: where it is and what is wrong."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class DataError(LandbridgeError, ValueError):
    """A data table or user file (bundled or user-supplied) is malformed; ``problems`` lists
    every problem found (``problem`` is the first). One problem reads as one line."""

    def __init__(self, problem: Problem, *more: Problem) -> None:
        self.problem = problem
        self.problems = (problem, *more)
        if not more:
            super().__init__(str(problem))
            return
        shown = "\n".join(f"  - {p}" for p in self.problems[:10])
        tail = f"\n  ... and {len(more) - 9} more" if len(more) > 9 else ""
        super().__init__(f"{problem.file} has {len(self.problems)} problems:\n{shown}{tail}")


class NetworkDataError(DataError):
    """The network tables failed validation; ``problems`` lists every failure found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        LandbridgeError.__init__(self, self._summary())
        self.problem = self.problems[0]

    def _summary(self) -> str:
        if len(self.problems) == 1:
            return f"the network data has a problem: {self.problems[0]}"
        shown = "\n".join(f"  - {p}" for p in self.problems[:10])
        more = len(self.problems) - 10
        tail = f"\n  ... and {more} more" if more > 0 else ""
        return f"the network data has {len(self.problems)} problem(s):\n{shown}{tail}"


class ScenarioError(DataError):
    """A scenario or sweep file is malformed; the message names the file, line and field."""


class StationConfigError(DataError):
    """A transfer-station configuration (``landbridge simulate``) is malformed or inconsistent;
    the message names the file, the line where the YAML parser gives one, and the field."""


class UnknownPlaceError(LandbridgeError, KeyError):
    """No place matches the name the user gave."""

    def __init__(self, query: str, suggestions: Sequence[str]) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown place {query!r}{hint}")

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class InvalidOptionError(LandbridgeError, ValueError):
    """A value outside a closed set of choices (a mode, a cargo, a passage, ...)."""

    def __init__(
        self, what: str, value: str, choices: Sequence[str], *, message: str | None = None
    ) -> None:
        self.what = what
        self.value = value
        self.choices = tuple(choices)
        super().__init__(
            message or f"unknown {what} {value!r}; choose one of: {', '.join(self.choices)}"
        )


class OutputError(LandbridgeError, OSError):
    """A result cannot be written where the user asked (a folder that cannot be created, no
    permission, a full disk); the message names the path."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        LandbridgeError.__init__(self, f"cannot write to {path}: {reason}")

    def __str__(self) -> str:  # OSError would format its own errno fields
        return str(self.args[0])


class NoRouteError(LandbridgeError, LookupError):
    """No route satisfies the request; the message says which constraint removed the last one.

    ``field`` names the request field to change (``max_days``, ``avoid``, ``via``, ...) when one
    constraint is to blame, ``value`` its value, and ``suggestions`` what to try instead; each
    interface words them for its own controls.
    """

    def __init__(self, message: str, *, field: str | None = None, value: str | None = None,
                 suggestions: Sequence[str] = ()) -> None:
        self.field = field
        self.value = value
        self.suggestions = tuple(suggestions)
        super().__init__(message)

    def __str__(self) -> str:  # LookupError would not quote, but keep one wording
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class TerminalRefusal:
    """Why one terminal cannot load or unload a cargo: what it handles instead."""

    terminal: str
    handles: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.terminal} handles {', '.join(self.handles) or 'nothing'}"


class CargoNotHandledError(NoRouteError):
    """No terminal of the origin or the market can load or unload the cargo as packed.

    ``field`` is ``unit`` when another unit would do (``units`` lists them), else the role
    (``origin`` or ``destination``); ``nearby`` lists places within reach that can; ``refusals``
    says, terminal by terminal, what each handles.
    """

    def __init__(self, *, role: str, area: str, cargo: str, refusals: Sequence[TerminalRefusal],
                 units: Sequence[str] = (), nearby: Sequence[str] = ()) -> None:
        self.role = role
        self.area = area
        self.cargo = cargo
        self.refusals = tuple(refusals)
        self.units = tuple(units)
        self.nearby = tuple(nearby)
        head = self.refusal_text()
        hints = []
        if self.units:
            hints.append(f"it can go as {' or '.join(self.units)}")
        if self.nearby:
            hints.append(f"nearby terminals that can: {', '.join(self.nearby)}")
        tail = f"; {'; '.join(hints)}" if hints else ""
        super().__init__(head + tail, field="unit" if self.units else role, value=area,
                         suggestions=[*self.units, *self.nearby])

    def refusal_text(self) -> str:
        """What cannot be done and what each terminal handles, without the hints."""
        verb = "load" if self.role == "origin" else "unload"
        if len(self.refusals) == 1:
            return f"{self.refusals[0].terminal} cannot {verb} {self.cargo}: it handles " + (
                ", ".join(self.refusals[0].handles) or "nothing")
        each = "; ".join(str(r) for r in self.refusals)
        return f"no terminal of {self.area} can {verb} {self.cargo} ({each})"
