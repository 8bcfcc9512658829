"""What only PostgreSQL and a real Celery worker on Redis can show: full-text search on the public
site, and an item scheduled for publishing published by the worker at its time."""

import datetime

import pytest
from django.utils import timezone

from submissions import services
from submissions.models import Submission
from tests.conftest import wait_for

from .conftest import make_approved, make_published


@pytest.mark.postgres
@pytest.mark.django_db
def test_public_search_uses_full_text_on_postgresql(client, alice, editor):
    item = make_published(
        alice, editor, title="Hội nghị biểu dương", body="<p>" + "Phong trào bảo vệ môi trường xanh. " * 8 + "</p>"
    )
    make_published(
        alice, editor, title="Tin không liên quan đến chủ đề", body="<p>" + "Nội dung khác hẳn. " * 12 + "</p>"
    )
    html = client.get("/soc-trang/?q=môi trường xanh").content.decode()
    assert item.title in html and "Tin không liên quan" not in html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_publishing_sweep_skips_rows_another_sweep_holds(alice, editor):
    from django.db import connections, transaction

    item = make_approved(alice, editor)
    Submission.objects.filter(pk=item.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    other = connections.create_connection("default")
    try:
        other.connect()
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT id FROM submissions_submission WHERE id = %s FOR UPDATE", [item.pk])
            with transaction.atomic():
                assert services.publish_due() == []  # locked elsewhere: skipped, not waited for
            cursor.execute("ROLLBACK")
    finally:
        other.close()
    assert services.publish_due() == [item.pk]


@pytest.mark.redis
def test_a_real_worker_publishes_a_scheduled_item_at_its_time(celery_worker_on_redis, alice, editor):
    item = make_approved(alice, editor)
    services.submission_schedule(submission=item, by=editor, publish_at=timezone.now() + datetime.timedelta(seconds=2))
    wait_for(lambda: Submission.objects.get(pk=item.pk).state == "published", timeout=20)
    assert Submission.objects.get(pk=item.pk).state == "published"
