"""The benchmarks' own PostgreSQL databases: made afresh, copied and dropped, only ever one whose name
starts with "bench" (a benchmark must never drop a real database)."""

from __future__ import annotations

import sys
from urllib.parse import urlparse


def fresh_database(url: str) -> None:
    """Drop and create the database of ``url``, so that every run starts from the same state."""
    _admin(url, urlparse(url).path.lstrip("/"))


def copy_database(url: str, source: str, name: str) -> None:
    """A copy of ``source`` named ``name``, on ``url``'s server (no one may be connected to ``source``)."""
    _admin(url, name, f'TEMPLATE "{source}"')


def drop_database(url: str, name: str) -> None:
    _admin(url, name, None)


def _admin(url: str, name: str, create: str | None = "") -> None:
    """Drop the database ``name`` of ``url``'s server; then, unless ``create`` is None, create it again
    (``create``: what follows ``CREATE DATABASE "name"``)."""
    import psycopg

    if not name.startswith("bench"):
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name must start with 'bench'.")
    with psycopg.connect(urlparse(url)._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create is not None:
            conn.execute(f'CREATE DATABASE "{name}" {create}'.rstrip())
