"""Units' folded names for the unit pickers (portal.text.fold), filled for the existing units; on
PostgreSQL the pg_trgm extension (the items' title search uses it too) and a trigram index on them."""

from django.db import migrations, models

import portal.pg
from portal.text import fold


def fill(apps, schema_editor):
    Unit = apps.get_model("portal", "Unit")
    units = []
    for unit in Unit.objects.only("pk", "name", "short_name").iterator(chunk_size=2000):
        name_f, short_f = fold(unit.name), fold(unit.short_name)
        unit.name_folded = f"{name_f} | {short_f}" if short_f and short_f not in name_f else name_f
        units.append(unit)
    Unit.objects.bulk_update(units, ["name_folded"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_outbox"),
    ]

    operations = [
        # pg_trgm, for the trigram indexes; does nothing off PostgreSQL.
        portal.pg.TrigramExtension(),
        migrations.AddField(
            model_name="unit",
            name="name_folded",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        # Built on PostgreSQL only (portal.pg).
        migrations.AddIndex(
            model_name="unit",
            index=portal.pg.PostgresGinIndex(
                fields=["name_folded"], name="unit_name_folded_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
