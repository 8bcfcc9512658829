"""Rule 4 for the articles already sent: emulation's migration 0002 gives the articles about an event
that were sent before articles had a due time their due time and late flag, as the submit service
would; items without an event date, and news (already flagged), are left as they were."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import datetime, json
import django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

before = [("emulation", "0001_initial"), ("schedule", "0006_column_air_date_and_quota_reminder"),
          ("submissions", "0004_item_version_lock")]
after = [("emulation", "0002_quota_reminder")]
executor = MigrationExecutor(connection)
executor.migrate(before)
apps = executor.loader.project_state(before).apps
Unit, User, Submission, CalendarDay = (apps.get_model(*n) for n in (
    ("portal", "Unit"), ("portal", "User"), ("submissions", "Submission"), ("schedule", "CalendarDay")))
committee = Unit.objects.create(code="soc-trang", name="Ủy ban MTTQ tỉnh Sóc Trăng", kind="committee")
unit = Unit.objects.create(code="ke-sach", name="Kế Sách", kind="district", parent=committee, committee=committee)
author = User.objects.create(username="ctv", unit=unit, committee=committee)
# A day off entered by an administrator moves the due day: Monday 12 January 2026.
CalendarDay.objects.create(committee=committee, date=datetime.date(2026, 1, 12), is_working_day=False)
def at(*args):
    return timezone.make_aware(datetime.datetime(*args))
friday = datetime.date(2026, 1, 9)
rows = {
    "late article": ("article", friday, at(2026, 1, 14, 8, 0), False),
    "article in time": ("article", friday, at(2026, 1, 13, 15, 0), False),
    "article about no event": ("article", None, at(2026, 2, 20, 9, 0), False),
    "draft article": ("article", friday, None, False),
    "late news": ("news", friday, at(2026, 1, 14, 8, 0), True),
}
for title, (kind, event, sent, late) in rows.items():
    Submission.objects.create(committee=committee, unit=unit, author=author, kind=kind, title=title,
                              event_date=event, first_submitted_at=sent, is_late=late)
executor = MigrationExecutor(connection)
executor.migrate(after)
apps = executor.loader.project_state(after).apps
result = {
    s.title: [s.is_late, timezone.localtime(s.due_at).isoformat() if s.due_at else None]
    for s in apps.get_model("submissions", "Submission").objects.all()
}
print(json.dumps(result))
"""


def test_articles_about_an_event_sent_before_the_change_get_their_due_time_and_late_flag():
    # A separate process: the suite builds its databases without migrations (--nomigrations).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": "sqlite://:memory:"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout.strip().splitlines()[-1])
    # Due by the end of Tuesday 13 January: Monday the 12th was a day off.
    assert items["late article"] == [True, "2026-01-14T00:00:00+07:00"]
    assert items["article in time"] == [False, "2026-01-14T00:00:00+07:00"]
    assert items["article about no event"] == [False, None]
    assert items["draft article"] == [False, None]
    assert items["late news"] == [True, None]  # news was flagged when sent; the migration leaves it
