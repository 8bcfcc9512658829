"""The search's GIN indexes hold, beside each published item's words, the blocks of days that hold its day
of publication on its committee's site (``submissions.models.PublicDaysKey``), so that a search of a
committee's newest items reads only those days' entries (``submissions.selectors.public_search``). Only
published items are indexed: the public site is the one reader. Rebuilding the two indexes reads every
item's vectors: 35 s at 200,000 articles of real length; plan it for a quiet moment on a large installation.
The indexes are built from ``PublicDaysKey``'s SQL as it is: a change to it needs a migration that
rebuilds them."""

from django.db import migrations, models

import portal.pg
import submissions.models


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0008_title_vector"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="submission", name="submission_search_vector"),
        migrations.RemoveIndex(model_name="submission", name="submission_title_vector"),
        # Built on PostgreSQL only (portal.pg).
        migrations.AddIndex(
            model_name="submission",
            index=portal.pg.PostgresGinIndex(
                models.F("search_vector"),
                submissions.models.PublicDaysKey(),
                condition=models.Q(("state", "published")),
                name="submission_search_vector",
            ),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=portal.pg.PostgresGinIndex(
                models.F("title_vector"),
                submissions.models.PublicDaysKey(reverse=True),
                condition=models.Q(("state", "published")),
                name="submission_title_vector",
            ),
        ),
    ]
