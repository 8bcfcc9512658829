from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0005_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="check_attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="photo",
            name="check_started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
