import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.celery_app import app
from portal.periodic import BEAT_SCHEDULE
from submissions.models import Submission
from tests.submissions.conftest import make_approved

pytestmark = pytest.mark.django_db


def test_every_periodic_task_is_known_to_celery_and_beat():
    app.loader.import_default_modules()
    assert app.conf.beat_schedule == BEAT_SCHEDULE
    assert {entry["task"] for entry in BEAT_SCHEDULE.values()} <= set(app.tasks)


def test_the_embedded_scheduler_runs_the_periodic_tasks_in_process(capsys, alice, editor):
    due = make_approved(alice, editor, title="Tin hẹn giờ đã đến lúc đăng")
    Submission.objects.filter(pk=due.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=5))
    call_command("run_periodic_tasks", once=True)
    out = capsys.readouterr().out
    assert all(f"ran {name}" in out for name in BEAT_SCHEDULE)
    assert Submission.objects.get(pk=due.pk).state == Submission.State.PUBLISHED
