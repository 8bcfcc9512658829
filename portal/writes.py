"""Table versions: every write to a table through Django's database connections gives the table a new
version (``portal.versions``, named ``table:<db_table>``), and the table's app too (``app:<label>``), so a
cached fragment keyed on the versions of the tables (or whole apps) it reads is never served after one of
them changed. A part that reads most of the portal keys on the five apps' versions (five keys to read),
one that reads two tables on those two.

Signals (``post_save`` and friends) miss ``QuerySet.update``, ``bulk_create``, raw SQL and the writes of
other processes' code paths; a wrapper around every statement a connection executes does not. It reads
the statement's verb and table (``INSERT INTO "x"``, ``UPDATE "x"``, ``DELETE FROM "x"``: what Django and
our raw SQL write) and bumps that table's version: at once after every write (so that the transaction's
own later reads, and a test inside one, see the change) and again when the transaction commits (so a
fragment a concurrent request cached from the data as it was before the commit is not served under the
new version). Celery workers and management commands are Django processes too, so their writes count.

What is not seen: writes made outside Django (psql by hand, another application). A fragment's timeout
bounds how long such a write stays unseen (``cached_for``'s ``timeout``).

The cost: a regular expression anchored at the start of every statement (it stops at the first word of
a SELECT), and a cache write per write statement, plus one per table when a transaction commits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache as memoize
from typing import TypeVar

from django.apps import apps
from django.db import transaction
from django.db.backends.signals import connection_created
from django.utils.translation import get_language

from portal import versions

T = TypeVar("T")
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)
# Written on sign-ins and by migrations, and read by no cached page.
IGNORED = frozenset({"django_session", "django_migrations", "portal_auditentry"})


def name(table: str) -> str:
    return f"table:{table}"


def app_name(label: str) -> str:
    return f"app:{label}"


@memoize
def _app_of_table() -> dict[str, str]:
    return {model._meta.db_table: model._meta.app_label for model in apps.get_models(include_auto_created=True)}


def _names(table: str) -> list[str]:
    label = _app_of_table().get(table)
    return [name(table), app_name(label)] if label else [name(table)]


def _bump(connection, table: str) -> None:
    versions.set_now(*_names(table))
    if not connection.in_atomic_block:
        return
    # And once more when the transaction commits (one callback per table; a rollback drops it with the
    # rest of Django's run_on_commit, so the next transaction registers its own).
    if any(getattr(entry[1], "portal_table", None) == table for entry in connection.run_on_commit):
        return

    def committed() -> None:
        versions.set_now(*_names(table))

    committed.portal_table = table
    transaction.on_commit(committed, using=connection.alias)


def _watch(connection):
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        match = _WRITE.match(sql)
        if match and match.group(1) not in IGNORED:
            _bump(connection, match.group(1))
        return result

    wrapper.portal_writes = True
    return wrapper


def install(sender, connection, **kwargs) -> None:
    """On each new connection (``connection_created``): watch what it writes, once per connection wrapper."""
    if not any(getattr(w, "portal_writes", False) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_watch(connection))


def connect() -> None:
    connection_created.connect(install, dispatch_uid="portal-writes-install")
    # Connections opened before this ran (none in a web process; possible in a shell).
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        install(None, conn)


def tables(*db_tables: str) -> tuple[str, ...]:
    """The version names of ``db_tables``, for ``cached_for``."""
    return tuple(name(t) for t in db_tables)


def of_apps(*app_labels: str) -> tuple[str, ...]:
    """The version names of the apps ``app_labels`` (every table of theirs, many-to-many tables included)."""
    return tuple(app_name(label) for label in app_labels)


def cached_for(
    key: str,
    names: Iterable[str],
    compute: Callable[[], T],
    *,
    timeout: int = 3600,
    per_language: bool = True,
    refresh: bool = False,
) -> T:
    """``compute()``, cached at ``key`` until one of the tables or apps of ``names`` (``tables``,
    ``of_apps``) is written, or ``timeout`` seconds pass. The versions and the value are read in one
    cache round trip. ``per_language`` adds the active language to the key (a rendered fragment is in
    one language). ``refresh``: computed and stored afresh whatever the cache holds."""
    if per_language:
        key = f"{key}:{get_language() or ''}"
    return versions.cached_values([(list(names), key, compute, timeout)], refresh=refresh)[0]
