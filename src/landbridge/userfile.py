"""Reading the files a user hands in: one reader, one behaviour, for every kind of file.

Scenarios, station configurations, sweep files and network tables given with a data folder all
come through here:

- :func:`read_text` reads at most :data:`MAX_BYTES` (a device such as ``/dev/zero`` or a huge
  file is refused, not read), checks that the text is UTF-8 without control characters, and
  names the line of the first bad character;
- :func:`load_located` parses YAML with the safe loader, refuses nesting deeper than
  :data:`MAX_DEPTH` and aliases that expand past :data:`MAX_VALUES` values, and remembers the
  line of every key so that a problem names it;
- :class:`Fields` reads one mapping field by field; every number is finite and within bounds
  (:data:`MAX_QUANTITY` unless the field has a tighter one), every count a whole number within
  :data:`MAX_COUNT`, so that the work a file asks for and the arithmetic on it stay finite;
- :meth:`Located.collect` lets a loader check every row and report every problem at once
  (a :class:`~landbridge.errors.DataError` whose ``problems`` lists them).

Every problem is a :class:`~landbridge.errors.Problem`: file, line, field and what to do.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any

from landbridge.errors import DataError, OutputError, Problem, ScenarioError
from landbridge.model._choices import parse_choice

__all__ = [
    "MAX_BYTES",
    "MAX_COUNT",
    "MAX_DEPTH",
    "MAX_QUANTITY",
    "MAX_VALUES",
    "Fields",
    "Located",
    "Path",
    "check_count",
    "check_keys",
    "check_number",
    "check_printable",
    "format_path",
    "load_located",
    "read_text",
    "writable_folder",
    "writing",
]

Path = tuple[str | int, ...]

#: Largest scenario, station or sweep file accepted (bytes): they are a page of YAML.
MAX_BYTES = 1_000_000
#: Largest network table accepted from a data folder (bytes).
MAX_TABLE_BYTES = 20_000_000
#: Deepest nesting of mappings and lists: the files use four or five levels.
MAX_DEPTH = 32
#: Most values a file may hold once its aliases (``*name``) are followed: a real one has a few
#: thousand; a "billion laughs" file has billions, and whatever walks it would walk each copy.
MAX_VALUES = 100_000
#: Largest number any field takes (tonnes, dollars, hours ...); fields with a meaning of their
#: own have tighter bounds. Well inside float range, so sums and products stay finite.
MAX_QUANTITY = 1e12
#: Largest count (cells, positions, berths, wagons ...) any field takes.
MAX_COUNT = 100_000

#: Characters YAML does not allow in a stream: control characters (NUL, escape, DEL ...) other
#: than tab, LF, CR and NEL, unpaired surrogates, U+FFFE and U+FFFF. (Listed, rather than as
#: the complement of what YAML allows: the same characters, and a twentieth of the time to
#: compile, which every cold process pays.)
_NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def format_path(path: Path) -> str:
    """``("supply", 2, "tonnes")`` as ``supply[2].tonnes``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(frozen=True, slots=True)
