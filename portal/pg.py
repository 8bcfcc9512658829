"""PostgreSQL-only search indexes in a project that also runs on SQLite.

The search's GIN indexes (the stored vector; the trigram index on folded text, which needs the
``pg_trgm`` extension) are declared in the models' ``Meta`` like any index, so that migrations, the
test database (built from the models) and PostgreSQL all have them. On any other database they are
not built: SQLite compares the folded columns with LIKE instead (``submissions.selectors._search``).
"""

from __future__ import annotations

from django.contrib.postgres import operations as postgres_operations
from django.contrib.postgres.indexes import GinIndex
from django.db.backends.ddl_references import Statement

NOTHING = "SELECT 1"  # what the schema editor runs instead on other databases


class PostgresGinIndex(GinIndex):
    """A GIN index on PostgreSQL; nothing elsewhere."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Statement(NOTHING)
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Statement(NOTHING)
        return super().remove_sql(model, schema_editor, **kwargs)


def create_extensions(using: str = "default", **kwargs) -> None:
    """``pg_trgm`` for the trigram indexes, before any table is made (``pre_migrate``): migrations
    create it too (``TrigramExtension``), but a database built from the models skips them."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class TrigramExtension(postgres_operations.TrigramExtension):
    """Django's ``TrigramExtension`` (which does nothing off PostgreSQL), except that unapplying the
    migration keeps the extension: other indexes may use it, and dropping it on SQLite fails."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        return None
