"""Files in the user's cache directory: results that are costly to compute and depend only on
data that rarely changes (sea distances over searoute's network, a verdict on bundled tables).

Every entry is named by a hash of everything it depends on, so a changed input simply misses
and the entry is rebuilt; nothing is ever invalidated by hand. Writes are atomic (a temporary
file in the same directory, then :func:`os.replace`), so a reader never sees half a file and
two processes writing the same entry both leave a whole one. A cache that cannot be read or
written (a read-only home, a full disk) only costs time: the caller computes instead.

The directory is ``LANDBRIDGE_CACHE_DIR`` if set, else the platform's user cache directory
(platformdirs when installed, else ``$XDG_CACHE_HOME/landbridge`` or ``~/.cache/landbridge``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy is imported only where arrays are read or written
    from numpy.typing import NDArray

__all__ = ["cache_dir", "digest", "read_arrays", "read_json", "write_arrays", "write_json"]

log = logging.getLogger(__name__)

#: Set to a directory to keep landbridge's cache there (tests, read-only homes, CI).
CACHE_DIR_VARIABLE = "LANDBRIDGE_CACHE_DIR"


def cache_dir() -> Path:
    """The directory landbridge keeps its cache in (not created here)."""
    override = os.environ.get(CACHE_DIR_VARIABLE)
    if override:
        return Path(override)
    try:
        import platformdirs
    except ImportError:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "landbridge"
    return Path(platformdirs.user_cache_dir("landbridge", appauthor=False))


def digest(parts: Iterable[bytes | str]) -> str:
    """A hex digest naming a cache entry by everything it depends on.

    Examples
    --------
    >>> digest(["a", b"b"]) == digest(["a", b"b"]) != digest(["ab"])
    True
    """
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _atomic_write(path: Path, write: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                write(handle)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.info("cache entry %s not written: %s", path, exc)


def read_arrays(path: Path) -> dict[str, NDArray[Any]] | None:
    """The arrays stored at ``path``, or None if there is no readable entry."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, EOFError) as exc:  # a damaged entry: rebuild it
        log.info("cache entry %s unreadable: %s", path, exc)
        return None


def write_arrays(path: Path, arrays: Mapping[str, NDArray[Any]]) -> None:
    """Store ``arrays`` at ``path`` atomically (uncompressed .npz); failures are only logged."""
    import numpy as np

    _atomic_write(path, lambda handle: np.savez(handle, allow_pickle=False, **dict(arrays)))


def read_json(path: Path) -> Any:
    """The JSON value stored at ``path``, or None if there is no readable entry."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.info("cache entry %s unreadable: %s", path, exc)
        return None


def write_json(path: Path, value: Any, *, sort_keys: bool = True) -> None:
    """Store ``value`` at ``path`` atomically as JSON (its mappings' keys sorted unless
    ``sort_keys`` is False); failures are only logged."""
    text = json.dumps(value, sort_keys=sort_keys).encode("utf-8")
    _atomic_write(path, lambda handle: handle.write(text))
