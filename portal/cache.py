"""A Redis cache that fails open: when Redis cannot be reached, the portal keeps working on a
per-process memory cache, and logs it.

Everything the portal keeps in the cache can be lost or rebuilt: the security policy is read again
from the database, and the sign-in rate-limit counters go on counting in this process's memory
(weaker, per gunicorn worker, but still a limit). Before this backend, an unreachable Redis made
every sign-in and every signed-in page a bare 500.

After a failure, Redis is left alone for ``RETRY_AFTER`` seconds (a small circuit breaker), so a
dead Redis costs one short connection timeout per process and period, not one per cache call.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("portal.cache")

RETRY_AFTER = 5.0  # seconds without trying Redis after a failure


class _ReusedClients(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool instead of building one
    (and copying its table of ~200 response callbacks) for every cache call. ``redis.Redis`` is
    thread-safe: its connections come from the pool."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with a local-memory fallback."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = {
            **params,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0, **params.get("OPTIONS", {})},
        }
        super().__init__(server, params)
        self._class = _ReusedClients
        self._fallback = LocMemCache(f"fail-open-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except RedisError as exc:
                with self._lock:
                    if time.monotonic() >= self._down_until:
                        logger.error("Redis cache unreachable (%s: %s); using the local memory cache.", name, exc)
                    self._down_until = time.monotonic() + RETRY_AFTER
        return getattr(self._fallback, name)(*args, **kwargs)

    @property
    def is_failing_open(self) -> bool:
        """Whether calls go to the local fallback now (Redis failed within ``RETRY_AFTER``)."""
        return time.monotonic() < self._down_until

    def add(self, *args: Any, **kwargs: Any) -> bool:
        return self._call("add", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> None:
        return self._call("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> bool:
        return self._call("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> bool:
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> dict:
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> bool:
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> int:
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> list:
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> None:
        return self._call("delete_many", *args, **kwargs)

    def clear(self) -> bool:
        return self._call("clear")
