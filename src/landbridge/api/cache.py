"""A bounded, thread-safe cache of answers already computed.

The planner is deterministic: the same request with the same seed gives the same routes,
days and costs. The service keeps the JSON of recent answers so a repeated question (the page
re-planning after a back-and-forth, many users asking Kostanay to Ho Chi Minh City) costs a
dictionary look-up. Answers are keyed by the validated request, so spelling variants of one
request (key order, defaults given or left out) share an entry. Each answer is kept gzipped
too, so a hit costs no compression.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

__all__ = ["Answer", "AnswerCache"]


@dataclass(frozen=True, slots=True)
class Answer:
    """A JSON answer, and the same bytes gzipped (made once, on first use)."""

    body: bytes
    _gzipped: list[bytes] = field(default_factory=list, repr=False, compare=False)

    @property
    def gzipped(self) -> bytes:
        if not self._gzipped:
            self._gzipped.append(gzip.compress(self.body, compresslevel=6, mtime=0))
        return self._gzipped[0]


class AnswerCache:
    """Least recently used answers, at most ``entries`` of them (0: keep none).

    Examples
    --------
    >>> cache = AnswerCache(entries=1)
    >>> cache.put("a", Answer(b"1")); cache.put("b", Answer(b"2"))
    >>> cache.get("a") is None, cache.get("b").body
    (True, b'2')
    """

    def __init__(self, *, entries: int) -> None:
        self.entries = entries
        self._data: OrderedDict[str, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Answer | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: str, value: Answer) -> None:
        if self.entries <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.entries:
                self._data.popitem(last=False)
