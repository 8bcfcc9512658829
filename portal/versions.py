"""Version stamps kept in the cache, for caches of pages and fragments that must change the moment
their data does.

A cached page's key carries the version of what it shows (``public:<committee id>`` for a public
news site); a write bumps that version, and every page cached under the old one is simply never asked
for again (it expires on its own). A version is the time of its bump in nanoseconds, in hex, so it
doubles as the page's ``Last-Modified``. A lost version (an evicted key, a flushed Redis) is started
again at the current time: never an old value, so a page cached under an old version never returns.

Bumps happen at once and again when the transaction commits: at once so that a request in the same
transaction (and a test inside one) sees the change, after the commit so that a page a concurrent
request cached from the data as it was before the commit is not served under the new version.

With Redis unreachable, ``portal.cache.FailOpenRedisCache`` answers from each process's own memory,
where a bump in one gunicorn worker would not reach the others; so while the cache fails open every
version read is a fresh random value: nothing is served from a cache until Redis is back.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

PREFIX = "version:"
T = TypeVar("T")


def _new() -> str:
    return f"{time.time_ns():x}"


def _failing_open() -> bool:
    return bool(getattr(cache, "is_failing_open", False))


def current_with(name: str, keys: list[str]) -> tuple[str, dict]:
    """The current version of ``name`` and the cache's values for ``keys``, in one round trip."""
    found = cache.get_many([PREFIX + name, *keys])
    if found.get(PREFIX + name) is None or _failing_open():
        return current(name), {}
    return found[PREFIX + name], {k: found[k] for k in keys if k in found}


def cached_value(name: str, key: str, compute: Callable[[], T], timeout: int) -> T:
    """``compute()``, kept in the cache at ``key`` with the version of ``name`` it was computed under:
    the version and the value are read in one round trip, and a bump makes the value be computed again."""
    return cached_values([([name], key, compute, timeout)])[0]


def cached_values(specs: list[tuple[list[str], str, Callable[[], Any], int]], *, refresh: bool = False) -> list[Any]:
    """Several cached values at once, each ``(names, key, compute, timeout)``: ``compute()`` kept at ``key``
    until one of the versions ``names`` changes. Every version and value is read in one cache round
    trip, and the values computed afresh are stored in one more. ``refresh``: computed (and stored) afresh
    whatever the cache holds."""
    wanted = {PREFIX + n for names, _key, _compute, _timeout in specs for n in names}
    found = cache.get_many([*wanted, *(key for _names, key, _compute, _timeout in specs)])
    if any(v not in found for v in wanted) or _failing_open():
        started = current_many([v[len(PREFIX) :] for v in wanted])
        found = {PREFIX + n: v for n, v in started.items()}
    values, fresh = [], {}
    for names, key, compute, timeout in specs:
        stamp = ".".join(found[PREFIX + n] for n in names)
        stored = found.get(key)
        if stored is not None and stored[0] == stamp and not refresh:
            values.append(stored[1])
            continue
        value = compute()
        values.append(value)
        if "x" not in stamp:  # a version made while failing open is never stored under
            fresh.setdefault(timeout, {})[key] = (stamp, value)
    for timeout, items in fresh.items():
        cache.set_many(items, timeout)
    return values


def current_many(names: Iterable[str]) -> dict[str, str]:
    """The current version of each name, in one cache round trip (starting the missing ones)."""
    names = list(names)
    found = cache.get_many([PREFIX + n for n in names])
    versions = {}
    for name in names:
        value = found.get(PREFIX + name)
        if value is None:
            value = _new()
            if not cache.add(PREFIX + name, value, None):
                value = cache.get(PREFIX + name) or value
        versions[name] = value
    if _failing_open():
        return {name: "x" + uuid.uuid4().hex for name in names}
    return versions


def current(name: str) -> str:
    return current_many([name])[name]


def set_now(*names: str) -> None:
    """A new version for each of ``names`` at once, in one round trip (``portal.writes`` calls it again on
    commit itself)."""
    value = _new()
    cache.set_many({PREFIX + n: value for n in names}, None)


def bump(*names: str) -> None:
    """A new version for each name, now and again when the current transaction commits."""
    set_now(*names)
    transaction.on_commit(lambda: set_now(*names))


def as_timestamp(version: str) -> float | None:
    """The time (seconds since the epoch) a version was made; None for a version made while failing open."""
    try:
        return int(version, 16) / 1e9
    except ValueError:
        return None
