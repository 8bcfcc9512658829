"""The embedded portal a photo benchmark runs against, in one process: SQLite and media in a folder of
its own, tasks in-process (no Redis, no broker, no mail), one committee with one district, its
correspondent "alice" signed in on a test client, and the editor "bob"."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

PASSWORD = "a-Strong-passw0rd"


def start(work: Path) -> SimpleNamespace:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="1",
        DJANGO_ALLOWED_HOSTS="testserver,localhost",
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        MEDIA_ROOT=str(work / "media"),
    )
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "EMAIL_HOST"):
        os.environ.pop(name, None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # No mail: the console backend would print every notification between the bench's lines.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.test import Client

    from portal import services as portal_services
    from portal.models import Role, Unit

    call_command("migrate", verbosity=0)
    committee = portal_services.unit_create(
        code="soc-trang", name="Ủy ban MTTQ tỉnh Sóc Trăng", kind=Unit.Kind.COMMITTEE
    )
    unit = portal_services.unit_create(
        code="ke-sach", name="Ủy ban MTTQ huyện Kế Sách", kind=Unit.Kind.DISTRICT, parent=committee, carries_quota=True
    )
    alice = portal_services.account_create(
        username="alice", email="alice@example.com", role=Role.CORRESPONDENT, unit=unit, password=PASSWORD
    )
    editor = portal_services.account_create(
        username="bob", email="bob@example.com", role=Role.EDITOR, committee=committee, password=PASSWORD
    )
    client = Client()
    client.force_login(alice)
    return SimpleNamespace(committee=committee, unit=unit, alice=alice, editor=editor, client=client)
