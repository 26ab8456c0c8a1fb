"""Reading YAML safely while remembering the line of every key and list item."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from landbridge.errors import Problem, ScenarioError

__all__ = ["Located", "Path", "load_located", "read_text"]

Path = tuple[str | int, ...]

#: Largest scenario or sweep file accepted (bytes): they are a page of YAML, not data dumps.
MAX_BYTES = 1_000_000


def format_path(path: Path) -> str:
    """``("supply", 2, "tonnes")`` as ``supply[2].tonnes``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(frozen=True, slots=True)
class Located:
    """A parsed YAML document and the line where each key path starts."""

    file: str
    data: Any
    lines: Mapping[Path, int]

    def line(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest enclosing key."""
        for end in range(len(path), -1, -1):
            hit = self.lines.get(path[:end])
            if hit is not None:
                return hit
        return None

    def error(self, path: Path, message: str) -> ScenarioError:
        return ScenarioError(Problem(self.file, self.line(path), format_path(path) or None,
                                     message))


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of a scenario or sweep file; a missing or unreadable file is a ScenarioError."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(Problem(str(path), None, None,
                                    f"cannot read it: {exc.strerror}")) from exc
    except UnicodeDecodeError as exc:
        raise ScenarioError(Problem(str(path), None, None, "not UTF-8 text")) from exc


def load_located(text: str, *, file: str) -> Located:
    """Parse ``text`` with the safe loader (no Python objects) and record key lines.

    Raises
    ------
    ScenarioError
        On a YAML syntax error (with its line), or a file that is too large.
    """
    import yaml

    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ScenarioError(Problem(file, None, None, f"larger than {MAX_BYTES:,} bytes"))
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(Problem(file, line, None, f"not valid YAML: {problem}")) from exc
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    if node is not None:
        _walk(node, (), lines, set())
    return Located(file, data, lines)


def _walk(node: Any, path: Path, lines: dict[Path, int], seen: set[int]) -> None:
    """Record the line of every key path; a node reached again through an alias is not walked
    again (nested aliases would otherwise multiply the work exponentially)."""
    import yaml

    lines.setdefault(path, node.start_mark.line + 1)
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            lines[child] = key.start_mark.line + 1
            _walk(value, child, lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, seen)
