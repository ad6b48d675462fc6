"""The pages' results cache, bounded by memory as well as by age (st.cache_data bounds entries
only: each distinct backlog day viewed kept about 5 MB, for good). No Streamlit here.

One instance per server process, shared by every session's thread; the least recently used
results leave first once the estimated size of what is kept passes the budget.
"""

import copy
import functools
import os
import sys
import threading
import time
from collections import OrderedDict

import polars as pl

BUDGET_MB = int(os.environ.get("ONCEDONE_CACHE_MB", "512"))
# A result's key names the warehouse version it was computed from, and the configuration is read
# once per process (config.load), so a result is never stale: the age bound only lets go of what
# nobody asked for in a working day. (Ten minutes made the first director after each quiet spell
# wait 35 s for Today at national scale.)
TTL_SECONDS = 12 * 3600


def size_of(value) -> int:
    """Bytes a result holds, estimated: Polars frames by their buffers, containers by their items."""
    if isinstance(value, pl.DataFrame | pl.Series):
        return int(value.estimated_size())
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(size_of(k) + size_of(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return sys.getsizeof(value) + sum(size_of(v) for v in value)
    return sys.getsizeof(value)


class MemoryBoundedCache:
    """Results by key, least recently used out first past `max_bytes`, each kept `ttl_seconds`."""

    def __init__(self, max_bytes: int, ttl_seconds: float = TTL_SECONDS):
        self.max_bytes, self.ttl_seconds = max_bytes, ttl_seconds
        self._entries: OrderedDict = OrderedDict()  # key -> (stored_at, size, value)
        self._lock = threading.Lock()
        self._computing: dict = {}  # key -> the lock its computing session holds
        self.total_bytes = 0

    def get_or_compute(self, key, compute):
        found, value = self._fresh(key)
        if not found:
            # One session computes a result; the others asking for it meanwhile wait for it (twenty
            # directors opening Today after an import pay its queries once). Different results are
            # computed at once, outside the cache's own lock.
            computing = self._computing_lock(key)
            try:
                with computing:
                    found, value = self._fresh(key)  # kept by the session that held the lock before
                    if not found:
                        value = compute()
                        self._keep(key, value)
            finally:
                with self._lock:
                    if self._computing.get(key) is computing:
                        del self._computing[key]
        return _copy(value)

    def _fresh(self, key) -> tuple[bool, object]:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and time.monotonic() - entry[0] < self.ttl_seconds:
                self._entries.move_to_end(key)
                return True, entry[2]
        return False, None

    def _computing_lock(self, key) -> threading.Lock:
        with self._lock:
            return self._computing.setdefault(key, threading.Lock())

    def _keep(self, key, value) -> None:
        size = size_of(value)
        with self._lock:
            self._drop(key)
            if size <= self.max_bytes:  # a result bigger than the whole budget is served, not kept
                self._entries[key] = (time.monotonic(), size, value)
                self.total_bytes += size
            while self.total_bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def _drop(self, key) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.total_bytes -= entry[1]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.total_bytes = 0

    def memoize(self, function):
        """A decorator: the function's results cached by its name and (hashable) arguments."""
        @functools.wraps(function)
        def cached(*args):
            return self.get_or_compute((function.__qualname__, freeze(args)), lambda: function(*args))

        cached.clear = self.clear
        return cached


def freeze(value):
    """A hashable key for an argument: dicts and lists as tuples of their items, frames by content."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(k), freeze(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(freeze(v) for v in value))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(repr(v) for v in value)))
    if isinstance(value, pl.DataFrame):
        return ("frame", value.columns, value.height, int(value.hash_rows().sum()) if value.height else 0)
    try:
        hash(value)
    except TypeError:
        return ("repr", repr(value))
    return value


def _copy(value):
    """Frames are immutable; anything else is copied, so a page changing it never changes the cache."""
    return value if isinstance(value, pl.DataFrame | pl.Series) else copy.deepcopy(value)


CACHE = MemoryBoundedCache(BUDGET_MB * 2**20)
