"""The title's own search vector (on PostgreSQL, with a GIN index), for a search whose last word is
partly typed: the title's words in a row are checked in this small vector rather than in the item's
whole vector, which for an article is kilobytes stored out of line. Filled for the existing items."""

import django.contrib.postgres.search
from django.db import migrations

import portal.pg


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE submissions_submission SET title_vector = to_tsvector('simple'::regconfig, COALESCE(title_folded, ''))"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0007_photo_page_bytes"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        # Built on PostgreSQL only (portal.pg).
        migrations.AddIndex(
            model_name="submission",
            index=portal.pg.PostgresGinIndex(fields=["title_vector"], name="submission_title_vector"),
        ),
    ]
