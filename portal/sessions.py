"""Sessions kept in the database and read through the cache (``SESSION_ENGINE`` when Redis is set).

Django's ``cached_db`` store: every signed-in request reads its session from Redis instead of the
database (one round trip that costs a fraction of a query), and every change is written to both. The
database stays the authority. Two outage cases are handled here and in ``portal.cache``:

* while the cache fails open (Redis unreachable, ``FailOpenRedisCache.is_failing_open``) the store reads
  and writes the database only, so no process keeps a session in its own memory, where a sign-out
  handled by another process would not reach it;
* when Redis answers again, the cache drops every cached session it holds (a sign-out during the
  outage could not delete its copy there), so each is read again from the database.
"""

from __future__ import annotations

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore

KEY_PREFIX = cached_db.KEY_PREFIX


class SessionStore(cached_db.SessionStore):
    def _cache_usable(self) -> bool:
        return not getattr(self._cache, "is_failing_open", False)

    def load(self):
        if self._cache_usable():
            data = super().load()
            if not self._cache_usable():  # the cache failed during this load: trust only the database
                return DBStore.load(self)
            return data
        return DBStore.load(self)

    def save(self, must_create=False):
        if self._cache_usable():
            return super().save(must_create)
        return DBStore.save(self, must_create)
