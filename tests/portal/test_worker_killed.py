"""A worker that dies loses nothing (issue 11, item 5). The test starts a real prefork worker
(``celery -A portal worker``) on a Redis server it owns, lets it start mailing a notification to a
local SMTP sink that holds the message without answering, kills the worker's whole process group
with SIGKILL mid-task, starts a new worker, and sees the mail delivered exactly once: the message
was never acknowledged (late acks), so Redis hands it to the new worker after the (short, in this
test) visibility timeout, and the notification was not marked emailed before the send succeeded."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from portal.models import Notification
from portal.notifications import notify
from tests.conftest import wait_for
from tests.faults import RedisServer, SmtpSink, celery_on

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# Killing the whole worker leaves its message unacknowledged in Redis: it comes back after the
# visibility timeout (short here). Killing only the pool process must bring it back at once through
# reject_on_worker_lost, so that case runs with a timeout far longer than the test.
VISIBILITY_TIMEOUT = {"the whole worker": 3, "its pool process": 600}


def _worker(env: dict, log_path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "prefork", "--concurrency", "1",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
        cwd=settings.BASE_DIR, env=env, stdout=log_path.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the pool child dies with it
    )  # fmt: skip


def _kill(process: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    process.wait(30)


def _pool_children(process: subprocess.Popen) -> list[int]:
    with open(f"/proc/{process.pid}/task/{process.pid}/children") as fh:
        return [int(pid) for pid in fh.read().split()]


@pytest.mark.parametrize("killed", ["the whole worker", "its pool process"])
def test_a_worker_killed_mid_task_loses_nothing_and_the_mail_goes_once(alice, editor, tmp_path, killed):
    redis = RedisServer()
    redis.start()
    log = tmp_path / "workers.log"
    with SmtpSink(stall_first=True) as sink, celery_on(redis.url):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "TEST_BROKER_URL": redis.url,
            "TEST_DATABASE_NAME": connection.settings_dict["NAME"],
            "TEST_SMTP_PORT": str(sink.port),
            "TEST_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT[killed]),
        }
        first = _worker(env, log)
        second = None
        try:
            [note] = notify(
                recipients=[alice], actor=editor, kind="test_worker_killed", message="Tin “A” đã được duyệt",
                url="/items/", email_template="notification",
            )  # fmt: skip
            assert sink.stalled.wait(60), log.read_text()  # the worker is inside the SMTP conversation
            if killed == "the whole worker":
                _kill(first, signal.SIGKILL)
            else:  # the main process lives on and forks a new pool process (reject_on_worker_lost requeues)
                for pid in _pool_children(first):
                    os.kill(pid, signal.SIGKILL)
            sink.release.set()  # the sink hangs up on the dead sender; that message was never accepted
            note.refresh_from_db()
            assert note.emailed_at is None
            assert sink.messages == []

            if killed == "the whole worker":
                second = _worker(env, log)
            wait_for(lambda: Notification.objects.filter(pk=note.pk, emailed_at__isnull=False).exists(), timeout=60)
            time.sleep(5)  # a second delivery of the message would have run by now
            assert sink.attempts == 2
            assert len(sink.messages) == 1
            assert sink.messages[0]["To"] == "alice@example.com"
        finally:
            _kill(first, signal.SIGKILL)
            if second is not None:
                _kill(second, signal.SIGTERM)
            redis.stop()
