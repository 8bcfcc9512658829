import pytest
from celery.signals import task_postrun
from django.core import mail
from django.urls import reverse

from portal.models import Invitation, Role
from tests.conftest import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_an_invitation_is_mailed_by_a_real_worker_over_redis(client, admin_user, unit, celery_worker_on_redis):
    runs: list[bool] = []

    def record(task=None, **kwargs):
        runs.append(task.request.is_eager)

    task_postrun.connect(record, weak=False)
    client.force_login(admin_user)
    response = client.post(
        reverse("portal:invite"),
        {"first_name": "Lan", "username": "ctv.lan", "email": "lan@example.com", "role": Role.CORRESPONDENT,
         "unit": unit.pk},
    )  # fmt: skip
    assert response.status_code == 302
    wait_for(lambda: Invitation.objects.filter(sent_at__isnull=False).exists(), timeout=20)
    assert Invitation.objects.get().sent_at is not None
    assert [m.to for m in mail.outbox] == [["lan@example.com"]]
    task_postrun.disconnect(record)
    assert runs and not any(runs), "the task ran in the worker, not in-process"