class Located:
    """A parsed YAML document, the line where each key path starts, and the error it raises."""

    file: str
    data: Any
    lines: Mapping[Path, int]
    kind: type[DataError] = ScenarioError
    #: Problems collected by :meth:`collect`, raised together by :meth:`raise_found`.
    found: list[Problem] = field(default_factory=list, compare=False)

    def line(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest enclosing key."""
        for end in range(len(path), -1, -1):
            hit = self.lines.get(path[:end])
            if hit is not None:
                return hit
        return None

    def problem(self, path: Path, message: str) -> Problem:
        return Problem(self.file, self.line(path), format_path(path) or None, message)

    def error(self, path: Path, message: str) -> DataError:
        """The error (of this file's kind) for a problem at ``path``."""
        return self.kind(self.problem(path, message))

    @contextmanager
    def collect(self) -> Iterator[None]:
        """Record a problem raised inside the block and carry on with the next row."""
        try:
            yield
        except DataError as exc:
            self.found.extend(exc.problems)

    def raise_found(self) -> None:
        """Raise every problem collected so far, if there is any."""
        if self.found:
            raise self.kind(*self.found)


def _fail(file: str, message: str, kind: type[DataError], line: int | None = None) -> DataError:
    return kind(Problem(file, line, None, message))


def read_text(path: str | os.PathLike[str], *, kind: type[DataError] = ScenarioError,
              max_bytes: int = MAX_BYTES, name: str | None = None) -> str:
    """The text of a user file: at most ``max_bytes``, UTF-8, no control characters.

    ``name`` is how problems name the file (default: the path as given).

    Raises
    ------
    DataError
        Of class ``kind``: the file is missing, a folder, unreadable, too large, not UTF-8 or
        holds a control character (its line named).
    """
    file = str(path) if name is None else name
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except IsADirectoryError as exc:
        raise _fail(file, "is a folder; give a file", kind) from exc
    except OSError as exc:
        raise _fail(file, f"cannot read it: {exc.strerror or exc}", kind) from exc
    if len(raw) > max_bytes:
        raise _fail(file, f"larger than {max_bytes:,} bytes", kind)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise _fail(file, "not UTF-8 text", kind, line) from exc
    check_printable(text, file=file, kind=kind)
    return text


def check_printable(text: str, *, file: str, kind: type[DataError] = ScenarioError) -> None:
    """Refuse a control character (NUL, escape ...) with its line: files are plain text."""
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise _fail(file, f"holds the control character {bad.group()!r}; save it as plain "
                    "text", kind, line)


def _loader_class() -> Any:
    import yaml

    class DepthLimitedLoader(yaml.SafeLoader):
        """The safe loader, refusing nesting deeper than :data:`MAX_DEPTH`."""

        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                    raise yaml.composer.ComposerError(
                        None, None, f"nested deeper than {MAX_DEPTH} levels", mark)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return DepthLimitedLoader


def _bundled_loader(text: str) -> Any:
    """The safe loader for text shipped in the package: libyaml's, where PyYAML has it (ten
    times faster on a long commented file), else the pure-Python one. libyaml nests in C with
    no depth guard, so it never reads a user's file."""
    import yaml

    return (yaml.CSafeLoader if yaml.__with_libyaml__ else _loader_class())(text)


def load_located(text: str, *, file: str, kind: type[DataError] = ScenarioError,
                 bundled: bool = False) -> Located:
    """Parse ``text`` with the safe loader (no Python objects) and record key lines.
    ``bundled`` is for text shipped in the package, whose nesting is known; a user's text
    goes through a loader that refuses deep nesting. What bundled text parses to is kept in
    the user's cache directory, so that later processes neither parse it nor import PyYAML.

    Raises
    ------
    DataError
        Of class ``kind``: a file that is too large, holds a control character, nests too
        deeply, expands through aliases to too many values or is not valid YAML (its line
        named).
    """
    if bundled:
        return _bundled_located(text, file=file, kind=kind)
    return _parse_located(text, file=file, kind=kind, bundled=False)


def _bundled_located(text: str, *, file: str, kind: type[DataError]) -> Located:
    """:func:`load_located` of text shipped in the package, kept in the user's cache
    directory as JSON under a hash of the text, this module and PyYAML's version. A document
    that JSON would not give back exactly (a date, a key that is not text) is not kept."""
    from landbridge.cache import cache_dir, read_json, write_json

    key = _bundled_key(text)
    entry = None if key is None else cache_dir() / f"bundled-yaml-{key[:32]}.json"
    kept = None if entry is None else read_json(entry)
    if isinstance(kept, dict) and kept.get("key") == key:
        try:
            return Located(file, kept["data"],
                           {tuple(path): line for path, line in kept["lines"]}, kind)
        except (KeyError, TypeError, ValueError):  # a damaged entry: parse and keep it again
            pass
    doc = _parse_located(text, file=file, kind=kind, bundled=True)
    if entry is not None and _json_exact(doc.data):
        write_json(entry, {"key": key, "data": doc.data,
                           "lines": [[list(path), line] for path, line in doc.lines.items()]},
                   sort_keys=False)  # the mappings' order is the file's
    return doc


def _bundled_key(text: str) -> str | None:
    """A hash of ``text``, of this module and of PyYAML's ``__init__.py`` (which holds its
    version, read without importing PyYAML); None if they cannot be read."""
    from importlib.util import find_spec

    from landbridge.cache import digest

    try:
        spec = find_spec("yaml")
        if spec is None or spec.origin is None:
            return None
        return digest([FilePath(__file__).read_bytes(), FilePath(spec.origin).read_bytes(),
                       text])
    except (ImportError, OSError, ValueError):
        return None


def _json_exact(value: Any) -> bool:
    """Whether JSON gives ``value`` back unchanged, type for type."""
    if isinstance(value, dict):
        return all(type(k) is str and _json_exact(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_exact(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def _parse_located(text: str, *, file: str, kind: type[DataError], bundled: bool) -> Located:
    """:func:`load_located`, parsing ``text`` (with libyaml's loader if ``bundled``)."""
    import yaml

    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _fail(file, f"larger than {MAX_BYTES:,} bytes", kind)
    check_printable(text, file=file, kind=kind)
    loader = _bundled_loader(text) if bundled else _loader_class()(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise _fail(file, f"not valid YAML: {problem}", kind, line) from exc
    except (RecursionError, ValueError, OverflowError) as exc:  # e.g. a date out of range
        raise _fail(file, f"not valid YAML: {exc}", kind) from exc
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    if node is not None:
        if _expanded_size(node, {}) > MAX_VALUES:
            raise _fail(file, f"over {MAX_VALUES:,} values once its aliases (*name) are "
                        "expanded; write the values out", kind)
        _walk(node, (), lines, set())
    return Located(file, data, lines, kind)


def _expanded_size(node: Any, sizes: dict[int, int]) -> int:
    """Values under ``node`` with every alias followed, counted once per node (linear time
    even for an alias bomb; the recursion is at most :data:`MAX_DEPTH` deep)."""
    import yaml

    known = sizes.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(item, sizes) for item in node.value)
    sizes[id(node)] = size = min(size, MAX_VALUES + 1)
    return size


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


# ---------------------------------------------------------------------------- field checks


def check_number(doc: Located, value: Any, path: Path, *, minimum: float = 0.0,
                 maximum: float = MAX_QUANTITY, strict: bool = False) -> float:
    """``value`` as a finite float in ``[minimum, maximum]`` (``minimum`` excluded if
    ``strict``); YAML 1.1 text such as ``1.0e6`` or ``2_000`` is read as a number."""
    raw, shown = value, repr(value)
    if isinstance(raw, str):  # YAML 1.1 reads 1.0e6 (no exponent sign) as text
        try:
            raw = float(raw.replace("_", ""))
            shown = value.strip()
        except ValueError:
            raw = None
    number = float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) \
        else math.nan
    ok = math.isfinite(number) and number <= maximum and (
        number > minimum if strict else number >= minimum)
    if not ok:
        bound = f"greater than {minimum:g}" if strict else f"at least {minimum:g}"
        raise doc.error(path, f"must be a number {bound} and at most {maximum:g}; got {shown}")
    return number


def check_count(doc: Located, value: Any, path: Path, *, minimum: int = 1,
                maximum: int = MAX_COUNT) -> int:
    """``value`` as a whole number in ``[minimum, maximum]``."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise doc.error(path, f"must be a whole number from {minimum:,} to {maximum:,}; "
                        f"got {value!r}")
    return value


def check_keys(doc: Located, value: Any, path: Path, allowed: tuple[str, ...],
               required: tuple[str, ...] = (), *, describe: str | None = None) -> dict[str, Any]:
    """``value`` as a mapping with only ``allowed`` keys and every ``required`` one."""
    described = describe or ", ".join(allowed)
    if not isinstance(value, Mapping):
        raise doc.error(path, f"must be a mapping with keys {described}")
    for key in value:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {described}"
            raise doc.error((*path, str(key)), f"unknown key '{key}'{hint}")
    for key in required:
        if key not in value or value[key] is None:
            raise doc.error(path, f"'{key}' is required")
    return dict(value)


@dataclass(frozen=True, slots=True)
class Fields:
    """One YAML mapping and its path; each getter checks a field and names it on failure."""

    doc: Located
    data: Mapping[str, Any]
    path: Path

    def fail(self, key: str | None, message: str) -> DataError:
        return self.doc.error(self.path if key is None else (*self.path, key), message)

    def only(self, *allowed: str) -> None:
        for key in self.data:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else (
                    f"; expected one of: {', '.join(allowed)}")
                raise self.fail(str(key), f"unknown field{hint}")

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def number(self, key: str, *, default: float | None = None, positive: bool = False,
               at_least: float = 0.0, at_most: float = MAX_QUANTITY) -> float:
        raw = self.data.get(key)
        if raw is None:
            if default is None:
                raise self.fail(key, "is missing; give a number")
            return default
        if isinstance(raw, str):  # YAML 1.1 reads 1.0e6 (no exponent sign) as text
            try:
                raw = float(raw.replace("_", ""))
            except ValueError:
                raise self.fail(key, f"{raw!r} is not a number") from None
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise self.fail(key, f"{raw!r} is not a finite number")
        value = float(raw)
        if positive and value <= 0:
            raise self.fail(key, f"must be > 0; got {value:g}")
        if value < at_least:
            raise self.fail(key, f"must be at least {at_least:g}; got {value:g}"
                            if at_least else f"must not be negative; got {value:g}")
        if value > at_most:
            raise self.fail(key, f"must be at most {at_most:g}; got {value:g}")
        return value

    def optional(self, key: str, *, positive: bool = True,
                 at_most: float = MAX_QUANTITY) -> float | None:
        return self.number(key, positive=positive, at_most=at_most) if self.has(key) else None

    def count(self, key: str, *, default: int | None = None, at_most: int = MAX_COUNT) -> int:
        raw = self.data.get(key, default)
        if raw is None:
            raise self.fail(key, "is missing; give a whole number")
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise self.fail(key, f"must be a whole number >= 1; got {raw!r}")
        if raw > at_most:
            raise self.fail(key, f"must be at most {at_most:,}; got {raw:,}")
        return raw

    def text(self, key: str, *, default: str | None = None) -> str:
        raw = self.data.get(key, default)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise self.fail(key, "is missing; give a name")
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            raise self.fail(key, f"{raw!r} is not a name")
        return str(raw).strip()

    def choice(self, key: str, kind: type[Any], what: str, *, default: Any = None) -> Any:
        raw = self.data.get(key, default)
        if raw is None:
            raise self.fail(key, f"is missing; choose one of: {', '.join(m.value for m in kind)}")
        try:
            return parse_choice(kind, str(raw), what=what)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from exc

    def sub(self, key: str) -> Fields:
        raw = self.data.get(key)
        if not isinstance(raw, Mapping):
            raise self.fail(key, "must be a mapping of fields")
        return Fields(self.doc, raw, (*self.path, key))

    def items(self, key: str, *, required: bool = True) -> list[Fields]:
        raw = self.data.get(key)
        if raw is None and not required:
            return []
        if not isinstance(raw, list) or (required and not raw):
            raise self.fail(key, "must be a non-empty list")
        out = []
        for i, item in enumerate(raw):
            if not isinstance(item, Mapping):
                raise self.doc.error((*self.path, key, i), "must be a mapping of fields")
            out.append(Fields(self.doc, item, (*self.path, key, i)))
        return out


# ---------------------------------------------------------------------------- output folders


@contextmanager
def writing(path: str | os.PathLike[str]) -> Iterator[None]:
    """Report a failure to write ``path`` inside the block as an OutputError naming it."""
    try:
        yield
    except OSError as exc:
        raise OutputError(str(path), exc.strerror or str(exc)) from exc


def writable_folder(path: str | os.PathLike[str]) -> FilePath:
    """``path`` as a folder that exists (created if need be) and can be written to.

    Raises
    ------
    OutputError
        If it cannot be created or written to (its reason named), e.g. it is a file.
    """
    folder = FilePath(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(str(folder), exc.strerror or str(exc)) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(str(folder), "permission denied")
    return folder
