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

Every subclass also inherits the matching built-in, so ``except KeyError`` keeps working for
callers that do not know landbridge. A message says what to do next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "DataError",
    "InvalidOptionError",
    "LandbridgeError",
    "NetworkDataError",
    "NoRouteError",
    "OutputError",
    "Problem",
    "ScenarioError",
    "StationConfigError",
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
    """No route satisfies the request; the message says which constraint removed the last one."""
