"""Search by index: the items' folded title and text (portal.text.fold), filled for the existing
items; on PostgreSQL a stored search vector with a GIN index and a trigram GIN index on the folded
title (pg_trgm: portal's migration 0005). SQLite gets the columns only (LIKE on them)."""

import django.contrib.postgres.search
from django.db import migrations, models

import portal.pg
from portal.text import fold
from submissions.richtext import body_text

VECTOR_SQL = (
    "setweight(to_tsvector('simple'::regconfig, COALESCE(title_folded, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, COALESCE(body_folded, '')), 'B')"
)


def fill(apps, schema_editor):
    Submission = apps.get_model("submissions", "Submission")
    rows = Submission.objects.only("pk", "title", "summary", "body").order_by("pk")
    batch = []
    for item in rows.iterator(chunk_size=2000):
        item.title_folded = fold(item.title)
        item.body_folded = fold(f"{item.summary}\n{body_text(item.body)}")
        batch.append(item)
        if len(batch) >= 1000:
            Submission.objects.bulk_update(batch, ["title_folded", "body_folded"])
            batch = []
    if batch:
        Submission.objects.bulk_update(batch, ["title_folded", "body_folded"])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"UPDATE submissions_submission SET search_vector = {VECTOR_SQL}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_search_text"),
        ("submissions", "0004_item_version_lock"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="title_folded",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="submission",
            name="body_folded",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="submission",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        # Built on PostgreSQL only (portal.pg).
        migrations.AddIndex(
            model_name="submission",
            index=portal.pg.PostgresGinIndex(fields=["search_vector"], name="submission_search_vector"),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=portal.pg.PostgresGinIndex(
                fields=["title_folded"], name="submission_title_folded_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
