"""Reads from a streaming replica, for the pages that tolerate its lag.

With ``DATABASE_REPLICA_URL`` set, ``DATABASES`` has a ``replica`` alias. A replica lags its primary by a
fraction of a second to seconds, so reading from it everywhere would show a correspondent the page before
the item they just sent. Only views wrapped in :func:`replica_reads` read from it: the public sites,
dashboards and exports, which a reader opens, never right after writing. Inside such a view:

* a write still goes to the primary, and so does every read inside a transaction (``atomic``), so a
  view that reads in order to write reads fresh rows;
* when the replica cannot be reached, the request reads from the primary instead (logged), so a failing
  replica slows the portal down and never shows an error page.

Without a ``replica`` alias the router answers ``None`` everywhere and Django uses ``default``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.db import DatabaseError, OperationalError, connections, router

REPLICA = "replica"
logger = logging.getLogger(__name__)
_reading_from_replica: ContextVar[bool] = ContextVar("portal_reading_from_replica", default=False)


def replica_configured() -> bool:
    """Whether reads may go to a replica: the alias exists and this router is installed."""
    return REPLICA in connections.settings and any(isinstance(r, ReplicaRouter) for r in router.routers)


@contextmanager
def reading_from_replica() -> Iterator[bool]:
    """Route this block's reads (outside transactions) to the replica; yields whether it does, which is
    false when no replica is configured or it cannot be reached."""
    use = replica_configured() and _replica_answers()
    token = _reading_from_replica.set(use)
    try:
        yield use
    finally:
        _reading_from_replica.reset(token)


def replica_reads(view: Callable) -> Callable:
    """A view decorator: GET and HEAD requests read from the replica."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        with reading_from_replica() as used:
            if not used:
                return view(request, *args, **kwargs)
            try:
                return view(request, *args, **kwargs)
            except OperationalError as exc:
                if connections[REPLICA].is_usable():
                    raise
                # The replica went away during the request: a GET view does not write, so run it again
                # on the primary.
                logger.warning("The read replica failed during %s (%s); reading from the primary.", request.path, exc)
                connections[REPLICA].close()
        return view(request, *args, **kwargs)

    return wrapped


def _replica_answers() -> bool:
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as exc:
        logger.warning("The read replica cannot be reached (%s); reading from the primary.", exc)
        return False
    return True


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if _reading_from_replica.get() and not connections["default"].in_atomic_block:
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str | None:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # Both aliases hold the same rows.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints) -> bool | None:
        return db != REPLICA
