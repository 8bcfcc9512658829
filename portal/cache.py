"""A Redis cache that fails open: when Redis cannot be reached, the portal keeps working on a
per-process memory cache, and logs it.

Everything the portal keeps in the cache can be lost or rebuilt: the security policy is read again
from the database, and the sign-in rate-limit counters go on counting in this process's memory
(weaker, per gunicorn worker, but still a limit). Before this backend, an unreachable Redis made
every sign-in and every signed-in page a bare 500.

After a failure, Redis is left alone for ``RETRY_AFTER`` seconds (a small circuit breaker), so a
dead Redis costs one short connection timeout per process and period, not one per cache call.

When Redis answers again after a failure, the process deletes every version stamp
(``portal.versions``) and every cached session (``portal.sessions``) that Redis holds: writes made
while it was unreachable could not bump their versions nor drop a signed-out session there, so what
Redis kept from before the outage may be out of date. A deleted version starts again at the current
time, and a session is read again from the database.
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
        self._failed = False
        self._lock = threading.Lock()

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= self._down_until:
            try:
                if self._failed:
                    self._forget_what_the_outage_may_have_outdated()
                return getattr(super(), name)(*args, **kwargs)
            except RedisError as exc:
                with self._lock:
                    if time.monotonic() >= self._down_until:
                        logger.error("Redis cache unreachable (%s: %s); using the local memory cache.", name, exc)
                    self._down_until = time.monotonic() + RETRY_AFTER
                    self._failed = True
        return getattr(self._fallback, name)(*args, **kwargs)

    def _forget_what_the_outage_may_have_outdated(self) -> None:
        from portal.sessions import KEY_PREFIX as SESSION_PREFIX
        from portal.versions import PREFIX as VERSION_PREFIX

        client = self._cache.get_client(write=True)
        deleted = 0
        for prefix in (VERSION_PREFIX, SESSION_PREFIX):
            batch = []
            for key in client.scan_iter(match=self.make_key(prefix + "*"), count=1000):
                batch.append(key)
                if len(batch) >= 1000:
                    deleted += client.delete(*batch)
                    batch = []
            if batch:
                deleted += client.delete(*batch)
        self._failed = False  # only once the deletes went through (a RedisError above keeps it set)
        logger.warning("Redis cache reachable again; %s version stamps and cached sessions dropped.", deleted)

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
